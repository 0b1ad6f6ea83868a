// Polygeist's undefined scalars become zeros of their type on input.
// RUN: allo-opt %s | filecheck %s

// CHECK-LABEL: func.func @f
// CHECK-NOT: llvm.mlir.undef
// CHECK: %u = arith.constant 0.000000e+00 : f64
// CHECK: %v = arith.constant 0 : i32
// CHECK: %w = arith.constant 0 : index
func.func @f(%A: memref<1xf64>, %B: memref<1xi32>, %C: memref<1xindex>) {
  %u = llvm.mlir.undef : f64
  %v = llvm.mlir.undef : i32
  %w = llvm.mlir.undef : index
  affine.store %u, %A[0] : memref<1xf64>
  affine.store %v, %B[0] : memref<1xi32>
  affine.store %w, %C[0] : memref<1xindex>
  return
}
