// RUN: allo-opt %s -p 'reuse-at{func="blur" buffer="A" loop="x"}' | filecheck %s --check-prefix=BLUR
// RUN: allo-opt %s -p 'reuse-at{func="conv" buffer="A" loop="y" buffer_name="A_line"}' | filecheck %s --check-prefix=LINE
// RUN: allo-opt %s -p 'reuse-at{func="conv" buffer="A" loop="y" buffer_name="A_line"},reuse-at{func="conv" buffer="A_line" loop="x" buffer_name="A_win"}' | filecheck %s --check-prefix=WINDOW
// RUN: allo-opt %s --pipeline %S/Inputs/conv.yaml | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s -p 'reuse-at{func="blur_s2" buffer="A" loop="x"}' | filecheck %s --check-prefix=STRIDE
// RUN: allo-opt %s -p 'reuse-at{func="conv_s2" buffer="A" loop="y"}' | filecheck %s --check-prefix=STRIDE2D
// RUN: allo-opt %s -p 'reuse-at{func="cross" buffer="A" loop="x"}' | filecheck %s --check-prefix=CROSS

// 1-D blur: B[x] = A[x] + A[x + 1] + A[x + 2]. The buffer holds the 3
// elements of one window; x is widened from 16 to the 18 elements of A,
// each iteration shifts the buffer and loads A[x], and the original body
// runs from x = 2 on, writing B[x - 2].
// BLUR-LABEL: func.func @blur(
// BLUR:         %[[R:.*]] = memref.alloc() {name = "A_reuse_x"} : memref<3xf32>
// BLUR-NEXT:    affine.for %[[X:.*]] = 0 to 18 {
// BLUR-NEXT:      %[[V1:.*]] = affine.load %[[R]][1] : memref<3xf32>
// BLUR-NEXT:      affine.store %[[V1]], %[[R]][0] : memref<3xf32>
// BLUR-NEXT:      %[[V2:.*]] = affine.load %[[R]][2] : memref<3xf32>
// BLUR-NEXT:      affine.store %[[V2]], %[[R]][1] : memref<3xf32>
// BLUR-NEXT:      %[[NEW:.*]] = affine.load %A[%[[X]]] : memref<18xf32>
// BLUR-NEXT:      affine.store %[[NEW]], %[[R]][2] : memref<3xf32>
// BLUR-NEXT:      affine.if affine_set<(d0) : ((d0 + -2) >= 0)>(%[[X]]) {
// BLUR-NEXT:        %a0 = affine.load %[[R]][0] : memref<3xf32>
// BLUR-NEXT:        %a1 = affine.load %[[R]][1] : memref<3xf32>
// BLUR-NEXT:        %a2 = affine.load %[[R]][2] : memref<3xf32>
// BLUR:             affine.store %{{.*}}, %B[%[[X]] + -2] : memref<16xf32>
// BLUR-NEXT:      }
// BLUR-NEXT:    } {loop_name = "x", op_name = "S_x_0"}

// 3x3 convolution, reuse at y: the line buffer keeps 3 rows (offsets 0..2
// of r along y) and the full 10 columns; a shift loop over the columns
// moves the rows up and loads row y of A; the loads read the line buffer
// at the row offset r.
// LINE-LABEL: func.func @conv(
// LINE:         %A_line = memref.alloc() {name = "A_line"} : memref<3x10xi32>
// LINE-NEXT:    affine.for %[[Y:.*]] = 0 to 8 {
// LINE-NEXT:      affine.for %[[C:.*]] = 0 to 10 {
// LINE-NEXT:        %[[V1:.*]] = affine.load %A_line[1, %[[C]]] : memref<3x10xi32>
// LINE-NEXT:        affine.store %[[V1]], %A_line[0, %[[C]]] : memref<3x10xi32>
// LINE-NEXT:        %[[V2:.*]] = affine.load %A_line[2, %[[C]]] : memref<3x10xi32>
// LINE-NEXT:        affine.store %[[V2]], %A_line[1, %[[C]]] : memref<3x10xi32>
// LINE-NEXT:        %[[NEW:.*]] = affine.load %A[%[[Y]], %[[C]]] : memref<8x10xi32>
// LINE-NEXT:        affine.store %[[NEW]], %A_line[2, %[[C]]] : memref<3x10xi32>
// LINE-NEXT:      } {loop_name = "A_line.d1"}
// LINE-NEXT:      affine.if affine_set<(d0) : ((d0 + -2) >= 0)>(%[[Y]]) {
// LINE-NEXT:        affine.for %[[X:.*]] = 0 to 8 {
// LINE:               affine.for %[[R:.*]] = 0 to 3 {
// LINE-NEXT:            affine.for %[[CC:.*]] = 0 to 3 {
// LINE-NEXT:              %a = affine.load %A_line[%[[R]], %[[X]] + %[[CC]]] : memref<3x10xi32>
// LINE:               affine.store %v, %B[%[[Y]] + -2, %[[X]]] : memref<6x8xi32>
// LINE:           } {loop_name = "x"}
// LINE-NEXT:      }
// LINE-NEXT:    } {loop_name = "y", op_name = "S_y_0"}

