// affine.parallel (custom syntax) becomes an affine.for nest marked
// parallel, one loop per variable, named after it; max/min bounds and
// steps are kept.
// RUN: allo-opt %s | filecheck %s
// RUN: allo-opt %s -t hls-cpp | filecheck %s --check-prefix=CPP

// CHECK-LABEL: func.func @f
// CHECK:      affine.for %i = 0 to 8 step 2 {
// CHECK-NEXT:   affine.for %j = max affine_map<(d0) -> (0, (d0 + -2))>(%i) to min affine_map<(d0) -> (6, (d0 + 4))>(%i) {
// CHECK-NEXT:     %x = affine.load %A[%i, %j] : memref<8x6xf32>
// CHECK-NEXT:     affine.store %x, %B[%j, %i] : memref<6x8xf32>
// CHECK-NEXT:   } {loop_name = "j", fpga.parallel}
// CHECK-NEXT: } {loop_name = "i", fpga.parallel, op_name = "S_i_0"}
// CPP: l_i: for (int i = 0; i < 8; i += 2) {
// CPP:   l_j: for (int j = std::max(0, i - 2); j < std::min(6, i + 4); j++) {
func.func @f(%A: memref<8x6xf32>, %B: memref<6x8xf32>) {
  affine.parallel (%i) = (0) to (8) step (2) {
    affine.parallel (%j) = (max(0, %i - 2)) to (min(6, %i + 4)) {
      %x = affine.load %A[%i, %j] : memref<8x6xf32>
      affine.store %x, %B[%j, %i] : memref<6x8xf32>
    }
  }
  return
}
