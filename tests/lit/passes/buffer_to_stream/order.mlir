// RUN: allo-opt %s -p apply-schedules | filecheck %s
// RUN: allo-opt %s -p apply-schedules,materialize-unroll | filecheck %s --check-prefix=UNROLLED

// Steps after `to` that keep the order in which the consumer reads the
// stream are accepted; the puts and gets keep saying which element they
// move, over the loops the steps made (each function is one schedule).

func.func @split(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x6xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<4x6xi32>
      affine.store %a, %T[%i, %j] : memref<4x6xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 6 {
      %t = affine.load %T[%x, %y] : memref<4x6xi32>
      affine.store %t, %B[%x, %y] : memref<4x6xi32>
    }
  }
  func.return
}
sched.schedule @split {
  sched.to "T"
  sched.split "y" factor 4
  sched.split "i" factor 2
  sched.reorder ["x", "y.outer"]
  sched.pipeline "y.inner"
}
// CHECK-LABEL: func.func @split
// CHECK:         fpga.stream_put %T, %a element [%i_outer * 2 + %i_inner, %j]
// CHECK:         affine.for %y_inner = 0 to min
// CHECK-NEXT:      %t = fpga.stream_get %T element [%x, %y_outer * 4 + %y_inner]

func.func @fuse(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x6xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<4x6xi32>
      affine.store %a, %T[%i, %j] : memref<4x6xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 6 {
      %t = affine.load %T[%x, %y] : memref<4x6xi32>
      affine.store %t, %B[%x, %y] : memref<4x6xi32>
    }
  }
  func.return
}
sched.schedule @fuse {
  sched.to "T"
  sched.fuse ["x", "y"]
  sched.tile ["i", "j"] factors [1, 6]
}
// CHECK-LABEL: func.func @fuse
// CHECK:         fpga.stream_put %T, %a element [%i_outer + %i_inner, %j_outer * 6 + %j_inner]
// CHECK:         affine.for %x_y_fused = 0 to 24 {
// CHECK-NEXT:      %t = fpga.stream_get %T element [%x_y_fused floordiv 6, %x_y_fused mod 6]

func.func @compute_at(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x6xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<4x6xi32>
      affine.store %a, %T[%i, %j] : memref<4x6xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 6 {
      %t = affine.load %T[%x, %y] : memref<4x6xi32>
      affine.store %t, %B[%x, %y] : memref<4x6xi32>
    }
  }
  func.return
}
sched.schedule @compute_at {
  sched.to "T" depth 6
  sched.compute_at "S_i_0" consumer "S_x_1" loop "x"
}
// CHECK-LABEL: func.func @compute_at
// CHECK:         affine.for %x = 0 to 4 {
// CHECK-NEXT:      affine.for %j = 0 to 6 {
// CHECK:             fpga.stream_put %T, %a element [%x, %j]
// CHECK:           affine.for %y = 0 to 6 {
// CHECK-NEXT:        %t = fpga.stream_get %T element [%x, %y]

func.func @unroll(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x6xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<4x6xi32>
      affine.store %a, %T[%i, %j] : memref<4x6xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 6 {
      %t = affine.load %T[%x, %y] : memref<4x6xi32>
      affine.store %t, %B[%x, %y] : memref<4x6xi32>
    }
  }
  func.return
}
sched.schedule @unroll {
  sched.to "T"
  sched.dataflow
  sched.unroll "y" factor 4
  sched.pipeline "x"
}
// CHECK-LABEL: func.func @unroll
// CHECK:         %t = fpga.stream_get %T element [%x, %y]
// UNROLLED-LABEL: func.func @unroll
// UNROLLED:         affine.for %y = 0 to 4 step 4 {
// UNROLLED-NEXT:      %t = fpga.stream_get %T element [%x, %y]
// UNROLLED:           %t_1 = fpga.stream_get %T element [%x, %y + 1]
// UNROLLED:         affine.for %y_1 = 4 to 6 {
// UNROLLED-NEXT:      %t_4 = fpga.stream_get %T element [%x, %y_1]
