// RUN: not allo-opt %s -p 'loop-fuse{func="f" loops="i"}' 2>&1 | filecheck %s --check-prefix=ONE
// ONE: error: cannot fuse i: fuse needs at least two loops

// RUN: not allo-opt %s -p 'loop-fuse{func="f" loops="i","k"}' 2>&1 | filecheck %s --check-prefix=GAP
// GAP: invalid.mlir:[[# @LINE + 18]]:3: error: cannot fuse i, k: loops 'i', 'k' must be consecutive and perfectly nested, each directly and alone inside the previous one

// RUN: not allo-opt %s -p 'loop-fuse{func="tri" loops="i","j"}' 2>&1 | filecheck %s --check-prefix=BOUNDS
// BOUNDS: invalid.mlir:[[# @LINE + 28]]:5: error: cannot fuse i, j: loop 'j' does not have constant bounds

// RUN: not allo-opt %s -p 'loop-unroll{func="f" loop="i" factor=2},loop-pipeline{func="f" loop="j"},loop-fuse{func="f" loops="i","j"}' 2>&1 | filecheck %s --check-prefix=HINT
// HINT: invalid.mlir:[[# @LINE + 13]]:5: error: cannot fuse i, j: loop 'i' carries fpga.unroll = 2 and loop 'j' carries fpga.pipeline_ii = 1; the fused loop can keep only one set of hints

// RUN: not allo-opt %s -p 'loop-fuse{func="total" loops="i","j"}' 2>&1 | filecheck %s --check-prefix=ITER
// ITER: invalid.mlir:[[# @LINE + 32]]:3: error: cannot fuse i, j: loop 'i' carries values (iter_args) across iterations

// RUN: not allo-opt %s -p 'loop-fuse{func="empty" loops="i","j"}' 2>&1 | filecheck %s --check-prefix=EMPTY
// EMPTY: invalid.mlir:[[# @LINE + 43]]:5: error: cannot fuse i, j: loop 'j' has no iterations

// RUN: not allo-opt %s -p 'loop-fuse{func="f" loops="i","i"}' 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: error: cannot fuse i, i: loop 'i' is named more than once

func.func @f(%A: memref<4x4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 4 {
        %v = affine.load %A[%i, %j, %k] : memref<4x4x4xi32>
        affine.store %v, %A[%i, %j, %k] : memref<4x4x4xi32>
      }
    }
  }
  return
}

func.func @tri(%A: memref<10x10xi32>) {
  affine.for %i = 0 to 10 {
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to 10 {
      %v = affine.load %A[%j, %i] : memref<10x10xi32>
      affine.store %v, %A[%i, %j] : memref<10x10xi32>
    }
  }
  return
}

func.func @total(%A: memref<4x4xi32>, %R: memref<1xi32>) {
  %zero = arith.constant 0 : i32
  %r = affine.for %i = 0 to 4 iter_args(%acc = %zero) -> (i32) {
    %s = affine.for %j = 0 to 4 iter_args(%a = %acc) -> (i32) {
      %v = affine.load %A[%i, %j] : memref<4x4xi32>
      %t = arith.addi %a, %v : i32
      affine.yield %t : i32
    }
    affine.yield %s : i32
  }
  affine.store %r, %R[0] : memref<1xi32>
  return
}

func.func @empty(%A: memref<4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 3 to 3 {
      %v = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %v, %A[%i, %j] : memref<4x4xi32>
    }
  }
  return
}
