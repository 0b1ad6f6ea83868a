// RUN: not allo-opt %s -p lower-affine-ext 2>&1 | filecheck %s

// CHECK: invalid.mlir:[[# @LINE + 2]]:3: error: lower-affine-ext: 'affine.parallel' is not supported
func.func @f(%A: memref<4xf32>) {
  "affine.parallel"() <{lowerBoundsGroups = dense<1> : vector<1xi32>, lowerBoundsMap = affine_map<() -> (0)>, reductions = [], steps = [1], upperBoundsGroups = dense<1> : vector<1xi32>, upperBoundsMap = affine_map<() -> (4)>}> ({
  ^bb0(%i: index):
    "affine.yield"() : () -> ()
  }) : () -> ()
  return
}
