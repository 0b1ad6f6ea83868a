// RUN: allo-opt %s -p 'mark-inline{func="add"}' | filecheck %s
// RUN: allo-opt %s -p apply-schedules -t hls-cpp | filecheck %s --check-prefix=HLS

// A unit attribute on the function; the call stays.
// CHECK-LABEL: func.func @add(%x: i32, %y: i32) -> i32 attributes {fpga.inline} {
// CHECK-LABEL: func.func @top(
// CHECK:         func.call @add(

// HLS-LABEL: void add(int32_t x, int32_t y, int32_t *out0) {
// HLS-NEXT:    #pragma HLS inline
// HLS-NEXT:    int32_t v = x + y;
// HLS-LABEL: void top(
// HLS-NOT:     #pragma HLS inline

func.func @add(%x: i32, %y: i32) -> i32 {
  %v = arith.addi %x, %y : i32
  return %v : i32
}

func.func @top(%a: i32, %b: i32) -> i32 {
  %r = func.call @add(%a, %b) : (i32, i32) -> i32
  return %r : i32
}

sched.schedule @add {
  sched.inline
}
