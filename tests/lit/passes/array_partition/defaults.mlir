// Allo's defaults: `partition(target)` is a complete partition of every
// dimension (kind complete, dim 0); a dim alone is a complete partition of it.
// The three spellings (YAML, sched op, standalone pass) agree.
// RUN: allo-opt %s --pipeline %S/Inputs/defaults.yaml | filecheck %s
// RUN: allo-opt %s -p 'array-partition{func="f" buffer="A"},array-partition{func="f" buffer="B" dim=2}' -t hls-cpp | filecheck %s
// RUN: cat %s %S/Inputs/defaults_sched.mlir | allo-opt -p apply-schedules -t hls-cpp | filecheck %s --check-prefix=SCHED
// A factor without a kind is an error that says complete is the default.
// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" factor=2}' 2>&1 | filecheck %s --check-prefix=FACTOR
// FACTOR: error: cannot partition 'A': a complete partition takes no factor, got 2 (complete is the default kind; a factor needs kind cyclic or block)

// CHECK-LABEL: void f(int32_t A[4][6], int32_t B[4][6]) {
// CHECK-NEXT:    #pragma HLS array_partition variable=A complete dim=1
// CHECK-NEXT:    #pragma HLS array_partition variable=A complete dim=2
// CHECK-NEXT:    #pragma HLS array_partition variable=B complete dim=2
// CHECK-NEXT:    l_i: for

// SCHED-LABEL: void f(int32_t A[4][6], int32_t B[4][6]) {
// SCHED-NEXT:    #pragma HLS array_partition variable=A complete dim=1
// SCHED-NEXT:    #pragma HLS array_partition variable=A complete dim=2
// SCHED-NEXT:    #pragma HLS array_partition variable=B complete dim=2
// SCHED-NEXT:    l_i: for
func.func @f(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %v = affine.load %A[%i, %j] : memref<4x6xi32>
      affine.store %v, %B[%i, %j] : memref<4x6xi32>
    }
  }
  func.return
}
