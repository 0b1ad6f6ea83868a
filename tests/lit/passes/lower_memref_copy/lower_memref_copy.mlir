// memref.copy becomes an affine.for nest (named copy_dK) of loads and
// stores; a copy into a subview then folds into the underlying buffer.
// RUN: allo-opt %s | filecheck %s

// CHECK-LABEL: func.func @plain
// CHECK:      affine.for %copy_d0 = 0 to 2 {
// CHECK-NEXT:   affine.for %copy_d1 = 0 to 3 {
// CHECK-NEXT:     %{{.*}} = affine.load %A[%copy_d0, %copy_d1] : memref<2x3xi32>
// CHECK-NEXT:     affine.store %{{.*}}, %B[%copy_d0, %copy_d1] : memref<2x3xi32>
// CHECK:      } {loop_name = "copy_d0", op_name = "S_copy_d0_0"}
func.func @plain(%A: memref<2x3xi32>, %B: memref<2x3xi32>) {
  memref.copy %A, %B : memref<2x3xi32> to memref<2x3xi32>
  return
}

// CHECK-LABEL: func.func @into_subview
// CHECK-NOT: memref.subview
// CHECK:      affine.for %copy_d0 = 0 to 2 {
// CHECK-NEXT:   affine.for %copy_d1 = 0 to 3 {
// CHECK-NEXT:     %{{.*}} = affine.load %A[%copy_d0, %copy_d1] : memref<2x3xi32>
// CHECK-NEXT:     affine.store %{{.*}}, %P[%copy_d0 + 1, %copy_d1 + 1] : memref<4x5xi32>
func.func @into_subview(%A: memref<2x3xi32>, %P: memref<4x5xi32>) {
  %v = memref.subview %P[1, 1] [2, 3] [1, 1] : memref<4x5xi32> to memref<2x3xi32, strided<[5, 1], offset: 6>>
  memref.copy %A, %v : memref<2x3xi32> to memref<2x3xi32, strided<[5, 1], offset: 6>>
  return
}
