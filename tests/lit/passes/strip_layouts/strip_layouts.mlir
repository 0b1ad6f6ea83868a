// RUN: allo-opt %s -p strip-layouts | filecheck %s
// RUN: allo-opt %s -p strip-layouts | mlir-opt-22 --verify-each | filecheck %s --check-prefix=UPSTREAM

// Layouts leave every type; the partition is kept where the storage is
// declared, and the call still matches its callee.
// CHECK-LABEL: func.func @leaf(
// CHECK-SAME:    %A: memref<8x8xf32> {hls.partition = [{dim = 1 : i64, kind = "cyclic", factor = 4 : i64}, {dim = 2 : i64, kind = "complete"}]})
// CHECK-SAME:    -> (memref<8x8xf32> {hls.partition = [{dim = 1 : i64, kind = "cyclic", factor = 4 : i64}, {dim = 2 : i64, kind = "complete"}]})
func.func @leaf(%A: memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>)
    -> memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>> {
  return %A : memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>
}

// CHECK-LABEL: func.func @top(
// CHECK-SAME:    %B: memref<4xi32>)
// CHECK:         %T = memref.alloc() {hls.partition = [{dim = 1 : i64, kind = "block", factor = 2 : i64}]} : memref<4xi32>
// CHECK:         %R = func.call @leaf(%T2) : (memref<8x8xf32>) -> memref<8x8xf32>
// CHECK-NOT:     fpga
func.func @top(%B: memref<4xi32>) {
  %T = memref.alloc() : memref<4xi32, #fpga.partition<[block 2]>>
  %T2 = memref.alloc() : memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>
  %R = func.call @leaf(%T2) : (memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>)
      -> memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>
  return
}

// UPSTREAM: func.func @leaf(%{{.*}}: memref<8x8xf32> {hls.partition =
// UPSTREAM: memref.alloc() {hls.partition =

// REQUIRES: mlir-opt
