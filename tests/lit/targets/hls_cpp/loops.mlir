// affine.for bounds (constant, max lower, min upper, step), iter_args, loop
// labels from loop names, and sibling loops reusing induction variable names.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void bounds(
// CHECK:         l_i_outer: for (int i_outer = 0; i_outer < 10; i_outer += 4) {
// CHECK-NEXT:      l_i_inner: for (int i_inner = i_outer; i_inner < std::min(i_outer + 4, 10); i_inner++) {
// CHECK:           l_j: for (int j = std::max(0, n - 3); j < std::min(n, std::min(i_inner + 1, 10)); j += 2) {
// CHECK:             A[i_inner][j] = 0;
func.func @bounds(%A: memref<10x10xi32>, %n: index) {
  %z = arith.constant 0 : i32
  affine.for %io = 0 to 10 step 4 {
    affine.for %ii = affine_map<(d0) -> (d0)>(%io) to min affine_map<(d0) -> (d0 + 4, 10)>(%io) {
      affine.for %j = max affine_map<()[s0] -> (0, s0 - 3)>()[%n] to min affine_map<(d0)[s0] -> (s0, d0 + 1, 10)>(%ii)[%n] step 2 {
        affine.store %z, %A[%ii, %j] : memref<10x10xi32>
      } {loop_name = "j"}
    } {loop_name = "i.inner"}
  } {loop_name = "i.outer", op_name = "S_i_0"}
  return
}

// CHECK-LABEL: void reduce(
// CHECK:         int32_t acc = 0;
// CHECK-NEXT:    int32_t prod = 1;
// CHECK-NEXT:    l_i: for (int i = 0; i < 8; i++) {
// CHECK-NEXT:      int32_t a = A[i];
// CHECK-NEXT:      int32_t s = acc + a;
// CHECK-NEXT:      int32_t p = prod * a;
// CHECK-NEXT:      acc = s;
// CHECK-NEXT:      prod = p;
// CHECK-NEXT:    }
// CHECK-NEXT:    *out0 = acc;
// CHECK-NEXT:    *out1 = prod;
func.func @reduce(%A: memref<8xi32>) -> (i32, i32) {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r:2 = affine.for %i = 0 to 8 iter_args(%acc = %zero, %prod = %one) -> (i32, i32) {
    %a = affine.load %A[%i] : memref<8xi32>
    %s = arith.addi %acc, %a : i32
    %p = arith.muli %prod, %a : i32
    affine.yield %s, %p : i32, i32
  }
  return %r#0, %r#1 : i32, i32
}

// Yielding the carried values swapped goes through temporaries.
// CHECK-LABEL: void swap(
// CHECK:         float x = a;
// CHECK-NEXT:    float y = b;
// CHECK-NEXT:    l_i: for (int i = 0; i < 3; i++) {
// CHECK-NEXT:      float tmp = y;
// CHECK-NEXT:      float tmp_1 = x;
// CHECK-NEXT:      x = tmp;
// CHECK-NEXT:      y = tmp_1;
// CHECK-NEXT:    }
// CHECK-NEXT:    *out0 = x;
func.func @swap(%a: f32, %b: f32) -> f32 {
  %r:2 = affine.for %i = 0 to 3 iter_args(%x = %a, %y = %b) -> (f32, f32) {
    affine.yield %y, %x : f32, f32
  }
  return %r#0 : f32
}

// Two nests with loops of the same names: labels are told apart by band.
// CHECK-LABEL: void siblings(
// CHECK:         l_S_i_0_i: for (int i = 0; i < 4; i++) {
// CHECK:         l_S_i_1_i: for (int i = 0; i < 4; i++) {
// CHECK:         l_k: for (int k = 0; k < 4; k++) {
// CHECK-NEXT:      l_k_inner: for (int k_inner = 0; k_inner < 2; k_inner++) {
func.func @siblings(%A: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%i] : memref<4xf32>
    affine.store %v, %A[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%i] : memref<4xf32>
    affine.store %v, %A[%i] : memref<4xf32>
  }
  affine.for %k = 0 to 4 {
    affine.for %0 = 0 to 2 {
    } {loop_name = "k.inner"}
  } {loop_name = "k", op_name = "S_k_2"}
  return
}
