// RUN: not allo-opt %s -p convert-scf-to-cf-ext 2>&1 | filecheck %s

// CHECK: invalid.mlir:[[# @LINE + 5]]:3: error: convert-scf-to-cf-ext: 'scf.parallel' is not supported
func.func @f(%A: memref<4xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  "scf.parallel"(%c0, %c4, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    memref.store %v, %A[%i] : memref<4xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  return
}
