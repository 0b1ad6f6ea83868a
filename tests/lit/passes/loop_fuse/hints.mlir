// The fused loop carries the hints of the loops it replaces (loops without
// hints agree with any), so hints may come before fuse.
// RUN: allo-opt %s -p 'loop-pipeline{func="f" loop="j" ii=2},loop-fuse{func="f" loops="i","j"}' | filecheck %s
// RUN: allo-opt %s -p 'loop-unroll{func="f" loop="i" factor=2},loop-unroll{func="f" loop="j" factor=2},loop-fuse{func="f" loops="i","j"}' | filecheck %s --check-prefix=SAME

// CHECK:       affine.for %{{.*}} = 0 to 16 {
// CHECK:       } {loop_name = "i_j_fused", op_name = "S_i_0", fpga.pipeline_ii = 2 : i64}

// SAME:        } {loop_name = "i_j_fused", op_name = "S_i_0", fpga.unroll = 2 : i64}

func.func @f(%A: memref<4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xi32>
      %w = arith.addi %v, %v : i32
      affine.store %w, %A[%i, %j] : memref<4x4xi32>
    }
  }
  return
}
