// RUN: allo-opt %s -p 'loop-tile{func="gemm" loops="i","j" factors=4,2}' | filecheck %s
// RUN: allo-opt %s -p 'loop-tile{func="gemm" loops="i","j","k" factors=2,3,4}' | filecheck %s --check-prefix=DEEP
// RUN: allo-opt %s -p 'loop-tile{func="gemm" loops="j","k" factors=3,8}' -t hls-cpp | filecheck %s --check-prefix=HLS

// CHECK-LABEL: func.func @gemm
// CHECK:       affine.for %[[IO:.*]] = 0 to 2 {
// CHECK-NEXT:    affine.for %[[JO:.*]] = 0 to 4 {
// CHECK-NEXT:      affine.for %[[II:.*]] = 0 to 4 {
// CHECK-NEXT:        affine.for %[[JI:.*]] = 0 to 2 {
// CHECK-NEXT:          affine.for %[[K:.*]] = 0 to 8 {
// CHECK-NEXT:            affine.load %{{.*}}[%[[IO]] * 4 + %[[II]], %[[K]]]
// CHECK-NEXT:            affine.load %{{.*}}[%[[K]], %[[JO]] * 2 + %[[JI]]]
// CHECK:               } {loop_name = "k"}
// CHECK-NEXT:        } {loop_name = "j.inner"}
// CHECK-NEXT:      } {loop_name = "i.inner"}
// CHECK-NEXT:    } {loop_name = "j.outer"}
// CHECK-NEXT:  } {loop_name = "i.outer", op_name = "S_i_0"}

// Three loops; 8 = 3 + 3 + 2 gives j.inner a min bound on j.outer, which
// stays outside it.
// DEEP:       affine.for %[[IO:.*]] = 0 to 4 {
// DEEP-NEXT:    affine.for %[[JO:.*]] = 0 to 3 {
// DEEP-NEXT:      affine.for %[[KO:.*]] = 0 to 2 {
// DEEP-NEXT:        affine.for %[[II:.*]] = 0 to 2 {
// DEEP-NEXT:          affine.for %[[JI:.*]] = 0 to min affine_map<(d0) -> (3, ((d0 * -3) + 8))>(%[[JO]]) {
// DEEP-NEXT:            affine.for %[[KI:.*]] = 0 to 4 {
// DEEP-NEXT:              affine.load %{{.*}}[%[[IO]] * 2 + %[[II]], %[[KO]] * 4 + %[[KI]]]
// DEEP:                 } {loop_name = "k.inner"}
// DEEP-NEXT:          } {loop_name = "j.inner"}
// DEEP-NEXT:        } {loop_name = "i.inner"}
// DEEP-NEXT:      } {loop_name = "k.outer"}
// DEEP-NEXT:    } {loop_name = "j.outer"}
// DEEP-NEXT:  } {loop_name = "i.outer", op_name = "S_i_0"}

// HLS:      l_i: for (int i = 0; i < 8; i++) {
// HLS-NEXT:   l_j_outer: for (int j_outer = 0; j_outer < 3; j_outer++) {
// HLS-NEXT:     l_k_outer: for (int k_outer = 0; k_outer < 1; k_outer++) {
// HLS-NEXT:       l_j_inner: for (int j_inner = 0; j_inner < std::min(3, j_outer * -3 + 8); j_inner++) {
// HLS-NEXT:         l_k_inner: for (int k_inner = 0; k_inner < 8; k_inner++) {
// HLS-NEXT:           float a = A[i][k_outer * 8 + k_inner];

func.func @gemm(%A: memref<8x8xf32>, %B: memref<8x8xf32>, %C: memref<8x8xf32>) {
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      affine.for %k = 0 to 8 {
        %a = affine.load %A[%i, %k] : memref<8x8xf32>
        %b = affine.load %B[%k, %j] : memref<8x8xf32>
        %c = affine.load %C[%i, %j] : memref<8x8xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<8x8xf32>
      }
    }
  }
  return
}
