// Streams, partition layouts and fpga.* hints print and read back unchanged,
// also through the generic form.
// RUN: allo-opt %s | allo-opt | filecheck %s
// RUN: allo-opt %s --print-op-generic | allo-opt | filecheck %s

// CHECK-LABEL: func.func @streams(%v: f32) -> f32 {
func.func @streams(%v : f32) -> f32 {
  // CHECK-NEXT: %s = fpga.stream_create "fifo0" : !fpga.stream<f32, 4>
  %s = fpga.stream_create "fifo0" : !fpga.stream<f32, 4>
  // CHECK-NEXT: %t = fpga.stream_create : !fpga.stream<memref<4xi8>, 2>
  %t = fpga.stream_create : !fpga.stream<memref<4xi8>, 2>
  // CHECK-NEXT: %u = fpga.stream_create {tag} : !fpga.stream<!allo.fixed<16, 8>, 1>
  %u = fpga.stream_create {tag} : !fpga.stream<!allo.fixed<16,8>, 1>
  // CHECK-NEXT: %e = fpga.stream_create "e" elements 16 {tag} : !fpga.stream<i32, 2>
  %e = fpga.stream_create "e" elements 16 {tag} : !fpga.stream<i32, 2>
  // CHECK-NEXT: %n = fpga.stream_create elements 1 : !fpga.stream<i32, 4>
  %n = fpga.stream_create elements 1 : !fpga.stream<i32, 4>
  // CHECK-NEXT: fpga.stream_put %s, %v : !fpga.stream<f32, 4>
  fpga.stream_put %s, %v : !fpga.stream<f32, 4>
  // CHECK-NEXT: %w = fpga.stream_get %s {tag = 1 : i64} : !fpga.stream<f32, 4>
  %w = fpga.stream_get %s {tag = 1 : i64} : !fpga.stream<f32, 4>
  // The element a put or get moves (`to` records it), or its position.
  // CHECK-NEXT: affine.for %i = 0 to 4 {
  affine.for %i = 0 to 4 {
    // CHECK-NEXT: fpga.stream_put %s, %v element [%i, %i * 2 + 1] {tag} : !fpga.stream<f32, 4>
    fpga.stream_put %s, %v element [%i, 2 * %i + 1] {tag} : !fpga.stream<f32, 4>
    // CHECK-NEXT: %x = fpga.stream_get %s element [%i floordiv 2] : !fpga.stream<f32, 4>
    %x = fpga.stream_get %s element [%i floordiv 2] : !fpga.stream<f32, 4>
    // CHECK-NEXT: %y = fpga.stream_get %s position [%i] : !fpga.stream<f32, 4>
    %y = fpga.stream_get %s position [%i] : !fpga.stream<f32, 4>
    // CHECK-NEXT: fpga.stream_put %s, %y position [%i] : !fpga.stream<f32, 4>
    fpga.stream_put %s, %y position [%i] : !fpga.stream<f32, 4>
  // CHECK-NEXT: } {loop_name = "i", op_name = "S_i_0"}
  }
  // CHECK-NEXT: func.return %w : f32
  func.return %w : f32
}

// CHECK-LABEL: func.func @callee(
// CHECK-SAME: %A: memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>
// CHECK-SAME: %B: memref<16xi32, #fpga.partition<[complete]>>
// CHECK-SAME: %C: memref<4x4x4xf32, #fpga.partition<[block 2, complete, cyclic 1]>>
// CHECK-SAME: attributes {fpga.inline}
func.func @callee(%A : memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>, %B : memref<16xi32, #fpga.partition<[complete]>>, %C : memref<4x4x4xf32, #fpga.partition<[block 2, complete, cyclic 1]>>) attributes {fpga.inline} {
  // CHECK: %a = affine.load %A[%i, %j] : memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>
  // CHECK: } {loop_name = "j", fpga.pipeline_ii = 2 : i64, fpga.rewind}
  // CHECK-NEXT: } {loop_name = "i", fpga.unroll = 0 : i64, fpga.parallel, op_name = "S_i_0"}
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %a = affine.load %A[%i, %j] : memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>
    } {fpga.pipeline_ii = 2, fpga.rewind}
  } {fpga.unroll = 0, fpga.parallel}
  func.return
}

// CHECK-LABEL: func.func @top(
// CHECK-SAME: attributes {fpga.dataflow}
func.func @top(%B : memref<16xi32, #fpga.partition<[complete]>>, %C : memref<4x4x4xf32, #fpga.partition<[block 2, complete, cyclic 1]>>) attributes {fpga.dataflow} {
  // CHECK-NEXT: %A = memref.alloc() : memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>
  %A = memref.alloc() : memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>
  // CHECK-NEXT: func.call @callee(%A, %B, %C) : (memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>, memref<16xi32, #fpga.partition<[complete]>>, memref<4x4x4xf32, #fpga.partition<[block 2, complete, cyclic 1]>>) -> ()
  func.call @callee(%A, %B, %C) : (memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>, memref<16xi32, #fpga.partition<[complete]>>, memref<4x4x4xf32, #fpga.partition<[block 2, complete, cyclic 1]>>) -> ()
  func.return
}
