// RUN: not allo-opt %s -p lower-affine-ext 2>&1 | filecheck %s
// (affine.parallel no longer reaches this pass: the input preparation
// lowers it to affine.for, see passes/lower_affine_parallel.)

// CHECK: invalid.mlir:[[# @LINE + 3]]:5: error: lower-affine-ext: 'affine.vector_load' is not supported
func.func @f(%A: memref<8xf32>) {
  affine.for %i = 0 to 8 step 4 {
    %v = affine.vector_load %A[%i] : memref<8xf32>, vector<4xf32>
  }
  return
}
