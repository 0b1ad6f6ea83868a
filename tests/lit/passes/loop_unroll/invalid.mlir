// RUN: not allo-opt %s -p 'loop-unroll{func="f" loop="i" factor=9}' 2>&1 | filecheck %s --check-prefix=LARGE
// LARGE: invalid.mlir:[[# @LINE + 11]]:3: error: unroll factor 9 of loop 'i' is larger than its trip count 8

// RUN: not allo-opt %s -p 'loop-unroll{func="f" loop="i" factor=-1}' 2>&1 | filecheck %s --check-prefix=NEG
// NEG: invalid.mlir:[[# @LINE + 8]]:3: error: loop 'i': unroll factor must be >= 0, got -1

// RUN: not allo-opt %s -p 'loop-unroll{func="f" loop="x" factor=2}' 2>&1 | filecheck %s --check-prefix=LOOP
// LOOP: error: in function 'f': unknown loop 'x'; existing loops: S_i_0:i

// RUN: not allo-opt %s -p 'loop-unroll{func="g" loop="i"}' 2>&1 | filecheck %s --check-prefix=FUNC
// FUNC: error: unknown function 'g'; existing functions: f
func.func @f(%A: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xf32>
    affine.store %v, %A[%i] : memref<8xf32>
  }
  return
}
