// Hardware hints follow the loop they annotate, so hints may come before
// split and tile: the outer loop keeps pipeline and unroll-by-factor (as in
// Allo); a full unroll and parallel go on both loops; dataflow goes to the
// inner loop, which holds the body. Reorder moves hints with their loop.
// RUN: allo-opt %s -p 'loop-pipeline{func="f" loop="j" ii=2 rewind=true},loop-split{func="f" loop="j" factor=2}' | filecheck %s --check-prefix=PIPE
// RUN: allo-opt %s -p 'loop-unroll{func="f" loop="j"},loop-parallel{func="f" loop="i"},loop-split{func="f" loop="j" factor=2},loop-split{func="f" loop="i" factor=3}' | filecheck %s --check-prefix=BOTH
// RUN: allo-opt %s -p 'mark-dataflow{func="f" loop="i"},loop-split{func="f" loop="i" factor=3}' | filecheck %s --check-prefix=FLOW
// RUN: allo-opt %s -p 'loop-pipeline{func="f" loop="j"},loop-unroll{func="f" loop="i" factor=2},loop-tile{func="f" loops="i","j" factors=3,2}' | filecheck %s --check-prefix=TILE
// RUN: allo-opt %s -p 'loop-pipeline{func="f" loop="j"},loop-split{func="f" loop="j" factor=2}' -t hls-cpp | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s -p 'loop-unroll{func="f" loop="i" factor=2},loop-pipeline{func="f" loop="j"},loop-reorder{func="f" loops="j","i"}' | filecheck %s --check-prefix=REORDER

// PIPE:       affine.for %{{.*}} = 0 to 6 {
// PIPE-NEXT:    affine.for %{{.*}} = 0 to 2 {
// PIPE-NEXT:      affine.for %{{.*}} = 0 to 2 {
// PIPE:           } {loop_name = "j.inner"}
// PIPE-NEXT:    } {loop_name = "j.outer", fpga.pipeline_ii = 2 : i64, fpga.rewind}
// PIPE-NEXT:  } {loop_name = "i", op_name = "S_i_0"}

// BOTH:         } {loop_name = "j.inner", fpga.unroll = 0 : i64}
// BOTH-NEXT:    } {loop_name = "j.outer", fpga.unroll = 0 : i64}
// BOTH-NEXT:  } {loop_name = "i.inner", fpga.parallel}
// BOTH-NEXT: } {loop_name = "i.outer", op_name = "S_i_0", fpga.parallel}

// FLOW:         } {loop_name = "j"}
// FLOW-NEXT:  } {loop_name = "i.inner", fpga.dataflow}
// FLOW-NEXT: } {loop_name = "i.outer", op_name = "S_i_0"}

// TILE:                } {loop_name = "j.inner"}
// TILE-NEXT:         } {loop_name = "i.inner"}
// TILE-NEXT:       } {loop_name = "j.outer", fpga.pipeline_ii = 1 : i64}
// TILE-NEXT:     } {loop_name = "i.outer", fpga.unroll = 2 : i64, op_name = "S_i_0"}

// REORDER:       } {loop_name = "i", fpga.unroll = 2 : i64}
// REORDER-NEXT:  } {loop_name = "j", fpga.pipeline_ii = 1 : i64, op_name = "S_i_0"}

// HLS:      l_j_outer: for (int j_outer = 0; j_outer < 2; j_outer++) {
// HLS-NEXT: #pragma HLS pipeline II=1
// HLS-NEXT:   l_j_inner: for (int j_inner = 0; j_inner < 2; j_inner++) {

func.func @f(%A: memref<6x4xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<6x4xi32>
      %w = arith.addi %v, %v : i32
      affine.store %w, %A[%i, %j] : memref<6x4xi32>
    }
  }
  return
}
