// RUN: allo-opt %s -p 'loop-distribute{func="mm1" loop="i"}' | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/distribute.yaml | filecheck %s --check-prefix=YAML
// RUN: allo-opt %S/Inputs/scheduled.mlir -p apply-schedules | filecheck %s --check-prefix=SCHED
// RUN: allo-opt %s -p 'loop-distribute{func="scalar" loop="i"}' | filecheck %s --check-prefix=SCALAR
// RUN: allo-opt %s -p 'loop-pipeline{func="inner" loop="j"},loop-distribute{func="inner" loop="j"}' | filecheck %s --check-prefix=INNER
// RUN: allo-opt %s -p 'loop-distribute{func="mm1" loop="i"}' -t hls-cpp | filecheck %s --check-prefix=HLS

// gemm's mm1: the zeroing row loop, then the multiply-accumulate nest.
// CHECK-LABEL: func.func @mm1
// CHECK:         %zero = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    affine.for %[[I0:.*]] = 0 to 4 {
// CHECK-NEXT:      affine.for %[[JZ:.*]] = 0 to 5 {
// CHECK-NEXT:        affine.store %zero, %T[%[[I0]], %[[JZ]]]
// CHECK-NEXT:      } {loop_name = "j_zero"}
// CHECK-NEXT:    } {loop_name = "i.0", op_name = "S_i_0.0"}
// CHECK-NEXT:    affine.for %[[I1:.*]] = 0 to 4 {
// CHECK-NEXT:      affine.for %[[J:.*]] = 0 to 5 {
// CHECK-NEXT:        affine.for %[[K:.*]] = 0 to 6 {
// CHECK-NEXT:          affine.load %A[%[[I1]], %[[K]]]
// CHECK:               affine.store %{{.*}}, %T[%[[I1]], %[[J]]]
// CHECK-NEXT:        } {loop_name = "k"}
// CHECK-NEXT:      } {loop_name = "j"}
// CHECK-NEXT:    } {loop_name = "i.1", op_name = "S_i_0.1"}
// CHECK-NEXT:    func.return

// The new loops are named for later steps: reorder, then pipeline.
// YAML-LABEL: func.func @mm1
// YAML:         } {loop_name = "i.0", op_name = "S_i_0.0"}
// YAML-NEXT:    affine.for %[[K:.*]] = 0 to 6 {
// YAML-NEXT:      affine.for %[[I:.*]] = 0 to 4 {
// YAML-NEXT:        affine.for %[[J:.*]] = 0 to 5 {
// YAML:             } {loop_name = "j", fpga.pipeline_ii = 1 : i64}
// YAML-NEXT:      } {loop_name = "i.1"}
// YAML-NEXT:    } {loop_name = "k", op_name = "S_i_0.1"}

// SCHED-LABEL: func.func @mm1
// SCHED:         } {loop_name = "i.0", op_name = "S_i_0.0"}
// SCHED:         } {loop_name = "i.1", op_name = "S_i_0.1", fpga.pipeline_ii = 2 : i64}
// SCHED-NOT:     sched.

// A value of the body goes with the loop that uses it; a store with no
// user goes with the next loop; a pure op two loops use is recomputed.
// SCALAR-LABEL: func.func @scalar
// SCALAR:         affine.for %[[I0:.*]] = 0 to 4 {
// SCALAR-NEXT:      %[[D0:.*]] = arith.addf %s, %s
// SCALAR-NEXT:      affine.for %{{.*}} = 0 to 3 {
// SCALAR-NEXT:        affine.store %[[D0]], %A[%[[I0]], %{{.*}}]
// SCALAR-NEXT:      } {loop_name = "j"}
// SCALAR-NEXT:    } {loop_name = "i.0", op_name = "S_i_0.0"}
// SCALAR-NEXT:    affine.for %[[I1:.*]] = 0 to 4 {
// SCALAR-NEXT:      %[[X1:.*]] = affine.load %X[%[[I1]]]
// SCALAR-NEXT:      %[[D1:.*]] = arith.addf %s, %s
// SCALAR-NEXT:      affine.store %[[X1]], %Y[%[[I1]]]
// SCALAR-NEXT:      affine.for %{{.*}} = 0 to 3 {
// SCALAR-NEXT:        %[[E:.*]] = arith.mulf %[[D1]], %[[X1]]
// SCALAR-NEXT:        affine.store %[[E]], %B[%[[I1]], %{{.*}}]
// SCALAR-NEXT:      } {loop_name = "k"}
// SCALAR-NEXT:    } {loop_name = "i.1", op_name = "S_i_0.1"}

// An inner loop: the copies stay in the band, each keeps the hints.
// INNER-LABEL: func.func @inner
// INNER:         affine.for %{{.*}} = 0 to 4 {
// INNER-NEXT:      affine.for %{{.*}} = 0 to 3 {
// INNER-NEXT:        affine.for %{{.*}} = 0 to 2 {
// INNER:             } {loop_name = "a"}
// INNER-NEXT:      } {loop_name = "j.0", fpga.pipeline_ii = 1 : i64}
// INNER-NEXT:      affine.for %{{.*}} = 0 to 3 {
// INNER-NEXT:        affine.for %{{.*}} = 0 to 2 {
// INNER:             } {loop_name = "b"}
// INNER-NEXT:      } {loop_name = "j.1", fpga.pipeline_ii = 1 : i64}
// INNER-NEXT:    } {loop_name = "i", op_name = "S_i_0"}

// HLS: l_i_0: for (int i_0 = 0; i_0 < 4; i_0++) {
// HLS: l_i_1: for (int i_1 = 0; i_1 < 4; i_1++) {

func.func @mm1(%A: memref<4x6xf32>, %B: memref<6x5xf32>, %T: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j_zero = 0 to 5 {
      affine.store %zero, %T[%i, %j_zero] : memref<4x5xf32>
    }
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6xf32>
        %b = affine.load %B[%k, %j] : memref<6x5xf32>
        %c = affine.load %T[%i, %j] : memref<4x5xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %T[%i, %j] : memref<4x5xf32>
      }
    }
  }
  return
}

func.func @scalar(%X: memref<4xf32>, %Y: memref<4xf32>, %A: memref<4x3xf32>, %B: memref<4x3xf32>, %s: f32) {
  affine.for %i = 0 to 4 {
    %x = affine.load %X[%i] : memref<4xf32>
    %d = arith.addf %s, %s : f32
    affine.for %j = 0 to 3 {
      affine.store %d, %A[%i, %j] : memref<4x3xf32>
    }
    affine.store %x, %Y[%i] : memref<4xf32>
    affine.for %k = 0 to 3 {
      %e = arith.mulf %d, %x : f32
      affine.store %e, %B[%i, %k] : memref<4x3xf32>
    }
  }
  return
}

func.func @inner(%A: memref<4x3x2xi32>, %B: memref<4x3x2xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 3 {
      affine.for %a = 0 to 2 {
        %v = affine.load %A[%i, %j, %a] : memref<4x3x2xi32>
        affine.store %v, %B[%i, %j, %a] : memref<4x3x2xi32>
      }
      affine.for %b = 0 to 2 {
        %v = affine.load %B[%i, %j, %b] : memref<4x3x2xi32>
        %w = arith.addi %v, %v : i32
        affine.store %w, %A[%i, %j, %b] : memref<4x3x2xi32>
      }
    }
  }
  return
}
