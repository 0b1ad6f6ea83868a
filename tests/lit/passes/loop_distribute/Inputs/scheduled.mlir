// The zeroing loop and the multiply-accumulate of gemm's mm1, scheduled
// by a `sched.schedule` (loop_distribute.mlir checks the output).
func.func @mm1(%A: memref<4x6xf32>, %B: memref<6x5xf32>, %T: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j_zero = 0 to 5 {
      affine.store %zero, %T[%i, %j_zero] : memref<4x5xf32>
    }
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6xf32>
        %b = affine.load %B[%k, %j] : memref<6x5xf32>
        %c = affine.load %T[%i, %j] : memref<4x5xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %T[%i, %j] : memref<4x5xf32>
      }
    }
  }
  return
}

sched.schedule @mm1 {
  sched.distribute "i"
  sched.pipeline "i.1" ii 2
}
