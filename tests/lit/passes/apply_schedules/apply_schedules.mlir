// RUN: allo-opt %s -p apply-schedules | filecheck %s
// RUN: allo-opt %s --pipeline fpga | filecheck %s --check-prefix=HLS

// Schedules in the IR are applied by apply-schedules and then erased.
// CHECK-NOT: sched.
// CHECK-LABEL: func.func @scale
// CHECK: affine.for %{{.*}} = 0 to 16 {
// CHECK: } {loop_name = "x", op_name = "S_x_0", fpga.unroll = 4 : i64}
// CHECK-LABEL: func.func @gemm
// CHECK:       affine.for %i
// CHECK-NEXT:    affine.for %k
// CHECK-NEXT:      affine.for %j
// CHECK:         } {loop_name = "j", fpga.pipeline_ii = 2 : i64}

// HLS-LABEL: void scale(
// HLS: l_x: for (int x = 0; x < 16; x++) {
// HLS-NEXT: #pragma HLS unroll factor=4
// HLS-LABEL: void gemm(
// HLS: l_j: for (int j = 0; j < 4; j++) {
// HLS-NEXT: #pragma HLS pipeline II=2

func.func @scale(%A: memref<16xf32>) {
  %two = arith.constant 2.0 : f32
  affine.for %x = 0 to 16 {
    %v = affine.load %A[%x] : memref<16xf32>
    %w = arith.mulf %v, %two : f32
    affine.store %w, %A[%x] : memref<16xf32>
  }
  func.return
}

func.func @gemm(%A: memref<4x4xf32>, %B: memref<4x4xf32>, %C: memref<4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<4x4xf32>
        %b = affine.load %B[%k, %j] : memref<4x4xf32>
        %c = affine.load %C[%i, %j] : memref<4x4xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x4xf32>
      }
    }
  }
  func.return
}

sched.schedule @gemm {
  sched.reorder ["k", "j"]
  sched.pipeline "j" ii 2
}
sched.schedule @scale {
  sched.unroll "x" factor 4
}
