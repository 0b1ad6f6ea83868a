// Local arrays (alloc, alloca, named by their `name` attribute or SSA name),
// memref.load/store, subviews (folded into the indices on input),
// memref.copy (loops named copy_dK on input), dealloc, and streams.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void memory(float A[8][8], float B[4][4], float acc[1], int n) {
// CHECK-NEXT:    float tmp[4][4];
// CHECK-NEXT:    int32_t line_buf[3];
// CHECK-NEXT:    float buf[2];
// CHECK-NEXT:    l_i: for (int i = 0; i < 4; i++) {
// CHECK-NEXT:      l_j: for (int j = 0; j < 4; j++) {
// CHECK-NEXT:        float x = A[i + 2][j * 2 + 1];
// CHECK-NEXT:        float y = A[i + 3][j * 2 + n * 2 + 1];
// CHECK-NEXT:        tmp[i][j] = x;
// CHECK-NEXT:        float s = acc[0];
// CHECK-NEXT:        float t = s + y;
// CHECK-NEXT:        acc[0] = t;
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    l_copy_d0: for (int copy_d0 = 0; copy_d0 < 4; copy_d0++) {
// CHECK-NEXT:      l_copy_d1: for (int copy_d1 = 0; copy_d1 < 4; copy_d1++) {
// CHECK-NEXT:        float v = tmp[copy_d0][copy_d1];
// CHECK-NEXT:        B[copy_d0][copy_d1] = v;
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @memory(%A: memref<8x8xf32>, %B: memref<4x4xf32>, %acc: memref<f32>, %n: index) {
  %v = memref.subview %A[2, 1][4, 4][1, 2]
      : memref<8x8xf32> to memref<4x4xf32, strided<[8, 2], offset: 17>>
  %w = memref.subview %v[1, %n][2, 2][1, 1]
      : memref<4x4xf32, strided<[8, 2], offset: 17>> to memref<2x2xf32, strided<[8, 2], offset: ?>>
  %tmp = memref.alloca() : memref<4x4xf32>
  %lb = memref.alloc() {name = "line_buf"} : memref<3xi32>
  %0 = memref.alloc() : memref<2xf32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %x = memref.load %v[%i, %j] : memref<4x4xf32, strided<[8, 2], offset: 17>>
      %y = memref.load %w[%i, %j] : memref<2x2xf32, strided<[8, 2], offset: ?>>
      memref.store %x, %tmp[%i, %j] : memref<4x4xf32>
      %s = memref.load %acc[] : memref<f32>
      %t = arith.addf %s, %y : f32
      memref.store %t, %acc[] : memref<f32>
    }
  }
  "memref.copy"(%tmp, %B) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  memref.dealloc %lb : memref<3xi32>
  return
}

// CHECK-LABEL: void pass(hls::stream<int32_t> &x, hls::stream<int32_t> &y) {
// CHECK-NEXT:    int32_t v = x.read();
// CHECK-NEXT:    y.write(v);
// CHECK-NEXT:  }

// A callee comes before its callers.
// (Not a dataflow region: fifo has two readers, not canonical for Vitis.)
// CHECK-LABEL: void streams(int32_t A[8], int32_t B[8]) {
// CHECK-NEXT:    hls::stream<int32_t> fifo;
// CHECK-NEXT:    #pragma HLS stream variable=fifo depth=2
// CHECK-NEXT:    hls::stream<int32_t> s;
// CHECK-NEXT:    #pragma HLS stream variable=s depth=1
// CHECK-NEXT:    l_S_i_0_i: for (int i = 0; i < 8; i++) {
// CHECK-NEXT:      int32_t v = A[i];
// CHECK-NEXT:      fifo.write(v);
// CHECK-NEXT:    }
// CHECK-NEXT:    l_S_i_1_i: for (int i = 0; i < 8; i++) {
// CHECK-NEXT:      int32_t v = fifo.read();
// CHECK-NEXT:      B[i] = v;
// CHECK-NEXT:    }
// CHECK-NEXT:    pass(fifo, s);
// CHECK-NEXT:  }
func.func @streams(%A: memref<8xi32>, %B: memref<8xi32>) {
  %f = fpga.stream_create "fifo" : !fpga.stream<i32, 2>
  %s = fpga.stream_create : !fpga.stream<i32, 1>
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xi32>
    fpga.stream_put %f, %v : !fpga.stream<i32, 2>
  }
  affine.for %i = 0 to 8 {
    %v = fpga.stream_get %f : !fpga.stream<i32, 2>
    affine.store %v, %B[%i] : memref<8xi32>
  }
  func.call @pass(%f, %s) : (!fpga.stream<i32, 2>, !fpga.stream<i32, 1>) -> ()
  return
}

func.func @pass(%x: !fpga.stream<i32, 2>, %y: !fpga.stream<i32, 1>) {
  %v = fpga.stream_get %x : !fpga.stream<i32, 2>
  fpga.stream_put %y, %v : !fpga.stream<i32, 1>
  return
}
