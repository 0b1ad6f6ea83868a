// RUN: not allo-opt %s -p convert-scf-to-cf-ext 2>&1 | filecheck %s
// (scf.parallel no longer reaches this pass: the input preparation lowers
// it to loops, see passes/lower_scf_parallel.)

// CHECK: invalid.mlir:[[# @LINE + 3]]:3: error: convert-scf-to-cf-ext: 'scf.execute_region' is not supported
func.func @f(%A: memref<4xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  "scf.execute_region"() ({
    memref.store %v, %A[%c0] : memref<4xf32>
    scf.yield
  }) : () -> ()
  return
}
