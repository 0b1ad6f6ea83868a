// RUN: not allo-opt %s -p resolve-dynamic-dims 2>&1 | filecheck %s
// RUN: not allo-opt %s -p 'resolve-dynamic-dims{sizes="B=4x4"}' 2>&1 | filecheck %s --check-prefix=COUNT
// RUN: not allo-opt %s -p 'resolve-dynamic-dims{sizes="B"}' 2>&1 | filecheck %s --check-prefix=BAD
// RUN: not allo-opt %s -t hls-cpp 2>&1 | filecheck %s --check-prefix=CPP

// CHECK: invalid.mlir:[[# @LINE + 9]]:5: error: resolve-dynamic-dims: nothing bounds dimension 0 of argument 'B' of 'f' (memref<?xi32>); state its size with the option sizes="NAME=N"
// COUNT: invalid.mlir:[[# @LINE + 5]]:1: error: resolve-dynamic-dims: 2 sizes given for argument 'B' of 'f' (memref<?xi32>), which has 1 dynamic dimensions
// BAD: allo-opt: error: resolve-dynamic-dims: bad size 'B' (expected BUFFER=N or FUNC:BUFFER=NxM)
// CPP: invalid.mlir:[[# @LINE + 3]]:1: error: hls-cpp: dynamic shapes are not supported (memref<?xi32>); where no loop bounds a dimension, state its extent with -p 'resolve-dynamic-dims{sizes="NAME=N"}'
// The bound of the loop is a runtime value: nothing says how large B is.

func.func @f(%B: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : i32
  affine.for %i = 0 to %n {
    affine.store %c0, %B[%i] : memref<?xi32>
  }
  return
}
