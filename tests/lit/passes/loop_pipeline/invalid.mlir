// RUN: not allo-opt %s -p 'loop-pipeline{func="f" loop="i" ii=0}' 2>&1 | filecheck %s --check-prefix=II
// II: invalid.mlir:[[# @LINE + 6]]:3: error: loop 'i': pipeline II must be >= 1, got 0

// RUN: not allo-opt %s -p 'loop-pipeline{func="f" loop="j"}' 2>&1 | filecheck %s --check-prefix=LOOP
// LOOP: error: in function 'f': unknown loop 'j'; existing loops: S_i_0:i

func.func @f(%A: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xf32>
    affine.store %v, %A[%i] : memref<8xf32>
  }
  return
}