// Then reuse of the line buffer at x: a 3x3 window (the 3 rows span more
// than one position in an iteration of x). x is widened to the 10 columns,
// the line buffer's shift loop is fused into it (same range, one column
// per iteration), and the row guard moves inside x:
// for x { shift column x; if (y >= 2) { shift window; if (x >= 2) {...} } }
// WINDOW-LABEL: func.func @conv(
// WINDOW:         %A_line = memref.alloc() {name = "A_line"} : memref<3x10xi32>
// WINDOW-NEXT:    %A_win = memref.alloc() {name = "A_win"} : memref<3x3xi32>
// WINDOW-NEXT:    affine.for %[[Y:.*]] = 0 to 8 {
// WINDOW-NEXT:      affine.for %[[X:.*]] = 0 to 10 {
// WINDOW-NEXT:        %[[V1:.*]] = affine.load %A_line[1, %[[X]]] : memref<3x10xi32>
// WINDOW-NEXT:        affine.store %[[V1]], %A_line[0, %[[X]]] : memref<3x10xi32>
// WINDOW-NEXT:        %[[V2:.*]] = affine.load %A_line[2, %[[X]]] : memref<3x10xi32>
// WINDOW-NEXT:        affine.store %[[V2]], %A_line[1, %[[X]]] : memref<3x10xi32>
// WINDOW-NEXT:        %[[NEW:.*]] = affine.load %A[%[[Y]], %[[X]]] : memref<8x10xi32>
// WINDOW-NEXT:        affine.store %[[NEW]], %A_line[2, %[[X]]] : memref<3x10xi32>
// WINDOW-NEXT:        affine.if affine_set<(d0) : ((d0 + -2) >= 0)>(%[[Y]]) {
// WINDOW-NEXT:          affine.for %[[R:.*]] = 0 to 3 {
// WINDOW-NEXT:            %[[W1:.*]] = affine.load %A_win[%[[R]], 1] : memref<3x3xi32>
// WINDOW-NEXT:            affine.store %[[W1]], %A_win[%[[R]], 0] : memref<3x3xi32>
// WINDOW-NEXT:            %[[W2:.*]] = affine.load %A_win[%[[R]], 2] : memref<3x3xi32>
// WINDOW-NEXT:            affine.store %[[W2]], %A_win[%[[R]], 1] : memref<3x3xi32>
// WINDOW-NEXT:            %[[COL:.*]] = affine.load %A_line[%[[R]], %[[X]]] : memref<3x10xi32>
// WINDOW-NEXT:            affine.store %[[COL]], %A_win[%[[R]], 2] : memref<3x3xi32>
// WINDOW-NEXT:          } {loop_name = "A_win.d0"}
// WINDOW-NEXT:          affine.if affine_set<(d0) : ((d0 + -2) >= 0)>(%[[X]]) {
// WINDOW:                 %a = affine.load %A_win[%{{.*}}, %{{.*}}] : memref<3x3xi32>
// WINDOW:                 affine.store %v, %B[%[[Y]] + -2, %[[X]] + -2] : memref<6x8xi32>
// WINDOW-NEXT:          }
// WINDOW-NEXT:        }
// WINDOW-NEXT:      } {loop_name = "x"}
// WINDOW-NEXT:    } {loop_name = "y", op_name = "S_y_0"}

