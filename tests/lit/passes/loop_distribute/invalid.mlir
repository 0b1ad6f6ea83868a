// RUN: allo-opt %s --split-input-file --verify-diagnostics -p 'loop-distribute{func="f" loop="i"}'
// RUN: not allo-opt %s --split-input-file -p 'loop-distribute{func="f" loop="x"}' 2>&1 | filecheck %s --check-prefix=NAME

// NAME: error: in function 'f': unknown loop 'x'

// Row i of A is read by the first loop after the second loop wrote it at
// iteration i - 1: distributed, every read would run before every write.
func.func @f(%A: memref<8x4xf32>, %B: memref<8x4xf32>) {
  affine.for %i = 1 to 8 {
    affine.for %j = 0 to 4 {
      // expected-error@+1 {{cannot distribute loop 'i': store A[i, j2] in a later loop of its body is read or written by load A[i - 1, j] in an earlier loop at a later iteration (a backward dependence on A); distributed, the earlier loop would run first}}
      %v = affine.load %A[%i - 1, %j] : memref<8x4xf32>
      affine.store %v, %B[%i, %j] : memref<8x4xf32>
    }
    affine.for %j2 = 0 to 4 {
      %w = affine.load %B[%i, %j2] : memref<8x4xf32>
      affine.store %w, %A[%i, %j2] : memref<8x4xf32>
    }
  }
  return
}

// -----

// One loop in the body: nothing to distribute.
func.func @f(%A: memref<8x4xf32>) {
  // expected-error@+1 {{cannot distribute loop 'i': its body has 1 loop; distribution needs at least two}}
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<8x4xf32>
      affine.store %v, %A[%i, %j] : memref<8x4xf32>
    }
  }
  return
}

// -----

// A load both loops use cannot be repeated in each.
func.func @f(%X: memref<8xf32>, %A: memref<8x4xf32>, %B: memref<8x4xf32>) {
  affine.for %i = 0 to 8 {
    // expected-error@+1 {{cannot distribute loop 'i': 'affine.load' (%x) is used by several of its loops and cannot be recomputed in each (it has side effects)}}
    %x = affine.load %X[%i] : memref<8xf32>
    affine.for %j = 0 to 4 {
      affine.store %x, %A[%i, %j] : memref<8x4xf32>
    }
    affine.for %k = 0 to 4 {
      affine.store %x, %B[%i, %k] : memref<8x4xf32>
    }
  }
  return
}

// -----

func.func @f(%A: memref<8x4xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  // expected-error@+1 {{cannot distribute loop 'i': it carries values (iter_args) across iterations}}
  %r = affine.for %i = 0 to 8 iter_args(%acc = %zero) -> (f32) {
    affine.for %j = 0 to 4 {
      affine.store %zero, %A[%i, %j] : memref<8x4xf32>
    }
    affine.for %k = 0 to 4 {
      affine.store %zero, %A[%i, %k] : memref<8x4xf32>
    }
    affine.yield %acc : f32
  }
  return %r : f32
}

// -----

// The row sum of loop j is read by loop k: the copies cannot share it.
func.func @f(%A: memref<8x4xf32>, %B: memref<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 8 {
    %r = affine.for %j = 0 to 4 iter_args(%acc = %zero) -> (f32) {
      %v = affine.load %A[%i, %j] : memref<8x4xf32>
      %s = arith.addf %acc, %v : f32
      affine.yield %s : f32
    }
    affine.for %k = 0 to 4 {
      // expected-error@+1 {{cannot distribute loop 'i': a result of 'affine.for' is used outside the copy that computes it}}
      affine.store %r, %B[%i, %k] : memref<8x4xf32>
    }
  }
  return
}
