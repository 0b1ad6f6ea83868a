// RUN: not allo-opt %s -p returned-memrefs-to-args 2>&1 | filecheck %s

// CHECK: invalid.mlir:[[# @LINE + 1]]:1: error: '@dyn' returns memref<?xf32>, of dynamic shape: returned-memrefs-to-args needs static shapes to allocate the output argument
func.func @dyn(%n: index) -> memref<?xf32> {
  %A = memref.alloc(%n) : memref<?xf32>
  return %A : memref<?xf32>
}
