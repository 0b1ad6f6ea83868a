// C++ names come from SSA names: sanitized, unique in their scope, never a
// keyword, a reserved name or the name of a function of the unit.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void helper(int32_t int_1, int32_t *out0) {
func.func @helper(%int: i32) -> i32 {
  return %int : i32
}

// CHECK-LABEL: void f_1(int32_t helper_1, int32_t arg1_x, int32_t arg2, int32_t *out0) {
// CHECK-NEXT:    int32_t v = helper_1 + arg1_x;
// CHECK-NEXT:    int32_t v_1 = v * arg2;
// CHECK-NEXT:    int32_t main_1 = v_1 - 1;
// CHECK-NEXT:    int32_t for_1 = main_1 + 2;
// CHECK-NEXT:    int32_t a_b = for_1 + 3;
// CHECK-NEXT:    int32_t a_b_1 = a_b + 4;
// CHECK-NEXT:    int32_t r;
// CHECK-NEXT:    helper(a_b_1, &r);
// CHECK-NEXT:    *out0 = r;
func.func @"f.1"(%helper: i32, %_x: i32, %2: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %c4 = arith.constant 4 : i32
  %0 = arith.addi %helper, %_x : i32
  %1 = arith.muli %0, %2 : i32
  %main = arith.subi %1, %c1 : i32
  %for = arith.addi %main, %c2 : i32
  %a__b = arith.addi %for, %c3 : i32
  %a_b = arith.addi %a__b, %c4 : i32
  %r = func.call @helper(%a_b) : (i32) -> i32
  return %r : i32
}

// Function names are made C++ identifiers too, and calls follow.
// CHECK-LABEL: void class_1(int32_t x, int32_t *out0) {
// CHECK-NEXT:    int32_t r;
// CHECK-NEXT:    f_1(x, x, x, &r);
func.func @class(%x: i32) -> i32 {
  %r = func.call @"f.1"(%x, %x, %x) : (i32, i32, i32) -> i32
  return %r : i32
}
