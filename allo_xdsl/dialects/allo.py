from xdsl.ir import Dialect

Allo = Dialect("allo", [], [])
