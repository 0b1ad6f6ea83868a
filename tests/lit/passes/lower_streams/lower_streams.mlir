// RUN: allo-opt %s -p lower-streams | filecheck %s
// RUN: allo-opt %S/Inputs/scheduled.mlir --pipeline circt | filecheck %s --check-prefix=CIRCT
// RUN: allo-opt %S/Inputs/scheduled.mlir --pipeline circt-cf | mlir-opt-22 --verify-each > /dev/null

// Two bands of one function: the stream of 6 elements (depth 2) becomes a
// buffer of 6, whatever the depth, and two counters set to 0. A put
// stores at the write counter and increments it; a get loads at the read
// counter and increments it.
// CHECK-LABEL: func.func @bands(%A: memref<6xi32>, %C: memref<6xi32>) {
// CHECK-NEXT:    %T = memref.alloc() {hls.stream_depth = 2 : i64, name = "T"} : memref<6xi32>
// CHECK-NEXT:    %T_wr = memref.alloc() : memref<1xi64>
// CHECK-NEXT:    %T_rd = memref.alloc() : memref<1xi64>
// CHECK-NEXT:    %zero = arith.constant 0 : i64
// CHECK-NEXT:    affine.store %zero, %T_wr[0] : memref<1xi64>
// CHECK-NEXT:    affine.store %zero, %T_rd[0] : memref<1xi64>
// CHECK-NEXT:    affine.for %i = 0 to 6 {
// CHECK-NEXT:      %a = affine.load %A[%i] : memref<6xi32>
// CHECK-NEXT:      %T_wr_count = affine.load %T_wr[0] : memref<1xi64>
// CHECK-NEXT:      %T_wr_at = arith.index_cast %T_wr_count : i64 to index
// CHECK-NEXT:      memref.store %a, %T[%T_wr_at] : memref<6xi32>
// CHECK-NEXT:      %one = arith.constant 1 : i64
// CHECK-NEXT:      %T_wr_next = arith.addi %T_wr_count, %one : i64
// CHECK-NEXT:      affine.store %T_wr_next, %T_wr[0] : memref<1xi64>
// CHECK-NEXT:    }
// CHECK-NEXT:    affine.for %i_1 = 0 to 6 {
// CHECK-NEXT:      %T_rd_count = affine.load %T_rd[0] : memref<1xi64>
// CHECK-NEXT:      %T_rd_at = arith.index_cast %T_rd_count : i64 to index
// CHECK-NEXT:      %t = memref.load %T[%T_rd_at] : memref<6xi32>
// CHECK-NEXT:      %one_1 = arith.constant 1 : i64
// CHECK-NEXT:      %T_rd_next = arith.addi %T_rd_count, %one_1 : i64
// CHECK-NEXT:      affine.store %T_rd_next, %T_rd[0] : memref<1xi64>
// CHECK-NEXT:      affine.store %t, %C[%i_1] : memref<6xi32>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return
func.func @bands(%A: memref<6xi32>, %C: memref<6xi32>) {
  %T = fpga.stream_create "T" elements 6 : !fpga.stream<i32, 2>
  affine.for %i = 0 to 6 {
    %a = affine.load %A[%i] : memref<6xi32>
    fpga.stream_put %T, %a : !fpga.stream<i32, 2>
  }
  affine.for %i = 0 to 6 {
    %t = fpga.stream_get %T : !fpga.stream<i32, 2>
    affine.store %t, %C[%i] : memref<6xi32>
  }
  return
}

// Stream parameters become (buffer, write counter, read counter) at their
// position, sized by the stream their callers pass (8 elements, made in
// @top), also through @relay, which passes its stream on, and in a
// declaration; argument attributes stay and gain the depth.
// CHECK-LABEL: func.func private @ext(memref<8xf32>, memref<1xi64>, memref<1xi64>) -> ()
func.func private @ext(!fpga.stream<f32, 4>)

// CHECK-LABEL: func.func @source(%A: memref<8xf32>, %X: memref<8xf32> {hls.stream_depth = 4 : i64}, %X_wr: memref<1xi64>, %X_rd: memref<1xi64>) {
// CHECK:           %X_wr_count = affine.load %X_wr[0] : memref<1xi64>
// CHECK-NEXT:      %X_wr_at = arith.index_cast %X_wr_count : i64 to index
// CHECK-NEXT:      memref.store %a, %X[%X_wr_at] : memref<8xf32>
func.func @source(%A: memref<8xf32>, %X: !fpga.stream<f32, 4>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    fpga.stream_put %X, %a : !fpga.stream<f32, 4>
  }
  return
}

