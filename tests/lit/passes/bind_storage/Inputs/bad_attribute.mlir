func.func @g() {
  %T = memref.alloc() {fpga.bind_storage = {impl = "dram", type = "ram_1p"}} : memref<8xf32>
  return
}
