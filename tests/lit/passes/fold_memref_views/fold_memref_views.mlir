// Accesses through subview, expand_shape and collapse_shape become
// accesses of the viewed buffer; views of views fold innermost first.
// RUN: allo-opt %s | filecheck %s

// CHECK-LABEL: func.func @collapse
// CHECK-NOT: collapse_shape
// CHECK: %x = affine.load %A[%i floordiv 12, %i floordiv 4 mod 3, %i mod 4] : memref<2x3x4xf32>
func.func @collapse(%A: memref<2x3x4xf32>, %B: memref<24xf32>) {
  %v = memref.collapse_shape %A [[0, 1, 2]] : memref<2x3x4xf32> into memref<24xf32>
  affine.for %i = 0 to 24 {
    %x = affine.load %v[%i] : memref<24xf32>
    affine.store %x, %B[%i] : memref<24xf32>
  }
  return
}

// CHECK-LABEL: func.func @expand
// CHECK-NOT: expand_shape
// CHECK: affine.store %x, %B[%i * 3 + %j] : memref<6xf32>
func.func @expand(%A: memref<2x3xf32>, %B: memref<6xf32>) {
  %v = memref.expand_shape %B [[0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 3 {
      %x = affine.load %A[%i, %j] : memref<2x3xf32>
      affine.store %x, %v[%i, %j] : memref<2x3xf32>
    }
  }
  return
}

// A rank-reducing subview with a strided dimension and a dynamic offset,
// read by memref.load, viewed again by a subview.
// CHECK-LABEL: func.func @subviews
// CHECK-NOT: memref.subview
// CHECK: %x = affine.load %A[2, %i * 2 + %k + 2] : memref<4x16xf32>
func.func @subviews(%A: memref<4x16xf32>, %B: memref<4xf32>, %k: index) {
  %row = memref.subview %A[2, %k] [1, 8] [1, 2] : memref<4x16xf32> to memref<8xf32, strided<[2], offset: ?>>
  %part = memref.subview %row[1] [4] [1] : memref<8xf32, strided<[2], offset: ?>> to memref<4xf32, strided<[2], offset: ?>>
  affine.for %i = 0 to 4 {
    %x = memref.load %part[%i] : memref<4xf32, strided<[2], offset: ?>>
    affine.store %x, %B[%i] : memref<4xf32>
  }
  return
}
