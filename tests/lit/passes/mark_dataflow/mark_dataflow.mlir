// RUN: allo-opt %s -p 'mark-dataflow{func="top"},mark-dataflow{func="loops" loop="t"}' | filecheck %s
// RUN: allo-opt %s -p apply-schedules -t hls-cpp | filecheck %s --check-prefix=HLS

// A unit attribute on the function, or on the named loop.
// CHECK-LABEL: func.func @loops(%A: memref<4x8xf32>) {
// CHECK-NEXT:    affine.for %t = 0 to 4 {
// CHECK:         } {loop_name = "t", op_name = "S_t_0", fpga.dataflow}
// CHECK-LABEL: func.func @top(%A: memref<8xf32>) attributes {fpga.dataflow} {

// The pragma opens the body of the function or of the loop.
// HLS-LABEL: void loops(float A[4][8]) {
// HLS-NEXT:    l_t: for (int t = 0; t < 4; t++) {
// HLS-NEXT:      #pragma HLS dataflow
// HLS-NEXT:      l_i: for (int i = 0; i < 8; i++) {
// HLS-LABEL: void top(float A[8]) {
// HLS-NEXT:    #pragma HLS dataflow
// HLS-NEXT:    float B[4][8];
// HLS-NEXT:    loops(B);

func.func @loops(%A: memref<4x8xf32>) {
  affine.for %t = 0 to 4 {
    affine.for %i = 0 to 8 {
      %a = affine.load %A[%t, %i] : memref<4x8xf32>
      affine.store %a, %A[%t, %i] : memref<4x8xf32>
    }
  }
  return
}

func.func @top(%A: memref<8xf32>) {
  %B = memref.alloc() : memref<4x8xf32>
  func.call @loops(%B) : (memref<4x8xf32>) -> ()
  return
}

sched.schedule @loops {
  sched.dataflow "t"
}
sched.schedule @top {
  sched.dataflow
}
