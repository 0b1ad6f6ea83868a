from xdsl.ir import Dialect

FPGA = Dialect("fpga", [], [])
