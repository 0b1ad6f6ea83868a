// RUN: allo-opt %s -p 'buffer-to-stream{func="bands" buffer="T"}' | filecheck %s --check-prefix=BANDS
// RUN: allo-opt %s -p 'buffer-to-stream{func="bands" buffer="T" depth=4}' -t hls-cpp | filecheck %s --check-prefix=BANDS-HLS
// RUN: allo-opt %s --pipeline %S/Inputs/chain.yaml | filecheck %s --check-prefix=CHAIN
// RUN: allo-opt %s --pipeline %S/Inputs/chain.yaml -t hls-cpp | filecheck %s --check-prefix=CHAIN-HLS
// RUN: allo-opt %s -p 'buffer-to-stream{func="fork" buffer="F" consumers=twice,band}' | filecheck %s --check-prefix=FORK

// Two bands of one function: the alloc becomes a stream of the element
// count (20), which it records (`elements`), the store a put and the load a
// get, each saying which element of T it moves; the dealloc goes.
// BANDS-LABEL: func.func @bands(%A: memref<4x5xi32>, %C: memref<4x5xi32>) {
// BANDS-NEXT:    %T = fpga.stream_create "T" elements 20 : !fpga.stream<i32, 20>
// BANDS-NEXT:    %one = arith.constant 1 : i32
// BANDS:           %b = arith.addi %a, %one : i32
// BANDS-NEXT:      fpga.stream_put %T, %b element [%i, %j] : !fpga.stream<i32, 20>
// BANDS:           %t = fpga.stream_get %T element [%i_1, %j_1] : !fpga.stream<i32, 20>
// BANDS-NEXT:      %c = arith.muli %t, %t : i32
// BANDS-NOT:     memref.dealloc
// BANDS:         func.return

// BANDS-HLS:      #include "hls_stream.h"
// BANDS-HLS-LABEL: void bands(int32_t A[4][5], int32_t C[4][5]) {
// BANDS-HLS-NEXT:   hls::stream<int32_t> T;
// BANDS-HLS-NEXT:   #pragma HLS stream variable=T depth=4
// BANDS-HLS:          T.write(b);
// BANDS-HLS:          int32_t t = T.read();

// A three-stage chain of functions under a dataflow top (YAML steps `to`
// twice and `dataflow`): each callee parameter bound to a streamed buffer
// becomes a stream, consistently in the callee and at the call.
// CHAIN-LABEL: func.func @stage1(%A: memref<8xf32>, %X: !fpga.stream<f32, 8>) {
// CHAIN:         fpga.stream_put %X, %{{.*}} element [%i] : !fpga.stream<f32, 8>
// CHAIN-LABEL: func.func @stage2(%X: !fpga.stream<f32, 8>, %Y: !fpga.stream<f32, 2>) {
// CHAIN:         %x = fpga.stream_get %X element [%i] : !fpga.stream<f32, 8>
// CHAIN:         fpga.stream_put %Y, %{{.*}} element [%i] : !fpga.stream<f32, 2>
// CHAIN-LABEL: func.func @stage3(%Y: !fpga.stream<f32, 2>, %C: memref<8xf32>) {
// CHAIN:         %y = fpga.stream_get %Y element [%i] : !fpga.stream<f32, 2>
// CHAIN-LABEL: func.func @chain(%A: memref<8xf32>, %C: memref<8xf32>) attributes {fpga.dataflow} {
// CHAIN-NEXT:    %U = fpga.stream_create "U" elements 8 : !fpga.stream<f32, 8>
// CHAIN-NEXT:    %V = fpga.stream_create "V" elements 8 : !fpga.stream<f32, 2>
// CHAIN-NEXT:    func.call @stage1(%A, %U) : (memref<8xf32>, !fpga.stream<f32, 8>) -> ()
// CHAIN-NEXT:    func.call @stage2(%U, %V) : (!fpga.stream<f32, 8>, !fpga.stream<f32, 2>) -> ()
// CHAIN-NEXT:    func.call @stage3(%V, %C) : (!fpga.stream<f32, 2>, memref<8xf32>) -> ()
// CHAIN-NEXT:    func.return

// CHAIN-HLS-LABEL: void stage2(hls::stream<float> &X, hls::stream<float> &Y) {
// CHAIN-HLS:         float x = X.read();
// CHAIN-HLS:         Y.write(
// CHAIN-HLS-LABEL: void chain(float A[8], float C[8]) {
// CHAIN-HLS-NEXT:    #pragma HLS dataflow
// CHAIN-HLS-NEXT:    hls::stream<float> U;
// CHAIN-HLS-NEXT:    #pragma HLS stream variable=U depth=8
// CHAIN-HLS-NEXT:    hls::stream<float> V;
// CHAIN-HLS-NEXT:    #pragma HLS stream variable=V depth=2
// CHAIN-HLS-NEXT:    stage1(A, U);
// CHAIN-HLS-NEXT:    stage2(U, V);
// CHAIN-HLS-NEXT:    stage3(V, C);
// CHAIN-HLS-NEXT:  }

