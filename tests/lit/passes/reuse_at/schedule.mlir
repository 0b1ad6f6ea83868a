// RUN: allo-opt %s -p apply-schedules | filecheck %s

// A schedule in the IR: the `name` argument of reuse_at names the buffer,
// and later steps find it by that name.
// CHECK-LABEL: func.func @blur(
// CHECK:         %win = memref.alloc() {name = "win"} : memref<3xf32, #fpga.partition<[complete]>>
// CHECK-NEXT:    affine.for %{{.*}} = 0 to 18 {
// CHECK:         } {loop_name = "x", op_name = "S_x_0", fpga.pipeline_ii = 1 : i64}
// CHECK-NOT:     sched.

func.func @blur(%A: memref<18xf32>, %B: memref<16xf32>) {
  affine.for %x = 0 to 16 {
    %a0 = affine.load %A[%x] : memref<18xf32>
    %a1 = affine.load %A[%x + 1] : memref<18xf32>
    %a2 = affine.load %A[%x + 2] : memref<18xf32>
    %s0 = arith.addf %a0, %a1 : f32
    %s1 = arith.addf %s0, %a2 : f32
    affine.store %s1, %B[%x] : memref<16xf32>
  }
  return
}

sched.schedule @blur {
  sched.reuse_at "A" loop "x" name "win"
  sched.partition "win" kind complete
  sched.pipeline "x"
}
