// RUN: allo-opt %s -p 'loop-reorder{func="gemm" loops="k","i"}' | filecheck %s
// RUN: allo-opt %s -p 'loop-reorder{func="gemm" loops="j","k","i"}' | filecheck %s --check-prefix=ROTATE
// RUN: allo-opt %s -p 'loop-split{func="gemm" loop="i" factor=3},loop-reorder{func="gemm" loops="j","i.inner"},loop-pipeline{func="gemm" loop="i.inner"}' | filecheck %s --check-prefix=SPLIT
// RUN: allo-opt %s -p 'loop-split{func="gemm" loop="i" factor=3},loop-reorder{func="gemm" loops="j","i.inner"},loop-pipeline{func="gemm" loop="i.inner"}' -t hls-cpp | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s -p 'loop-reorder{func="column" loops="j","i"}' | filecheck %s --check-prefix=CARRIED

// The named loops swap positions; j, not named, stays in the middle. Loops
// keep their names, the band name stays on the outermost loop.
// CHECK-LABEL: func.func @gemm
// CHECK:       affine.for %[[K:.*]] = 0 to 8 {
// CHECK-NEXT:    affine.for %[[J:.*]] = 0 to 8 {
// CHECK-NEXT:      affine.for %[[I:.*]] = 0 to 8 {
// CHECK-NEXT:        affine.load %{{.*}}[%[[I]], %[[K]]]
// CHECK:           } {loop_name = "i"}
// CHECK-NEXT:    } {loop_name = "j"}
// CHECK-NEXT:  } {loop_name = "k", op_name = "S_i_0"}

// ROTATE-LABEL: func.func @gemm
// ROTATE:       } {loop_name = "i"}
// ROTATE-NEXT:  } {loop_name = "k"}
// ROTATE-NEXT:  } {loop_name = "j", op_name = "S_i_0"}

// The min bound of i.inner reads i.outer, which stays outside it; the
// pipeline hint set afterwards lands on i.inner.
// SPLIT-LABEL: func.func @gemm
// SPLIT:       affine.for %[[IO:.*]] = 0 to 3 {
// SPLIT-NEXT:    affine.for %[[J:.*]] = 0 to 8 {
// SPLIT-NEXT:      affine.for %[[II:.*]] = 0 to min affine_map<(d0) -> (3, ((d0 * -3) + 8))>(%[[IO]]) {
// SPLIT-NEXT:        affine.for %[[K:.*]] = 0 to 8 {
// SPLIT:             } {loop_name = "k"}
// SPLIT-NEXT:      } {loop_name = "i.inner", fpga.pipeline_ii = 1 : i64}
// SPLIT-NEXT:    } {loop_name = "j"}
// SPLIT-NEXT:  } {loop_name = "i.outer", op_name = "S_i_0"}

// HLS:      l_i_outer: for (int i_outer = 0; i_outer < 3; i_outer++) {
// HLS-NEXT:   l_j: for (int j = 0; j < 8; j++) {
// HLS-NEXT:     l_i_inner: for (int i_inner = 0; i_inner < std::min(3, i_outer * -3 + 8); i_inner++) {
// HLS-NEXT:       #pragma HLS pipeline II=1
// HLS-NEXT:       l_k: for (int k = 0; k < 8; k++) {

// A dependence carried by i alone, direction (<, =), allows the swap.
// CARRIED-LABEL: func.func @column
// CARRIED:       affine.for %[[J:.*]] = 0 to 6 {
// CARRIED-NEXT:    affine.for %[[I:.*]] = 1 to 6 {
// CARRIED-NEXT:      affine.load %{{.*}}[%[[I]] + -1, %[[J]]]
// CARRIED:         } {loop_name = "i"}
// CARRIED-NEXT:  } {loop_name = "j", op_name = "S_i_0"}

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

func.func @column(%A: memref<6x6xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 1 to 6 {
    affine.for %j = 0 to 6 {
      %v = affine.load %A[%i - 1, %j] : memref<6x6xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %A[%i, %j] : memref<6x6xi32>
    }
  }
  return
}
