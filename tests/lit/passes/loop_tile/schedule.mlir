// `tile` as a schedule step takes any number of loops, one factor each
// (Allo's `tile`); the 2-loop form is unchanged.
// RUN: allo-opt %s -p apply-schedules | filecheck %s
// (A factor count that differs from the loop count: dialects/sched/invalid.mlir.)

// CHECK-LABEL: func.func @mm
// CHECK:       affine.for %{{.*}} = 0 to 3 {
// CHECK-NEXT:    affine.for %{{.*}} = 0 to 2 {
// CHECK-NEXT:      affine.for %{{.*}} = 0 to 2 {
// CHECK-NEXT:        affine.for %{{.*}} = 0 to 2 {
// CHECK-NEXT:          affine.for %{{.*}} = 0 to 3 {
// CHECK-NEXT:            affine.for %{{.*}} = 0 to 2 {
// CHECK:                 } {loop_name = "k.inner"}
// CHECK-NEXT:          } {loop_name = "j.inner"}
// CHECK-NEXT:        } {loop_name = "i.inner"}
// CHECK-NEXT:      } {loop_name = "k.outer"}
// CHECK-NEXT:    } {loop_name = "j.outer"}
// CHECK-NEXT:  } {loop_name = "i.outer", op_name = "S_i_0"}
// CHECK-NOT:   sched.

func.func @mm(%A: memref<6x4xi32>, %B: memref<4x6xi32>, %C: memref<6x6xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 6 {
      affine.for %k = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<6x4xi32>
        %b = affine.load %B[%k, %j] : memref<4x6xi32>
        %c = affine.load %C[%i, %j] : memref<6x6xi32>
        %p = arith.muli %a, %b : i32
        %s = arith.addi %c, %p : i32
        affine.store %s, %C[%i, %j] : memref<6x6xi32>
      }
    }
  }
  func.return
}

sched.schedule @mm {
  sched.tile ["i", "j", "k"] factors [2, 3, 2]
}

