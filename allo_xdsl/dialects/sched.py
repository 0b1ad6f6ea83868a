from xdsl.ir import Dialect

Sched = Dialect("sched", [], [])
