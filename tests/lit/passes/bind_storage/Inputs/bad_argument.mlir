func.func @g(%A: memref<8xf32> {fpga.bind_storage = "bram"}) {
  return
}
