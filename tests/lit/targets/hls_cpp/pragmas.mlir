// Hardware hints become pragmas: loop hints as the first lines of the loop
// body, function hints first in the function body, array partitions after
// the signature (parameters) or the declaration (local arrays).
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void kernel(float A[8][8], float B[8], float R[8][8]) {
// CHECK-NEXT:    #pragma HLS dataflow
// CHECK-NEXT:    #pragma HLS array_partition variable=A cyclic factor=4 dim=1
// CHECK-NEXT:    #pragma HLS array_partition variable=A complete dim=2
// CHECK-NEXT:    #pragma HLS array_partition variable=B block factor=2 dim=1
// CHECK-NEXT:    #pragma HLS array_partition variable=R complete dim=1
// CHECK-NEXT:    float buf[8][8];
// CHECK-NEXT:    #pragma HLS array_partition variable=buf cyclic factor=2 dim=2
// CHECK-NEXT:    l_i_outer: for (int i_outer = 0; i_outer < 8; i_outer += 2) {
// CHECK-NEXT:      #pragma HLS pipeline II=1 rewind
// CHECK-NEXT:      l_i_inner: for (int i_inner = 0; i_inner < 2; i_inner++) {
// CHECK-NEXT:        #pragma HLS unroll
// CHECK-NEXT:        l_j: for (int j = 0; j < 8; j++) {
// CHECK-NEXT:          #pragma HLS pipeline II=3
// CHECK-NEXT:          #pragma HLS unroll factor=4
// CHECK-NEXT:          int i = i_outer + i_inner;
// CHECK-NEXT:          float a = A[i][j];
// CHECK-NEXT:          buf[i][j] = a;
// CHECK-NEXT:          R[i][j] = a;
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    l_k: for (int k = 0; k < 8; k++) {
// CHECK-NEXT:      #pragma HLS dataflow
// CHECK-NEXT:      for (int kk = 0; kk < 1; kk++) {
// CHECK-NEXT:        float b = buf[k][k];
// CHECK-NEXT:        B[k] = b;
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @kernel(%A: memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>,
                  %B: memref<8xf32, #fpga.partition<[block 2]>>)
    -> memref<8x8xf32, #fpga.partition<[complete, none]>> attributes {fpga.dataflow} {
  %R = memref.alloc() : memref<8x8xf32, #fpga.partition<[complete, none]>>
  %buf = memref.alloc() : memref<8x8xf32, #fpga.partition<[none, cyclic 2]>>
  affine.for %io = 0 to 8 step 2 {
    affine.for %ii = 0 to 2 {
      affine.for %j = 0 to 8 {
        %i = affine.apply affine_map<(d0, d1) -> (d0 + d1)>(%io, %ii)
        %a = affine.load %A[%i, %j] : memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>
        affine.store %a, %buf[%i, %j] : memref<8x8xf32, #fpga.partition<[none, cyclic 2]>>
        affine.store %a, %R[%i, %j] : memref<8x8xf32, #fpga.partition<[complete, none]>>
      } {fpga.pipeline_ii = 3 : i64, fpga.unroll = 4 : i64}
    } {loop_name = "i.inner", fpga.unroll = 0 : i64}
  } {loop_name = "i.outer", fpga.pipeline_ii = 1 : i64, fpga.rewind}
  affine.for %k = 0 to 8 {
    // a canonical dataflow region holds processes (loops, calls) only
    affine.for %kk = 0 to 1 {
      %b = affine.load %buf[%k, %k] : memref<8x8xf32, #fpga.partition<[none, cyclic 2]>>
      affine.store %b, %B[%k] : memref<8xf32, #fpga.partition<[block 2]>>
    }
  } {fpga.dataflow}
  return %R : memref<8x8xf32, #fpga.partition<[complete, none]>>
}

// CHECK-LABEL: void leaf(int32_t x, int32_t *out0) {
// CHECK-NEXT:    #pragma HLS inline
// CHECK-NEXT:    *out0 = x;
func.func @leaf(%x: i32) -> i32 attributes {fpga.inline} {
  return %x : i32
}
