// RUN: allo-opt %s -p 'loop-unroll{func="gemm" loop="k" factor=4},loop-unroll{func="gemm" loop="j"}' | filecheck %s
// RUN: allo-opt %s -p 'loop-unroll{func="gemm" loop="k" factor=4},loop-unroll{func="gemm" loop="j"}' -t hls-cpp | filecheck %s --check-prefix=HLS
// The unroll primitive only annotates: the IR keeps its loops, and the HLS
// emitter prints the pragma as the first line of the loop body.

// CHECK-LABEL: func.func @gemm
// CHECK:       affine.for %k = 0 to 8 {
// CHECK-NOT:   affine.for
// CHECK:       } {loop_name = "k", fpga.unroll = 4 : i64}
// CHECK-NEXT:  } {loop_name = "j", fpga.unroll = 0 : i64}
// CHECK-NEXT:  } {loop_name = "i", op_name = "S_i_0"}

// HLS:      l_i: for (
// HLS-NOT:  #pragma
// HLS:      l_j: for (
// HLS-NEXT: {{^ *}}#pragma HLS unroll{{$}}
// HLS-NEXT: l_k: for (
// HLS-NEXT: {{^ *}}#pragma HLS unroll factor=4{{$}}
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

// A factor equal to the trip count is accepted; the last annotation wins.
// RUN: allo-opt %s -p 'loop-unroll{func="gemm" loop="k" factor=2},loop-unroll{func="gemm" loop="k" factor=8}' | filecheck %s --check-prefix=LAST
// LAST: } {loop_name = "k", fpga.unroll = 8 : i64}
