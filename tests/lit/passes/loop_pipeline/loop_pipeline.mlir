// RUN: allo-opt %s -p 'loop-pipeline{func="gemm" loop="j" ii=2 rewind=true},loop-pipeline{func="gemm" loop="k"}' | filecheck %s
// RUN: allo-opt %s -p 'loop-pipeline{func="gemm" loop="j" ii=2 rewind=true},loop-pipeline{func="gemm" loop="k"}' -t hls-cpp | filecheck %s --check-prefix=HLS
// The pipeline primitive only annotates; II defaults to 1, rewind to false.

// CHECK-LABEL: func.func @gemm
// CHECK:       } {loop_name = "k", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:  } {loop_name = "j", fpga.pipeline_ii = 2 : i64, fpga.rewind}
// CHECK-NEXT:  } {loop_name = "i", op_name = "S_i_0"}

// HLS:      l_i: for (
// HLS-NEXT: l_j: for (
// HLS-NEXT: {{^ *}}#pragma HLS pipeline II=2 rewind{{$}}
// HLS-NEXT: l_k: for (
// HLS-NEXT: {{^ *}}#pragma HLS pipeline II=1{{$}}
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

// Pipelining a loop again replaces its II and drops a rewind not asked for.
// RUN: allo-opt %s -p 'loop-pipeline{func="gemm" loop="j" ii=2 rewind=true},loop-pipeline{func="gemm" loop="j" ii=3}' | filecheck %s --check-prefix=AGAIN
// AGAIN: } {loop_name = "j", fpga.pipeline_ii = 3 : i64}
