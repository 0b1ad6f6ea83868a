// RUN: allo-opt %s -p 'loop-fuse{func="gemm" loops="i","j"}' | filecheck %s
// RUN: allo-opt %s -p 'loop-fuse{func="gemm" loops="i","j","k"}' | filecheck %s --check-prefix=ALL
// RUN: allo-opt %s -p 'loop-fuse{func="offset" loops="i","j"},loop-unroll{func="offset" loop="i_j_fused" factor=3}' | filecheck %s --check-prefix=OFFSET
// RUN: allo-opt %s -p 'loop-fuse{func="offset" loops="i","j"},loop-unroll{func="offset" loop="i_j_fused" factor=3}' -t hls-cpp | filecheck %s --check-prefix=HLS

// CHECK-LABEL: func.func @gemm
// CHECK:       affine.for %[[F:.*]] = 0 to 64 {
// CHECK-NEXT:    affine.for %[[K:.*]] = 0 to 8 {
// CHECK-NEXT:      affine.load %{{.*}}[%[[F]] floordiv 8, %[[K]]]
// CHECK-NEXT:      affine.load %{{.*}}[%[[K]], %[[F]] mod 8]
// CHECK-NEXT:      affine.load %{{.*}}[%[[F]] floordiv 8, %[[F]] mod 8]
// CHECK:           affine.store %{{.*}}, %{{.*}}[%[[F]] floordiv 8, %[[F]] mod 8]
// CHECK-NEXT:    } {loop_name = "k"}
// CHECK-NEXT:  } {loop_name = "i_j_fused", op_name = "S_i_0"}

// ALL:       affine.for %[[F:.*]] = 0 to 512 {
// ALL-NEXT:    affine.load %{{.*}}[%[[F]] floordiv 64, %[[F]] mod 8]
// ALL-NEXT:    affine.load %{{.*}}[%[[F]] mod 8, %[[F]] floordiv 8 mod 8]
// ALL:       } {loop_name = "i_j_k_fused", op_name = "S_i_0"}

// i in 1, 3, 5 and j in 2, 3, 4, 5: 12 iterations, i = (f floordiv 4) * 2 + 1,
// j = f mod 4 + 2.
// OFFSET-LABEL: func.func @offset
// OFFSET:       affine.for %[[F:.*]] = 0 to 12 {
// OFFSET-NEXT:    affine.load %{{.*}}[%[[F]] floordiv 4 * 2 + 1, %[[F]] mod 4 + 2]
// OFFSET:       } {loop_name = "i_j_fused", op_name = "S_i_0", fpga.unroll = 3 : i64}

// HLS:      l_i_j_fused: for (int i_j_fused = 0; i_j_fused < 12; i_j_fused++) {
// HLS-NEXT:   #pragma HLS unroll factor=3

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

func.func @offset(%A: memref<7x6xi32>, %B: memref<7x6xi32>) {
  affine.for %i = 1 to 7 step 2 {
    affine.for %j = 2 to 6 {
      %v = affine.load %A[%i, %j] : memref<7x6xi32>
      affine.store %v, %B[%i, %j] : memref<7x6xi32>
    }
  }
  return
}
