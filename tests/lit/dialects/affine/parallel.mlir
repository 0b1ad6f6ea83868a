// Malformed affine.parallel in MLIR's custom syntax is a located parse
// error (the input preparation lowers well-formed ones to loops: see
// passes/lower_affine_parallel).
// RUN: allo-opt %s --split-input-file --verify-diagnostics

func.func @f(%A: memref<4xf32>) {
  // expected-error@+1 {{expected as many lower and upper bounds as induction variables}}
  affine.parallel (%i, %j) = (0) to (4, 4) {
    %x = affine.load %A[%i] : memref<4xf32>
  }
  return
}

// -----

func.func @f(%A: memref<4xf32>) {
  // expected-error@+1 {{expected one positive step per variable}}
  affine.parallel (%i) = (0) to (4) step (0) {
    %x = affine.load %A[%i] : memref<4xf32>
  }
  return
}
