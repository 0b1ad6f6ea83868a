// RUN: allo-opt %s -p hints-to-attributes | filecheck %s

// CHECK-LABEL: func.func @f(
// CHECK-SAME:    %A: memref<8xi32> {hls.bind_storage = {impl = "bram", type = "ram_2p"}})
// CHECK-SAME:    attributes {hls.inline, hls.dataflow}
// CHECK:         affine.for
// CHECK:         } {loop_name = "j", hls.unroll = 0 : i64}
// CHECK:         } {loop_name = "i", hls.pipeline_ii = 2 : i64, hls.rewind, hls.parallel, op_name = "S_i_0"}
// CHECK-NOT:     fpga.
func.func @f(%A: memref<8xi32> {fpga.bind_storage = {impl = "bram", type = "ram_2p"}})
    attributes {fpga.inline, fpga.dataflow} {
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %v = affine.load %A[%j] : memref<8xi32>
      affine.store %v, %A[%i] : memref<8xi32>
    } {fpga.unroll = 0 : i64}
  } {fpga.pipeline_ii = 2 : i64, fpga.rewind, fpga.parallel}
  return
}