// The same through YAML, with a complete partition of the window, the
// line buffer partitioned by rows and x pipelined.
// HLS-LABEL: void conv(int32_t A[8][10], int32_t K[3][3], int32_t B[6][8]) {
// HLS-NEXT:    int32_t A_line[3][10];
// HLS-NEXT:    #pragma HLS array_partition variable=A_line complete dim=1
// HLS-NEXT:    int32_t A_win[3][3];
// HLS-NEXT:    #pragma HLS array_partition variable=A_win complete dim=1
// HLS-NEXT:    #pragma HLS array_partition variable=A_win complete dim=2
// HLS-NEXT:    l_y: for (int y = 0; y < 8; y++) {
// HLS-NEXT:      l_x: for (int x = 0; x < 10; x++) {
// HLS-NEXT:        #pragma HLS pipeline II=1
// HLS:             A_line[2][x] = {{.*}};
// HLS-NEXT:        if (y - 2 >= 0) {
// HLS-NEXT:          l_A_win_d0: for (int A_win_d0 = 0; A_win_d0 < 3; A_win_d0++) {
// HLS:               if (x - 2 >= 0) {
// HLS:                 B[y - 2][x - 2] = {{.*}};

// Stride 2, B[x] = A[2x] + A[2x + 1] + A[2x + 2]: x runs over the 17
// elements read (0 .. 2 * 7 + 2), and the body runs where x - 2 is even,
// for the original iteration (x - 2) / 2.
// STRIDE-LABEL: func.func @blur_s2(
// STRIDE:         %[[R:.*]] = memref.alloc() {name = "A_reuse_x"} : memref<3xf32>
// STRIDE-NEXT:    affine.for %[[X:.*]] = 0 to 17 {
// STRIDE:           affine.store %{{.*}}, %[[R]][2] : memref<3xf32>
// STRIDE-NEXT:      affine.if affine_set<(d0) : ((d0 + -2) >= 0, ((d0 + -2) mod 2) == 0)>(%[[X]]) {
// STRIDE-NEXT:        affine.load %[[R]][0] : memref<3xf32>
// STRIDE-NEXT:        affine.load %[[R]][1] : memref<3xf32>
// STRIDE-NEXT:        affine.load %[[R]][2] : memref<3xf32>
// STRIDE:             affine.store %{{.*}}, %B[(%[[X]] + -2) floordiv 2] : memref<8xf32>

// STRIDE2D-LABEL: func.func @conv_s2(
// STRIDE2D:         memref.alloc() {name = "A_reuse_y"} : memref<3x11xi32>
// STRIDE2D-NEXT:    affine.for %[[Y:.*]] = 0 to 9 {
// STRIDE2D:           affine.if affine_set<(d0) : ((d0 + -2) >= 0, ((d0 + -2) mod 2) == 0)>(%[[Y]]) {
// STRIDE2D-NEXT:        affine.for %[[X:.*]] = 0 to 5 {
// STRIDE2D:               affine.load %A_reuse_y[%{{.*}}, %[[X]] * 2 + %{{.*}}] : memref<3x11xi32>
// STRIDE2D:               affine.store %{{.*}}, %B[(%[[Y]] + -2) floordiv 2, %[[X]]] : memref<4x5xi32>

// Reuse of A directly at x with explicit offsets: rows y .. y + 2 span 3
// positions in an iteration of x, so they stay in the buffer: a 3x3 window
// filled from column x of rows y + r.
// CROSS-LABEL: func.func @cross(
// CROSS:         %[[W:.*]] = memref.alloc() {name = "A_reuse_x"} : memref<3x3xf32>
// CROSS-NEXT:    affine.for %[[Y:.*]] = 0 to 4 {
// CROSS-NEXT:      affine.for %[[X:.*]] = 0 to 8 {
// CROSS-NEXT:        affine.for %[[R:.*]] = 0 to 3 {
// CROSS-NEXT:          %[[V1:.*]] = affine.load %[[W]][%[[R]], 1] : memref<3x3xf32>
// CROSS-NEXT:          affine.store %[[V1]], %[[W]][%[[R]], 0] : memref<3x3xf32>
// CROSS-NEXT:          %[[V2:.*]] = affine.load %[[W]][%[[R]], 2] : memref<3x3xf32>
// CROSS-NEXT:          affine.store %[[V2]], %[[W]][%[[R]], 1] : memref<3x3xf32>
// CROSS-NEXT:          %[[NEW:.*]] = affine.load %A[%[[Y]] + %[[R]], %[[X]]] : memref<6x8xf32>
// CROSS-NEXT:          affine.store %[[NEW]], %[[W]][%[[R]], 2] : memref<3x3xf32>
// CROSS-NEXT:        } {loop_name = "A_reuse_x.d0"}
// CROSS-NEXT:        affine.if affine_set<(d0) : ((d0 + -2) >= 0)>(%[[X]]) {
// CROSS-NEXT:          %n = affine.load %[[W]][0, 1] : memref<3x3xf32>
// CROSS-NEXT:          %w = affine.load %[[W]][1, 0] : memref<3x3xf32>
// CROSS-NEXT:          %c = affine.load %[[W]][1, 1] : memref<3x3xf32>
// CROSS-NEXT:          %e = affine.load %[[W]][1, 2] : memref<3x3xf32>
// CROSS-NEXT:          %s = affine.load %[[W]][2, 1] : memref<3x3xf32>
// CROSS:               affine.store %{{.*}}, %B[%[[Y]], %[[X]] + -2] : memref<4x6xf32>

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

