// RUN: allo-opt %s -p 'vitis-interfaces{top="kernel"}' | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/vitis.yaml | filecheck %s --check-prefix=HLS

// Arrays (parameters and returned) get m_axi on bundles of their own in
// order, scalars s_axilite, a stream nothing (Vitis makes it an AXI
// stream); the returned scalar is a port too.
// CHECK-LABEL: func.func @kernel(
// CHECK-SAME:    %A: memref<8xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem0"}},
// CHECK-SAME:    %n: i32 {fpga.interface = {mode = "s_axilite"}},
// CHECK-SAME:    %S: !fpga.stream<i32, 2>,
// CHECK-SAME:    %B: memref<8xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem1"}})
// CHECK-SAME:    -> (memref<8xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem2"}}, i32 {fpga.interface = {mode = "s_axilite"}})
// CHECK-SAME:    attributes {fpga.top}

// With `interface` steps first: their ports stay (B keeps gmem1, so the
// fresh bundles skip it), and an m_axi without a bundle gets one.
// HLS-LABEL: void kernel(
// HLS-NEXT:    int32_t A[8],
// HLS-NEXT:    int32_t n,
// HLS-NEXT:    hls::stream<int32_t> &S,
// HLS-NEXT:    int32_t B[8],
// HLS-NEXT:    int32_t C[8],
// HLS-NEXT:    int32_t *out1
// HLS-NEXT:  ) {
// HLS-NEXT:    #pragma HLS interface m_axi port=A offset=slave bundle=gmem0
// HLS-NEXT:    #pragma HLS interface s_axilite port=n bundle=control
// HLS-NEXT:    #pragma HLS interface m_axi port=B offset=slave bundle=gmem1
// HLS-NEXT:    #pragma HLS interface m_axi port=C offset=slave bundle=gmem2
// HLS-NEXT:    #pragma HLS interface s_axilite port=out1 bundle=control
// HLS-NEXT:    #pragma HLS interface s_axilite port=return bundle=control

func.func @kernel(%A: memref<8xi32>, %n: i32, %S: !fpga.stream<i32, 2>, %B: memref<8xi32>) -> (memref<8xi32>, i32) {
  %C = memref.alloc() {name = "C"} : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %s = fpga.stream_get %S : !fpga.stream<i32, 2>
    %b = arith.addi %a, %s : i32
    affine.store %b, %B[%i] : memref<8xi32>
    affine.store %b, %C[%i] : memref<8xi32>
  }
  return %C, %n : memref<8xi32>, i32
}
