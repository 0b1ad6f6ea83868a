// RUN: allo-opt %s -p 'loop-split{func="gemm" loop="i" factor=4}' | filecheck %s
// RUN: allo-opt %s -p 'loop-split{func="gemm" loop="j" factor=3}' | filecheck %s --check-prefix=MIN
// RUN: allo-opt %s -p 'loop-split{func="gemm" loop="j" factor=3}' -t hls-cpp | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s -p 'loop-split{func="gemm" loop="i" factor=4},loop-split{func="gemm" loop="i.inner" factor=3}' | filecheck %s --check-prefix=NESTED
// RUN: allo-opt %s -p 'loop-split{func="strided" loop="i" factor=2}' | filecheck %s --check-prefix=STRIDED
// RUN: allo-opt %s -p 'loop-split{func="tri" loop="j" factor=4}' | filecheck %s --check-prefix=TRI
// RUN: allo-opt %s -p 'loop-split{func="acc" loop="k" factor=2}' | filecheck %s --check-prefix=ITER

// A dividing factor: constant bounds, the index is outer * 4 + inner, the
// band name stays on the outer loop.
// CHECK-LABEL: func.func @gemm
// CHECK:       affine.for %[[IO:.*]] = 0 to 2 {
// CHECK-NEXT:    affine.for %[[II:.*]] = 0 to 4 {
// CHECK-NEXT:      affine.for %[[J:.*]] = 0 to 8 {
// CHECK-NEXT:        affine.for %[[K:.*]] = 0 to 8 {
// CHECK-NEXT:          affine.load %{{.*}}[%[[IO]] * 4 + %[[II]], %[[K]]]
// CHECK:               affine.store %{{.*}}, %{{.*}}[%[[IO]] * 4 + %[[II]], %[[J]]]
// CHECK:             } {loop_name = "k"}
// CHECK-NEXT:      } {loop_name = "j"}
// CHECK-NEXT:    } {loop_name = "i.inner"}
// CHECK-NEXT:  } {loop_name = "i.outer", op_name = "S_i_0"}

// 8 = 3 + 3 + 2: three outer iterations, the last inner one stops at 8.
// MIN-LABEL: func.func @gemm
// MIN:       affine.for %[[I:.*]] = 0 to 8 {
// MIN-NEXT:    affine.for %[[JO:.*]] = 0 to 3 {
// MIN-NEXT:      affine.for %[[JI:.*]] = 0 to min affine_map<(d0) -> (3, ((d0 * -3) + 8))>(%[[JO]]) {
// MIN:             affine.load %{{.*}}[%{{.*}}, %[[JO]] * 3 + %[[JI]]]
// MIN:           } {loop_name = "j.inner"}
// MIN-NEXT:    } {loop_name = "j.outer"}
// MIN-NEXT:  } {loop_name = "i", op_name = "S_i_0"}

// HLS:      l_j_outer: for (int j_outer = 0; j_outer < 3; j_outer++) {
// HLS-NEXT:   l_j_inner: for (int j_inner = 0; j_inner < std::min(3, j_outer * -3 + 8); j_inner++) {
// HLS:          B[k][j_outer * 3 + j_inner]

// i.inner (0 to 4) split by 3: 2 iterations, then min(3, 4 - 3 * d0).
// NESTED:       affine.for %[[IO:.*]] = 0 to 2 {
// NESTED-NEXT:    affine.for %[[IIO:.*]] = 0 to 2 {
// NESTED-NEXT:      affine.for %[[III:.*]] = 0 to min affine_map<(d0) -> (3, ((d0 * -3) + 4))>(%[[IIO]]) {
// NESTED:               affine.load %{{.*}}[%[[IO]] * 4 + %[[IIO]] * 3 + %[[III]], %{{.*}}]
// NESTED:           } {loop_name = "i.inner.inner"}
// NESTED-NEXT:    } {loop_name = "i.inner.outer"}
// NESTED-NEXT:  } {loop_name = "i.outer", op_name = "S_i_0"}

