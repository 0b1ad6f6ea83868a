// The stock xdsl-opt finds allo-xdsl's dialects, passes and targets through
// the xdsl.universe entry point; primitive passes name loops themselves.
// RUN: xdsl-opt %s -p 'loop-split{func="copy" loop="i" factor=4}' | filecheck %s
// RUN: xdsl-opt %s -p 'apply-schedules,loop-pipeline{func="copy" loop="j" ii=2}' -t hls-cpp | filecheck %s --check-prefix=HLS

// CHECK: affine.for %{{.*}} = 0 to 2 {
// CHECK: affine.for %{{.*}} = 0 to 4 {
// CHECK: } {loop_name = "i.inner"}
// CHECK: } {loop_name = "i.outer", op_name = "S_i_0"}
// CHECK: sched.schedule @copy {
// CHECK-NEXT: sched.unroll "j" factor 2

// HLS: l_j: for (int j = 0; j < 8; j++) {
// HLS-NEXT: #pragma HLS pipeline II=2
// HLS-NEXT: #pragma HLS unroll factor=2

func.func @copy(%A: memref<8x8xf32>, %C: memref<8x8xf32>) {
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %a = affine.load %A[%i, %j] : memref<8x8xf32>
      affine.store %a, %C[%i, %j] : memref<8x8xf32>
    }
  }
  func.return
}
sched.schedule @copy {
  sched.unroll "j" factor 2
}