func.func @conv(%A: memref<8x10xi32>, %K: memref<3x3xi32>, %B: memref<6x8xi32>) {
  affine.for %y = 0 to 6 {
    affine.for %x = 0 to 8 {
      %sum = memref.alloca() : memref<1xi32>
      %zero = arith.constant 0 : i32
      affine.store %zero, %sum[0] : memref<1xi32>
      affine.for %r = 0 to 3 {
        affine.for %c = 0 to 3 {
          %a = affine.load %A[%y + %r, %x + %c] : memref<8x10xi32>
          %k = affine.load %K[%r, %c] : memref<3x3xi32>
          %p = arith.muli %a, %k : i32
          %s = affine.load %sum[0] : memref<1xi32>
          %t = arith.addi %s, %p : i32
          affine.store %t, %sum[0] : memref<1xi32>
        }
      }
      %v = affine.load %sum[0] : memref<1xi32>
      affine.store %v, %B[%y, %x] : memref<6x8xi32>
    }
  }
  return
}

func.func @blur_s2(%A: memref<17xf32>, %B: memref<8xf32>) {
  affine.for %x = 0 to 8 {
    %a0 = affine.load %A[%x * 2] : memref<17xf32>
    %a1 = affine.load %A[%x * 2 + 1] : memref<17xf32>
    %a2 = affine.load %A[%x * 2 + 2] : memref<17xf32>
    %s0 = arith.addf %a0, %a1 : f32
    %s1 = arith.addf %s0, %a2 : f32
    affine.store %s1, %B[%x] : memref<8xf32>
  }
  return
}

func.func @conv_s2(%A: memref<9x11xi32>, %K: memref<3x3xi32>, %B: memref<4x5xi32>) {
  affine.for %y = 0 to 4 {
    affine.for %x = 0 to 5 {
      %sum = memref.alloca() : memref<1xi32>
      %zero = arith.constant 0 : i32
      affine.store %zero, %sum[0] : memref<1xi32>
      affine.for %r = 0 to 3 {
        affine.for %c = 0 to 3 {
          %a = affine.load %A[%y * 2 + %r, %x * 2 + %c] : memref<9x11xi32>
          %k = affine.load %K[%r, %c] : memref<3x3xi32>
          %p = arith.muli %a, %k : i32
          %s = affine.load %sum[0] : memref<1xi32>
          %t = arith.addi %s, %p : i32
          affine.store %t, %sum[0] : memref<1xi32>
        }
      }
      %v = affine.load %sum[0] : memref<1xi32>
      affine.store %v, %B[%y, %x] : memref<4x5xi32>
    }
  }
  return
}

func.func @cross(%A: memref<6x8xf32>, %B: memref<4x6xf32>) {
  affine.for %y = 0 to 4 {
    affine.for %x = 0 to 6 {
      %n = affine.load %A[%y, %x + 1] : memref<6x8xf32>
      %w = affine.load %A[%y + 1, %x] : memref<6x8xf32>
      %c = affine.load %A[%y + 1, %x + 1] : memref<6x8xf32>
      %e = affine.load %A[%y + 1, %x + 2] : memref<6x8xf32>
      %s = affine.load %A[%y + 2, %x + 1] : memref<6x8xf32>
      %t0 = arith.addf %n, %w : f32
      %t1 = arith.addf %t0, %c : f32
      %t2 = arith.addf %t1, %e : f32
      %t3 = arith.addf %t2, %s : f32
      affine.store %t3, %B[%y, %x] : memref<4x6xf32>
    }
  }
  return
}