// 2, 5, 8, 11, 14 (5 iterations) by 2: i = 2 + 3 * (outer * 2 + inner); a
// use outside an affine map reads an affine.apply placed right before it.
// STRIDED-LABEL: func.func @strided
// STRIDED:       affine.for %[[IO:.*]] = 0 to 3 {
// STRIDED-NEXT:    affine.for %[[II:.*]] = 0 to min affine_map<(d0) -> (2, ((d0 * -2) + 5))>(%[[IO]]) {
// STRIDED-NEXT:      affine.load %{{.*}}[%[[IO]] * 6 + %[[II]] * 3 + 2]
// STRIDED-NEXT:      %[[IV:.*]] = affine.apply affine_map<(d0, d1) -> ((((d0 * 6) + (d1 * 3)) + 2))> (%[[IO]], %[[II]])
// STRIDED-NEXT:      arith.index_cast %[[IV]] : index to i32

// Bounds that depend on an outer loop: j in [i, 10) runs 10 - i times.
// TRI-LABEL: func.func @tri
// TRI:       affine.for %[[I:.*]] = 0 to 10 {
// TRI-NEXT:    affine.for %[[JO:.*]] = 0 to affine_map<(d0) -> ((((d0 * -1) + 10) ceildiv 4))>(%[[I]]) {
// TRI-NEXT:      affine.for %[[JI:.*]] = 0 to min affine_map<(d0, d1) -> (4, (((d0 * -4) + (d1 * -1)) + 10))>(%[[JO]], %[[I]]) {
// TRI-NEXT:        affine.load %{{.*}}[%[[I]], %[[I]] + %[[JO]] * 4 + %[[JI]]]

// Loop-carried values go through both loops.
// ITER-LABEL: func.func @acc
// ITER:       %[[S:.*]] = affine.for %{{.*}} = 0 to 3 iter_args(%[[A0:.*]] = %{{.*}}) -> (i32) {
// ITER-NEXT:    %[[R:.*]] = affine.for %{{.*}} = 0 to min affine_map<(d0) -> (2, ((d0 * -2) + 5))>(%{{.*}}) iter_args(%[[A1:.*]] = %[[A0]]) -> (i32) {
// ITER:           arith.addi %[[A1]], %{{.*}} : i32
// ITER:           affine.yield %{{.*}} : i32
// ITER-NEXT:    } {loop_name = "k.inner"}
// ITER-NEXT:    affine.yield %[[R]] : i32
// ITER-NEXT:  } {loop_name = "k.outer", op_name = "S_k_0"}
// ITER-NEXT:  affine.store %[[S]], %{{.*}}[0]

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

func.func @strided(%A: memref<20xi32>, %B: memref<20xi32>) {
  affine.for %i = 2 to 17 step 3 {
    %v = affine.load %A[%i] : memref<20xi32>
    %c = arith.index_cast %i : index to i32
    %w = arith.addi %v, %c : i32
    affine.store %w, %B[%i + 1] : memref<20xi32>
  }
  return
}

func.func @tri(%A: memref<10x10xi32>, %B: memref<10x10xi32>) {
  affine.for %i = 0 to 10 {
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to 10 {
      %v = affine.load %A[%i, %j] : memref<10x10xi32>
      affine.store %v, %B[%j, %i] : memref<10x10xi32>
    }
  }
  return
}

func.func @acc(%A: memref<5xi32>, %R: memref<1xi32>) {
  %zero = arith.constant 0 : i32
  %sum = affine.for %k = 0 to 5 iter_args(%acc = %zero) -> (i32) {
    %a = affine.load %A[%k] : memref<5xi32>
    %s = arith.addi %acc, %a : i32
    affine.yield %s : i32
  }
  affine.store %sum, %R[0] : memref<1xi32>
  return
}
