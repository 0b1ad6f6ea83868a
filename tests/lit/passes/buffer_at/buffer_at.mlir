// RUN: allo-opt %s -p 'loop-reorder{func="gemm" loops="k","j"},buffer-at{func="gemm" buffer="C" loop="i"},loop-pipeline{func="gemm" loop="j"}' | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/gemm.yaml | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s -p 'buffer-at{func="gemm" buffer="C" loop="j"}' | filecheck %s --check-prefix=SCALAR
// RUN: allo-opt %s -p 'loop-reorder{func="gemm_init" loops="k","j"},buffer-at{func="gemm_init" buffer="C" loop="i"}' | filecheck %s --check-prefix=INIT
// RUN: allo-opt %s -p 'buffer-at{func="batched" buffer="C" loop="b"}' | filecheck %s --check-prefix=BATCHED
// RUN: allo-opt %s -p 'buffer-at{func="gemm" buffer="B" loop="j"}' | filecheck %s --check-prefix=READONLY
// RUN: allo-opt %s -p 'buffer-at{func="gemm" buffer="B" loop="j"},buffer-to-stream{func="gemm" buffer="B_buf"}' | filecheck %s --check-prefix=STREAM

// A band that only reads B: the column B[*, j] is loaded into B_buf, and
// nothing is written back (B stays an input).
// READONLY-LABEL: func.func @gemm(
// READONLY:         %B_buf = memref.alloc() {name = "B_buf"} : memref<6xf32>
// READONLY-NEXT:    affine.for %[[K0:.*]] = 0 to 6 {
// READONLY-NEXT:      %[[V:.*]] = affine.load %B[%[[K0]], %{{.*}}] : memref<6x5xf32>
// READONLY-NEXT:      affine.store %[[V]], %B_buf[%[[K0]]] : memref<6xf32>
// READONLY-NEXT:    } {loop_name = "k_init", fpga.pipeline_ii = 1 : i64}
// READONLY-NEXT:    affine.for %[[K:.*]] = 0 to 6 {
// READONLY:           %b = affine.load %B_buf[%[[K]]] : memref<6xf32>
// READONLY:         } {loop_name = "k"}
// READONLY-NEXT:  } {loop_name = "j"}
// READONLY-NOT:   affine.store {{.*}}, %B[
// READONLY-NOT:   k_back

// With one producer (the init loop) and one consumer, B_buf becomes a stream.
// STREAM-LABEL: func.func @gemm(
// STREAM:         %B_buf = fpga.stream_create "B_buf" elements 6 : !fpga.stream<f32, 6>
// STREAM:           fpga.stream_put %B_buf, %{{.*}} element [%k_init] : !fpga.stream<f32, 6>
// STREAM:         } {loop_name = "k_init", fpga.pipeline_ii = 1 : i64}
// STREAM:           %b = fpga.stream_get %B_buf element [%k] : !fpga.stream<f32, 6>

// GEMM with the k loop outside j: the row C[i, *] is accumulated in a
// local buffer of the 5 columns. C is an in-out parameter, so the init loop
// loads its current values; the write-back stores them after the k loop.
// CHECK-LABEL: func.func @gemm(
// CHECK:         affine.for %[[I:.*]] = 0 to 4 {
// CHECK-NEXT:      %C_buf = memref.alloc() {name = "C_buf"} : memref<5xf32>
// CHECK-NEXT:      affine.for %[[J0:.*]] = 0 to 5 {
// CHECK-NEXT:        %[[V:.*]] = affine.load %C[%[[I]], %[[J0]]] : memref<4x5xf32>
// CHECK-NEXT:        affine.store %[[V]], %C_buf[%[[J0]]] : memref<5xf32>
// CHECK-NEXT:      } {loop_name = "j_init", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:      affine.for %[[K:.*]] = 0 to 6 {
// CHECK-NEXT:        affine.for %[[J:.*]] = 0 to 5 {
// CHECK:               %c = affine.load %C_buf[%[[J]]] : memref<5xf32>
// CHECK:               affine.store %s, %C_buf[%[[J]]] : memref<5xf32>
// CHECK-NEXT:        } {loop_name = "j", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:      } {loop_name = "k"}
// CHECK-NEXT:      affine.for %[[J1:.*]] = 0 to 5 {
// CHECK-NEXT:        %[[W:.*]] = affine.load %C_buf[%[[J1]]] : memref<5xf32>
// CHECK-NEXT:        affine.store %[[W]], %C[%[[I]], %[[J1]]] : memref<4x5xf32>
// CHECK-NEXT:      } {loop_name = "j_back", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:    } {loop_name = "i", op_name = "S_i_0"}

