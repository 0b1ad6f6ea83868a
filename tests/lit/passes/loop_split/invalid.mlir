// RUN: not allo-opt %s -p 'loop-split{func="f" loop="i" factor=0}' 2>&1 | filecheck %s --check-prefix=ZERO
// ZERO: invalid.mlir:[[# @LINE + 21]]:3: error: cannot split loop 'i': the factor must be at least 1, got 0

// RUN: not allo-opt %s -p 'loop-split{func="f" loop="i" factor=9}' 2>&1 | filecheck %s --check-prefix=LARGE
// LARGE: invalid.mlir:[[# @LINE + 18]]:3: error: cannot split loop 'i' by 9: the factor is larger than its trip count 8

// RUN: not allo-opt %s -p 'loop-split{func="f" loop="i" factor=2},loop-split{func="f" loop="i" factor=2}' 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: error: in function 'f': unknown loop 'i'; existing loops: S_i_0:i.inner, S_i_0:i.outer, S_j_1:j

// RUN: not allo-opt %s -p 'loop-unroll{func="f" loop="i" factor=8},loop-split{func="f" loop="i" factor=2}' 2>&1 | filecheck %s --check-prefix=HINT
// HINT: invalid.mlir:[[# @LINE + 12]]:3: error: cannot split loop 'i' by 2: its unroll factor 8, which 'i.outer' would keep, is larger than that loop's trip count 4; split first, then unroll

// RUN: not allo-opt %s -p 'loop-split{func="f" loop="j" factor=2}' 2>&1 | filecheck %s --check-prefix=MAX
// MAX: invalid.mlir:[[# @LINE + 13]]:3: error: cannot split loop 'j': its lower bound is a max of several values

// i.inner runs min(3, 8 - 3 * i.outer) <= 3 times, so 4 is too large.
// RUN: not allo-opt %s -p 'loop-split{func="f" loop="i" factor=3},loop-split{func="f" loop="i.inner" factor=4}' 2>&1 | filecheck %s --check-prefix=MAXTRIP
// MAXTRIP: error: cannot split loop 'i.inner' by 4: the factor is larger than its trip count 3

// RUN: not allo-opt %s -p 'loop-split{func="f" loop="x" factor=2}' 2>&1 | filecheck %s --check-prefix=LOOP
// LOOP: error: in function 'f': unknown loop 'x'; existing loops: S_i_0:i, S_j_1:j
func.func @f(%A: memref<8xf32>, %n: index) {
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xf32>
    affine.store %v, %A[%i] : memref<8xf32>
  }
  affine.for %j = max affine_map<(d0) -> (d0, 2)>(%n) to 8 {
    %v = affine.load %A[%j] : memref<8xf32>
    affine.store %v, %A[%j] : memref<8xf32>
  }
  return
}
