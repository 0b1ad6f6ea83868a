// RUN: allo-opt %s -p 'top-interface{func="kernel" buffer="A" mode="m_axi" bundle="gmem_a"},top-interface{func="kernel" buffer="n" mode="s_axilite"},top-interface{func="kernel" buffer="B" mode="s_axilite" bundle="ctrl"}' | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/interface.yaml | filecheck %s --check-prefix=HLS

// The port is a parameter attribute; the function becomes the top.
// CHECK-LABEL: func.func @kernel(
// CHECK-SAME:    %A: memref<8xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem_a"}},
// CHECK-SAME:    %B: memref<8xi32> {fpga.interface = {mode = "s_axilite", bundle = "ctrl"}},
// CHECK-SAME:    %n: i32 {fpga.interface = {mode = "s_axilite"}})
// CHECK-SAME:    attributes {fpga.top}

// Ports first (m_axi with offset=slave; s_axilite on `control` unless a
// bundle is given), then the return port, then the other pragmas. A later
// interface of the same parameter (B) replaces the first.
// HLS-LABEL: void kernel(int32_t A[8], int32_t B[8], int32_t n) {
// HLS-NEXT:    #pragma HLS interface m_axi port=A offset=slave bundle=gmem_a
// HLS-NEXT:    #pragma HLS interface m_axi port=B offset=slave{{$}}
// HLS-NEXT:    #pragma HLS interface s_axilite port=n bundle=control
// HLS-NEXT:    #pragma HLS interface s_axilite port=return bundle=control
// HLS-NEXT:    #pragma HLS dataflow
// HLS-NEXT:    l_i: for (int i = 0; i < 8; i++) {

func.func @kernel(%A: memref<8xi32>, %B: memref<8xi32>, %n: i32) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = arith.addi %a, %n : i32
    affine.store %b, %B[%i] : memref<8xi32>
  }
  return
}
