// linalg on memrefs becomes affine.for nests, named after the op, loading
// through the indexing maps and storing what the body yields.
// RUN: allo-opt %s | filecheck %s

// CHECK-LABEL: func.func @mm
// CHECK:      affine.for %fill_d0 = 0 to 2 {
// CHECK-NEXT:   affine.for %fill_d1 = 0 to 3 {
// CHECK-NEXT:     affine.store %z, %C[%fill_d0, %fill_d1] : memref<2x3xf32>
// CHECK:      affine.for %matmul_d0 = 0 to 2 {
// CHECK-NEXT:   affine.for %matmul_d1 = 0 to 3 {
// CHECK-NEXT:     affine.for %matmul_d2 = 0 to 4 {
// CHECK-NEXT:       %{{.*}} = affine.load %A[%matmul_d0, %matmul_d2] : memref<2x4xf32>
// CHECK-NEXT:       %{{.*}} = affine.load %B[%matmul_d2, %matmul_d1] : memref<4x3xf32>
// CHECK-NEXT:       %{{.*}} = affine.load %C[%matmul_d0, %matmul_d1] : memref<2x3xf32>
// CHECK-NEXT:       %{{.*}} = arith.mulf
// CHECK-NEXT:       %{{.*}} = arith.addf
// CHECK-NEXT:       affine.store %{{.*}}, %C[%matmul_d0, %matmul_d1] : memref<2x3xf32>
// CHECK-NOT: linalg.
func.func @mm(%A: memref<2x4xf32>, %B: memref<4x3xf32>, %C: memref<2x3xf32>) {
  %z = arith.constant 0.0 : f32
  linalg.fill ins(%z : f32) outs(%C : memref<2x3xf32>)
  linalg.matmul ins(%A, %B : memref<2x4xf32>, memref<4x3xf32>) outs(%C : memref<2x3xf32>)
  return
}

// A strided convolution: the input map carries the stride.
// CHECK-LABEL: func.func @conv
// CHECK: affine.load %x[%conv_2d_nchw_fchw_d0, %conv_2d_nchw_fchw_d4, %conv_2d_nchw_fchw_d2 * 2 + %conv_2d_nchw_fchw_d5, %conv_2d_nchw_fchw_d3 * 2 + %conv_2d_nchw_fchw_d6]
func.func @conv(%x: memref<1x1x5x5xf32>, %w: memref<1x1x3x3xf32>, %y: memref<1x1x2x2xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : memref<1x1x5x5xf32>, memref<1x1x3x3xf32>) outs(%y : memref<1x1x2x2xf32>)
  return
}

// linalg.generic with linalg.index and a broadcast input.
// CHECK-LABEL: func.func @generic
// CHECK:      affine.for %generic_d0 = 0 to 2 {
// CHECK-NEXT:   affine.for %generic_d1 = 0 to 3 {
// CHECK-NEXT:     %in = affine.load %b[%generic_d1] : memref<3xi32>
// CHECK-NEXT:     %c = arith.index_cast %generic_d0 : index to i32
// CHECK-NEXT:     %s = arith.addi %in, %c : i32
// CHECK-NEXT:     affine.store %s, %o[%generic_d0, %generic_d1] : memref<2x3xi32>
func.func @generic(%b: memref<3xi32>, %o: memref<2x3xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%b : memref<3xi32>) outs(%o : memref<2x3xi32>) {
  ^bb0(%in: i32, %out: i32):
    %i = linalg.index 0 : index
    %c = arith.index_cast %i : index to i32
    %s = arith.addi %in, %c : i32
    linalg.yield %s : i32
  }
  return
}
