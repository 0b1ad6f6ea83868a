func.func @f(%A: memref<8xi32> {fpga.interface = {mode = "axis"}}) {
  return
}