// CHECK-LABEL: func.func @sink(%X: memref<8xf32> {hls.stream_depth = 4 : i64}, %X_wr: memref<1xi64>, %X_rd: memref<1xi64>, %C: memref<8xf32>) {
// CHECK:           %X_rd_count = affine.load %X_rd[0] : memref<1xi64>
// CHECK-NEXT:      %X_rd_at = arith.index_cast %X_rd_count : i64 to index
// CHECK-NEXT:      %x = memref.load %X[%X_rd_at] : memref<8xf32>
// CHECK:           affine.store %x, %C[%i] : memref<8xf32>
func.func @sink(%X: !fpga.stream<f32, 4>, %C: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %x = fpga.stream_get %X : !fpga.stream<f32, 4>
    affine.store %x, %C[%i] : memref<8xf32>
  }
  return
}

// CHECK-LABEL: func.func @relay(%C: memref<8xf32> {tag}, %Y: memref<8xf32> {tag = 1 : i64, hls.stream_depth = 4 : i64}, %Y_wr: memref<1xi64>, %Y_rd: memref<1xi64>) {
// CHECK-NEXT:    func.call @sink(%Y, %Y_wr, %Y_rd, %C) : (memref<8xf32>, memref<1xi64>, memref<1xi64>, memref<8xf32>) -> ()
func.func @relay(%C: memref<8xf32> {tag}, %Y: !fpga.stream<f32, 4> {tag = 1 : i64}) {
  func.call @sink(%Y, %C) : (!fpga.stream<f32, 4>, memref<8xf32>) -> ()
  return
}

// CHECK-LABEL: func.func @top(%A: memref<8xf32>, %C: memref<8xf32>) {
// CHECK-NEXT:    %S = memref.alloc() {hls.stream_depth = 4 : i64, name = "S"} : memref<8xf32>
// CHECK-NEXT:    %S_wr = memref.alloc() : memref<1xi64>
// CHECK-NEXT:    %S_rd = memref.alloc() : memref<1xi64>
// CHECK:         func.call @source(%A, %S, %S_wr, %S_rd) : (memref<8xf32>, memref<8xf32>, memref<1xi64>, memref<1xi64>) -> ()
// CHECK-NEXT:    func.call @relay(%C, %S, %S_wr, %S_rd) : (memref<8xf32>, memref<8xf32>, memref<1xi64>, memref<1xi64>) -> ()
// CHECK-NEXT:    func.call @ext(%S, %S_wr, %S_rd) : (memref<8xf32>, memref<1xi64>, memref<1xi64>) -> ()
// CHECK-NEXT:    func.return
// CHECK-NOT:   fpga.
func.func @top(%A: memref<8xf32>, %C: memref<8xf32>) {
  %S = fpga.stream_create "S" elements 8 : !fpga.stream<f32, 4>
  func.call @source(%A, %S) : (memref<8xf32>, !fpga.stream<f32, 4>) -> ()
  func.call @relay(%C, %S) : (memref<8xf32>, !fpga.stream<f32, 4>) -> ()
  func.call @ext(%S) : (!fpga.stream<f32, 4>) -> ()
  return
}

// The circt pipeline: `to` makes the stream (2 of 8 elements), lower-streams
// turns it back into a buffer of 8 with counters, the dataflow hint
// becomes an hls attribute, no fpga op or type is left.
// CIRCT-LABEL: func.func @producer(%A: memref<8xi32>, %B: memref<8xi32> {hls.stream_depth = 2 : i64}, %B_wr: memref<1xi64>, %B_rd: memref<1xi64>) {
// CIRCT-LABEL: func.func @consumer(%B: memref<8xi32> {hls.stream_depth = 2 : i64}, %B_wr: memref<1xi64>, %B_rd: memref<1xi64>, %C: memref<8xi32>) {
// CIRCT-LABEL: func.func @pc(%A: memref<8xi32>, %C: memref<8xi32>) attributes {hls.dataflow} {
// CIRCT-NEXT:    %B = memref.alloc() {hls.stream_depth = 2 : i64, name = "B"} : memref<8xi32>
// CIRCT:         func.call @producer(%A, %B, %B_wr, %B_rd)
// CIRCT-NEXT:    func.call @consumer(%B, %B_wr, %B_rd, %C)
// CIRCT-NOT:   fpga.

// REQUIRES: mlir-opt
