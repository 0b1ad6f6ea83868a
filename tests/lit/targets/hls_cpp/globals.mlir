// memref.globals are file-scope arrays: constants `static const` (a ROM in
// Vitis HLS), mutable ones `static`, shared by the functions that take
// them; partitions of a get_global become pragmas on the array.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK:      static const int32_t lut[2][3] = {{[{][{]}}1, -2, 3}, {4, 5, 2147483647{{[}][}]}};
// CHECK-NEXT: static const float w[3] = {0.5f, -1.25f, 3.0f};
// CHECK-NEXT: static const double s[2] = {2.5, 2.5};
// CHECK-NEXT: static int32_t count[1];
// CHECK:      void f(int32_t out[2][3], float x[3]) {
// CHECK-NEXT:   #pragma HLS array_partition variable=lut complete dim=2
// CHECK:          int32_t v = lut[i][j];
// CHECK:          float a = w[k];
// CHECK:        int32_t c = count[0];
// CHECK:        count[0] = d;
memref.global "private" constant @lut : memref<2x3xi32> = dense<[[1, -2, 3], [4, 5, 2147483647]]>
memref.global "private" constant @w : memref<3xf32> = dense<[0.5, -1.25, 3.0]>
memref.global "private" constant @s : memref<2xf64> = dense<2.5>
memref.global @count : memref<i32> = uninitialized
func.func @f(%out: memref<2x3xi32>, %x: memref<3xf32>) {
  %lut = memref.get_global @lut : memref<2x3xi32, #fpga.partition<[none, complete]>>
  %w = memref.get_global @w : memref<3xf32>
  %count = memref.get_global @count : memref<i32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 3 {
      %v = affine.load %lut[%i, %j] : memref<2x3xi32, #fpga.partition<[none, complete]>>
      affine.store %v, %out[%i, %j] : memref<2x3xi32>
    }
  }
  %two = arith.constant 2.0 : f32
  affine.for %k = 0 to 3 {
    %a = affine.load %w[%k] : memref<3xf32>
    %b = arith.mulf %a, %two : f32
    affine.store %b, %x[%k] : memref<3xf32>
  }
  %one = arith.constant 1 : i32
  %c = affine.load %count[] : memref<i32>
  %d = arith.addi %c, %one : i32
  affine.store %d, %count[] : memref<i32>
  return
}
