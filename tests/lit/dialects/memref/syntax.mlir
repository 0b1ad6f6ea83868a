// memref.global, memref.copy and memref.cast in MLIR's custom syntax read
// and print back (xDSL 0.74 reads them in generic form only).
// RUN: allo-opt %s -p 'lower-llvm-undef' | filecheck %s
// RUN: allo-opt %s | allo-opt | filecheck %s

// CHECK: memref.global "private" constant @w : memref<2x2xi32> = dense<[[1, 2], [3, 4]]> {alignment = 64 : i64}
// CHECK: memref.global @buf : memref<4xf32> = uninitialized
// CHECK: memref.global "private" @splat : memref<3xf32> = dense<1.500000e+00>
// CHECK: %c = memref.cast %A : memref<4xf32> to memref<?xf32>
memref.global "private" constant @w : memref<2x2xi32> = dense<[[1, 2], [3, 4]]> {alignment = 64 : i64}
memref.global @buf : memref<4xf32> = uninitialized
memref.global "private" @splat : memref<3xf32> = dense<1.5>
func.func @f(%A: memref<4xf32>) -> memref<?xf32> {
  %c = memref.cast %A : memref<4xf32> to memref<?xf32>
  return %c : memref<?xf32>
}