// A fork named explicitly: one stream per consumer, in the order named,
// and a splitter band right after the producer copies each element into
// both (its ops move the stream's k-th element: `position [%k]`).
// FORK-LABEL: func.func @twice(%F: !fpga.stream<f32, 8>, %D: memref<8xf32>) {
// FORK-LABEL: func.func @fork(%A: memref<8xf32>, %D: memref<8xf32>, %E: memref<8xf32>) {
// FORK-NEXT:    %F = fpga.stream_create "F" elements 8 : !fpga.stream<f32, 8>
// FORK-NEXT:    %F_twice = fpga.stream_create "F_twice" elements 8 : !fpga.stream<f32, 8>
// FORK-NEXT:    %F_band = fpga.stream_create "F_band" elements 8 : !fpga.stream<f32, 8>
// FORK-NEXT:    affine.for %i = 0 to 8 {
// FORK-NEXT:      %a = affine.load %A[%i] : memref<8xf32>
// FORK-NEXT:      fpga.stream_put %F, %a element [%i] : !fpga.stream<f32, 8>
// FORK-NEXT:    } {loop_name = "i", op_name = "S_i_0"}
// FORK-NEXT:    affine.for %k = 0 to 8 {
// FORK-NEXT:      %0 = fpga.stream_get %F position [%k] : !fpga.stream<f32, 8>
// FORK-NEXT:      fpga.stream_put %F_twice, %0 position [%k] : !fpga.stream<f32, 8>
// FORK-NEXT:      fpga.stream_put %F_band, %0 position [%k] : !fpga.stream<f32, 8>
// FORK-NEXT:    } {loop_name = "F_fork", op_name = "F_fork", fpga.pipeline_ii = 1 : i64}
// FORK-NEXT:    func.call @twice(%F_twice, %D) : (!fpga.stream<f32, 8>, memref<8xf32>) -> ()
// FORK-NEXT:    affine.for %i_1 = 0 to 8 {
// FORK-NEXT:      %f = fpga.stream_get %F_band element [%i_1] : !fpga.stream<f32, 8>
// FORK-NEXT:      affine.store %f, %E[%i_1] : memref<8xf32>
// FORK-NEXT:    } {loop_name = "i", op_name = "band"}

func.func @bands(%A: memref<4x5xi32>, %C: memref<4x5xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x5xi32>
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<4x5xi32>
      %b = arith.addi %a, %one : i32
      affine.store %b, %T[%i, %j] : memref<4x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %t = affine.load %T[%i, %j] : memref<4x5xi32>
      %c = arith.muli %t, %t : i32
      affine.store %c, %C[%i, %j] : memref<4x5xi32>
    }
  }
  memref.dealloc %T : memref<4x5xi32>
  return
}

func.func @stage1(%A: memref<8xf32>, %X: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    %b = arith.addf %a, %a : f32
    affine.store %b, %X[%i] : memref<8xf32>
  }
  return
}

func.func @stage2(%X: memref<8xf32>, %Y: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %x = affine.load %X[%i] : memref<8xf32>
    %y = arith.mulf %x, %x : f32
    affine.store %y, %Y[%i] : memref<8xf32>
  }
  return
}

func.func @stage3(%Y: memref<8xf32>, %C: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %y = affine.load %Y[%i] : memref<8xf32>
    affine.store %y, %C[%i] : memref<8xf32>
  }
  return
}

func.func @chain(%A: memref<8xf32>, %C: memref<8xf32>) {
  %U = memref.alloc() {name = "U"} : memref<8xf32>
  %V = memref.alloc() {name = "V"} : memref<8xf32>
  func.call @stage1(%A, %U) : (memref<8xf32>, memref<8xf32>) -> ()
  func.call @stage2(%U, %V) : (memref<8xf32>, memref<8xf32>) -> ()
  func.call @stage3(%V, %C) : (memref<8xf32>, memref<8xf32>) -> ()
  return
}

func.func @twice(%F: memref<8xf32>, %D: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %f = affine.load %F[%i] : memref<8xf32>
    %g = arith.addf %f, %f : f32
    affine.store %g, %D[%i] : memref<8xf32>
  }
  return
}

func.func @fork(%A: memref<8xf32>, %D: memref<8xf32>, %E: memref<8xf32>) {
  %F = memref.alloc() {name = "F"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    affine.store %a, %F[%i] : memref<8xf32>
  }
  func.call @twice(%F, %D) : (memref<8xf32>, memref<8xf32>) -> ()
  affine.for %i = 0 to 8 {
    %f = affine.load %F[%i] : memref<8xf32>
    affine.store %f, %E[%i] : memref<8xf32>
  } {op_name = "band"}
  return
}