// HLS-LABEL: void gemm(float A[4][6], float B[6][5], float C[4][5]) {
// HLS-NEXT:    l_i: for (int i = 0; i < 4; i++) {
// HLS-NEXT:      float C_buf[5];
// HLS-NEXT:      #pragma HLS array_partition variable=C_buf cyclic factor=5 dim=1
// HLS-NEXT:      l_j_init: for (int j_init = 0; j_init < 5; j_init++) {
// HLS-NEXT:        #pragma HLS pipeline II=1
// HLS-NEXT:        float v = C[i][j_init];
// HLS-NEXT:        C_buf[j_init] = v;
// HLS-NEXT:      }
// HLS-NEXT:      l_k: for (int k = 0; k < 6; k++) {
// HLS-NEXT:        l_j: for (int j = 0; j < 5; j++) {
// HLS-NEXT:          #pragma HLS pipeline II=1
// HLS:               C_buf[j] = s;
// HLS:           l_j_back: for (int j_back = 0; j_back < 5; j_back++) {
// HLS-NEXT:        #pragma HLS pipeline II=1
// HLS-NEXT:        float v = C_buf[j_back];
// HLS-NEXT:        C[i][j_back] = v;

// At the innermost non-reduction loop j: one element, no init loop needed
// around it (a plain load and store).
// SCALAR-LABEL: func.func @gemm(
// SCALAR:         affine.for %[[J:.*]] = 0 to 5 {
// SCALAR-NEXT:      %C_buf = memref.alloc() {name = "C_buf"} : memref<1xf32>
// SCALAR-NEXT:      %[[V:.*]] = affine.load %C[%[[I:.*]], %[[J]]] : memref<4x5xf32>
// SCALAR-NEXT:      affine.store %[[V]], %C_buf[0] : memref<1xf32>
// SCALAR-NEXT:      affine.for %{{.*}} = 0 to 6 {
// SCALAR:             affine.load %C_buf[0] : memref<1xf32>
// SCALAR:             affine.store %s, %C_buf[0] : memref<1xf32>
// SCALAR:           } {loop_name = "k"}
// SCALAR-NEXT:      %[[W:.*]] = affine.load %C_buf[0] : memref<1xf32>
// SCALAR-NEXT:      affine.store %[[W]], %C[%[[I]], %[[J]]] : memref<4x5xf32>
// SCALAR-NEXT:    } {loop_name = "j"}

// C is zeroed row by row inside i before it is accumulated: the first loop
// touching C in an iteration of i writes the whole row, so the init loop is
// left out and the zeroing writes the local buffer.
// INIT-LABEL: func.func @gemm_init(
// INIT:         affine.for %[[I:.*]] = 0 to 4 {
// INIT-NEXT:      %C_buf = memref.alloc() {name = "C_buf"} : memref<5xf32>
// INIT-NEXT:      affine.for %[[J0:.*]] = 0 to 5 {
// INIT-NEXT:        affine.store %zero, %C_buf[%[[J0]]] : memref<5xf32>
// INIT-NEXT:      } {loop_name = "j0"}
// INIT-NEXT:      affine.for %{{.*}} = 0 to 6 {
// INIT-NOT:       _init
// INIT:           } {loop_name = "k"}
// INIT-NEXT:      affine.for %[[J1:.*]] = 0 to 5 {
// INIT-NEXT:        %[[W:.*]] = affine.load %C_buf[%[[J1]]] : memref<5xf32>
// INIT-NEXT:        affine.store %[[W]], %C[%[[I]], %[[J1]]] : memref<4x5xf32>
// INIT-NEXT:      } {loop_name = "C_buf_d0_back", fpga.pipeline_ii = 1 : i64}

