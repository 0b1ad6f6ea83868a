// A[i][j] = A[i - 1][j + 1] + 1: the value written at (i, j) is read at
// (i + 1, j - 1), a dependence with direction (<, >); with j outside, the
// read would run first.
// RUN: not allo-opt %s -p 'loop-reorder{func="wave" loops="j","i"}' 2>&1 | filecheck %s --check-prefix=WAVE
// WAVE: invalid.mlir:[[# @LINE + 25]]:3: error: cannot reorder 'j' before 'i': dependence on A from store A[i, j] to load A[i - 1, j + 1] has direction (<, >) over (i, j)

// RUN: not allo-opt %s -p 'loop-split{func="wave" loop="i" factor=2},loop-reorder{func="wave" loops="i.inner","i.outer"}' 2>&1 | filecheck %s --check-prefix=BOUNDS
// BOUNDS: invalid.mlir:[[# @LINE + 22]]:3: error: cannot reorder: the bounds of loop 'i.inner' depend on loop 'i.outer', which must stay outside it

// RUN: not allo-opt %s -p 'loop-reorder{func="tri" loops="j","i"}' 2>&1 | filecheck %s --check-prefix=TRI
// TRI: invalid.mlir:[[# @LINE + 31]]:5: error: cannot reorder: the bounds of loop 'j' depend on loop 'i', which must stay outside it

// RUN: not allo-opt %s -p 'loop-reorder{func="sum" loops="k","i"}' 2>&1 | filecheck %s --check-prefix=PERFECT
// PERFECT: invalid.mlir:[[# @LINE + 45]]:7: error: cannot reorder: the loops are not perfectly nested; the body of loop 'j' holds 'affine.store' besides the next loop

// RUN: not allo-opt %s -p 'loop-reorder{func="total" loops="j","i"}' 2>&1 | filecheck %s --check-prefix=ITER
// ITER: invalid.mlir:[[# @LINE + 66]]:3: error: cannot reorder: loop 'i' carries values (iter_args) across iterations

// RUN: not allo-opt %s -p 'loop-reorder{func="two" loops="S_i_1:j","S_i_0:i"}' 2>&1 | filecheck %s --check-prefix=NEST
// NEST: invalid.mlir:[[# @LINE + 53]]:5: error: cannot reorder: loops 'i' and 'j' are not in one loop nest

// RUN: not allo-opt %s -p 'loop-reorder{func="wave" loops="i","i"}' 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: error: cannot reorder: loop 'i' is named more than once

// RUN: not allo-opt %s -p 'loop-reorder{func="wave" loops="j","x"}' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: in function 'wave': unknown loop 'x'; existing loops: S_i_0:i, S_i_0:j

func.func @wave(%A: memref<6x6xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 1 to 6 {
    affine.for %j = 0 to 5 {
      %v = affine.load %A[%i - 1, %j + 1] : memref<6x6xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %A[%i, %j] : memref<6x6xi32>
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

func.func @sum(%A: memref<4x4x4xi32>, %B: memref<4x4xi32>) {
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %s = affine.for %k = 0 to 4 iter_args(%acc = %zero) -> (i32) {
        %a = affine.load %A[%i, %j, %k] : memref<4x4x4xi32>
        %t = arith.addi %acc, %a : i32
        affine.yield %t : i32
      }
      affine.store %s, %B[%i, %j] : memref<4x4xi32>
    }
  }
  return
}

func.func @two(%A: memref<4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %v, %A[%i, %j] : memref<4x4xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %v, %A[%i, %j] : memref<4x4xi32>
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
