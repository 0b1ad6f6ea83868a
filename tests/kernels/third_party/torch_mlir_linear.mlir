// torch-mlir-style bufferized model (ONNX Flatten + Gemm + Relu): weights
// as constant memref.globals, a collapse_shape of the input, a copy into a
// subview of a padded buffer, and a shape assertion.
module {
  memref.global "private" constant @__constant_3x4xf32 : memref<3x4xf32> = dense<[[0.5, -1.0, 0.25, 2.0], [1.5, 0.0, -0.5, 1.0], [-2.0, 0.75, 1.0, -0.25]]> {alignment = 64 : i64}
  memref.global "private" constant @__constant_3xf32 : memref<3xf32> = dense<[0.1, -0.2, 0.3]> {alignment = 64 : i64}
  func.func @main_graph(%arg0: memref<1x2x2xf32>, %arg1: memref<1x5xf32>, %n: index) {
    %c1 = arith.constant 1 : index
    %true = arith.cmpi eq, %n, %c1 : index
    cf.assert %true, "mismatching batch size"
    %cst = arith.constant 0.000000e+00 : f32
    %0 = memref.get_global @__constant_3x4xf32 : memref<3x4xf32>
    %1 = memref.get_global @__constant_3xf32 : memref<3xf32>
    %collapse = memref.collapse_shape %arg0 [[0], [1, 2]] : memref<1x2x2xf32> into memref<1x4xf32>
    %alloc = memref.alloc() {alignment = 64 : i64} : memref<1x3xf32>
    affine.for %arg2 = 0 to 3 {
      %2 = affine.load %1[%arg2] : memref<3xf32>
      affine.store %2, %alloc[0, %arg2] : memref<1x3xf32>
    }
    affine.for %arg2 = 0 to 3 {
      affine.for %arg3 = 0 to 4 {
        %2 = affine.load %collapse[0, %arg3] : memref<1x4xf32>
        %3 = affine.load %0[%arg2, %arg3] : memref<3x4xf32>
        %4 = affine.load %alloc[0, %arg2] : memref<1x3xf32>
        %5 = arith.mulf %2, %3 : f32
        %6 = arith.addf %4, %5 : f32
        affine.store %6, %alloc[0, %arg2] : memref<1x3xf32>
      }
    }
    affine.for %arg2 = 0 to 3 {
      %2 = affine.load %alloc[0, %arg2] : memref<1x3xf32>
      %3 = arith.maximumf %2, %cst : f32
      affine.store %3, %alloc[0, %arg2] : memref<1x3xf32>
    }
    affine.for %arg2 = 0 to 5 {
      affine.store %cst, %arg1[0, %arg2] : memref<1x5xf32>
    }
    %subview = memref.subview %arg1[0, 1] [1, 3] [1, 1] : memref<1x5xf32> to memref<1x3xf32, strided<[5, 1], offset: 1>>
    memref.copy %alloc, %subview : memref<1x3xf32> to memref<1x3xf32, strided<[5, 1], offset: 1>>
    return
  }
}