// Two inner dimensions: a 3x5 local buffer, init and write-back nests over
// both, the innermost pipelined.
// BATCHED-LABEL: func.func @batched(
// BATCHED:         affine.for %[[B:.*]] = 0 to 2 {
// BATCHED-NEXT:      %C_buf = memref.alloc() {name = "C_buf"} : memref<3x5xi32>
// BATCHED-NEXT:      affine.for %[[I0:.*]] = 0 to 3 {
// BATCHED-NEXT:        affine.for %[[J0:.*]] = 0 to 5 {
// BATCHED-NEXT:          %[[V:.*]] = affine.load %C[%[[B]], %[[I0]], %[[J0]]] : memref<2x3x5xi32>
// BATCHED-NEXT:          affine.store %[[V]], %C_buf[%[[I0]], %[[J0]]] : memref<3x5xi32>
// BATCHED-NEXT:        } {loop_name = "j_init", fpga.pipeline_ii = 1 : i64}
// BATCHED-NEXT:      } {loop_name = "i_init"}
// BATCHED:               affine.load %C_buf[%{{.*}}, %{{.*}}] : memref<3x5xi32>
// BATCHED:           } {loop_name = "i"}
// BATCHED-NEXT:      affine.for %[[I1:.*]] = 0 to 3 {
// BATCHED-NEXT:        affine.for %[[J1:.*]] = 0 to 5 {
// BATCHED-NEXT:          %[[W:.*]] = affine.load %C_buf[%[[I1]], %[[J1]]] : memref<3x5xi32>
// BATCHED-NEXT:          affine.store %[[W]], %C[%[[B]], %[[I1]], %[[J1]]] : memref<2x3x5xi32>
// BATCHED-NEXT:        } {loop_name = "j_back", fpga.pipeline_ii = 1 : i64}
// BATCHED-NEXT:      } {loop_name = "i_back"}
// BATCHED-NEXT:    } {loop_name = "b", op_name = "S_b_0"}

func.func @gemm(%A: memref<4x6xf32>, %B: memref<6x5xf32>, %C: memref<4x5xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6xf32>
        %b = affine.load %B[%k, %j] : memref<6x5xf32>
        %c = affine.load %C[%i, %j] : memref<4x5xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x5xf32>
      }
    }
  }
  return
}

func.func @gemm_init(%A: memref<4x6xf32>, %B: memref<6x5xf32>) -> memref<4x5xf32> {
  %C = memref.alloc() : memref<4x5xf32>
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j0 = 0 to 5 {
      affine.store %zero, %C[%i, %j0] : memref<4x5xf32>
    }
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6xf32>
        %b = affine.load %B[%k, %j] : memref<6x5xf32>
        %c = affine.load %C[%i, %j] : memref<4x5xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x5xf32>
      }
    }
  }
  return %C : memref<4x5xf32>
}

func.func @batched(%A: memref<2x3x4xi32>, %B: memref<2x4x5xi32>, %C: memref<2x3x5xi32>) {
  affine.for %b = 0 to 2 {
    affine.for %i = 0 to 3 {
      affine.for %k = 0 to 4 {
        affine.for %j = 0 to 5 {
          %x = affine.load %A[%b, %i, %k] : memref<2x3x4xi32>
          %y = affine.load %B[%b, %k, %j] : memref<2x4x5xi32>
          %c = affine.load %C[%b, %i, %j] : memref<2x3x5xi32>
          %p = arith.muli %x, %y : i32
          %s = arith.addi %c, %p : i32
          affine.store %s, %C[%b, %i, %j] : memref<2x3x5xi32>
        }
      }
    }
  }
  return
}
