// A partition set in one function reaches every alias across calls, at once:
// two call sites (Allo's example: linear twice, then add), two callers, and a
// returned buffer. The module verifies after each step; compose then finds
// nothing left to do.

// RUN: allo-opt %s -p apply-schedules | filecheck %s
// RUN: allo-opt %s -p apply-schedules,compose | filecheck %s
// RUN: allo-opt %s --pipeline fpga | filecheck %s --check-prefix=HLS

// Two functions customized on their own that agree are no conflict.
// RUN: allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/agree.yaml | filecheck %s --check-prefix=AGREE
// AGREE-LABEL: func.func @linear(
// AGREE-SAME:    %out: memref<4x8xf32, #fpga.partition<[none, block 2]>>
// AGREE-LABEL: func.func @add(%x: memref<4x8xf32, #fpga.partition<[none, block 2]>>, %y: memref<4x8xf32, #fpga.partition<[none, block 2]>>, %z: memref<4x8xf32>)

// CHECK-LABEL: func.func @linear(
// CHECK-SAME:    %out: memref<4x8xf32, #fpga.partition<[none, block 2]>>
// CHECK-LABEL: func.func @add(
// CHECK-SAME:    %x: memref<4x8xf32, #fpga.partition<[none, block 2]>>, %y: memref<4x8xf32, #fpga.partition<[none, block 2]>>, %z: memref<4x8xf32>)
// CHECK-LABEL: func.func @top(
// CHECK:         %t1 = memref.alloc() : memref<4x8xf32, #fpga.partition<[none, block 2]>>
// CHECK-NEXT:    %t2 = memref.alloc() : memref<4x8xf32, #fpga.partition<[none, block 2]>>
// CHECK-NEXT:    func.call @linear(%X1, %W1, %t1) : (memref<4x8xf32>, memref<8x8xf32>, memref<4x8xf32, #fpga.partition<[none, block 2]>>) -> ()
// CHECK-NEXT:    func.call @linear(%X2, %W2, %t2) : (memref<4x8xf32>, memref<8x8xf32>, memref<4x8xf32, #fpga.partition<[none, block 2]>>) -> ()
// CHECK-NEXT:    func.call @add(%t1, %t2, %Z) : (memref<4x8xf32, #fpga.partition<[none, block 2]>>, memref<4x8xf32, #fpga.partition<[none, block 2]>>, memref<4x8xf32>) -> ()

// CHECK-LABEL: func.func @scale(%v: memref<8xi32, #fpga.partition<[cyclic 2]>>)
// CHECK-LABEL: func.func @first(%a: memref<8xi32, #fpga.partition<[cyclic 2]>>)
// CHECK-NEXT:    func.call @scale(%a) : (memref<8xi32, #fpga.partition<[cyclic 2]>>) -> ()
// CHECK-LABEL: func.func @second(%b: memref<8xi32, #fpga.partition<[cyclic 2]>>)
// CHECK-NEXT:    func.call @scale(%b) : (memref<8xi32, #fpga.partition<[cyclic 2]>>) -> ()

// CHECK-LABEL: func.func @produce(%in: memref<8xi32>) -> memref<8xi32, #fpga.partition<[complete]>>
// CHECK:         %r = memref.alloc() : memref<8xi32, #fpga.partition<[complete]>>
// CHECK:         func.return %r : memref<8xi32, #fpga.partition<[complete]>>
// CHECK-LABEL: func.func @consume(%c: memref<8xi32, #fpga.partition<[complete]>>, %d: memref<8xi32>)
// CHECK-LABEL: func.func @chain(
// CHECK-NEXT:    %t = func.call @produce(%in) : (memref<8xi32>) -> memref<8xi32, #fpga.partition<[complete]>>
// CHECK-NEXT:    func.call @consume(%t, %out) : (memref<8xi32, #fpga.partition<[complete]>>, memref<8xi32>) -> ()

// The pragmas appear in all three functions of Allo's example.
// HLS-LABEL: void linear(
// HLS-NEXT:    #pragma HLS array_partition variable=out block factor=2 dim=2
// HLS-LABEL: void add(
// HLS-NEXT:    #pragma HLS array_partition variable=x block factor=2 dim=2
// HLS-NEXT:    #pragma HLS array_partition variable=y block factor=2 dim=2
// HLS-LABEL: void top(
// HLS:         float t1[4][8];
// HLS-NEXT:    #pragma HLS array_partition variable=t1 block factor=2 dim=2
// HLS-NEXT:    float t2[4][8];
// HLS-NEXT:    #pragma HLS array_partition variable=t2 block factor=2 dim=2
// HLS-LABEL: void first(
// HLS-NEXT:    #pragma HLS array_partition variable=a cyclic factor=2 dim=1
// HLS-LABEL: void second(
// HLS-NEXT:    #pragma HLS array_partition variable=b cyclic factor=2 dim=1
// HLS-LABEL: void produce(int32_t in[8], int32_t r[8]) {
// HLS-NEXT:    #pragma HLS array_partition variable=r complete dim=1
// HLS-LABEL: void consume(
// HLS-NEXT:    #pragma HLS array_partition variable=c complete dim=1
// HLS-LABEL: void chain(
// HLS-NEXT:    int32_t t[8];
// HLS-NEXT:    #pragma HLS array_partition variable=t complete dim=1

// Two call sites of @linear; both results feed @add (Allo's example).
func.func @linear(%X: memref<4x8xf32>, %W: memref<8x8xf32>, %out: memref<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 8 {
      affine.store %zero, %out[%i, %j] : memref<4x8xf32>
      affine.for %k = 0 to 8 {
        %x = affine.load %X[%i, %k] : memref<4x8xf32>
        %w = affine.load %W[%k, %j] : memref<8x8xf32>
        %o = affine.load %out[%i, %j] : memref<4x8xf32>
        %p = arith.mulf %x, %w : f32
        %s = arith.addf %o, %p : f32
        affine.store %s, %out[%i, %j] : memref<4x8xf32>
      }
    }
  }
  func.return
}
func.func @add(%x: memref<4x8xf32>, %y: memref<4x8xf32>, %z: memref<4x8xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 8 {
      %a = affine.load %x[%i, %j] : memref<4x8xf32>
      %b = affine.load %y[%i, %j] : memref<4x8xf32>
      %s = arith.addf %a, %b : f32
      affine.store %s, %z[%i, %j] : memref<4x8xf32>
    }
  }
  func.return
}
func.func @top(%X1: memref<4x8xf32>, %W1: memref<8x8xf32>, %X2: memref<4x8xf32>,
               %W2: memref<8x8xf32>, %Z: memref<4x8xf32>) {
  %t1 = memref.alloc() : memref<4x8xf32>
  %t2 = memref.alloc() : memref<4x8xf32>
  func.call @linear(%X1, %W1, %t1) : (memref<4x8xf32>, memref<8x8xf32>, memref<4x8xf32>) -> ()
  func.call @linear(%X2, %W2, %t2) : (memref<4x8xf32>, memref<8x8xf32>, memref<4x8xf32>) -> ()
  func.call @add(%t1, %t2, %Z) : (memref<4x8xf32>, memref<4x8xf32>, memref<4x8xf32>) -> ()
  func.return
}

// Two callers of @scale.
func.func @scale(%v: memref<8xi32>) {
  %two = arith.constant 2 : i32
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = arith.muli %a, %two : i32
    affine.store %b, %v[%i] : memref<8xi32>
  }
  func.return
}
func.func @first(%a: memref<8xi32>) {
  func.call @scale(%a) : (memref<8xi32>) -> ()
  func.return
}
func.func @second(%b: memref<8xi32>) {
  func.call @scale(%b) : (memref<8xi32>) -> ()
  func.return
}

// A returned buffer.
func.func @produce(%in: memref<8xi32>) -> memref<8xi32> {
  %r = memref.alloc() : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %in[%i] : memref<8xi32>
    %b = arith.addi %a, %a : i32
    affine.store %b, %r[%i] : memref<8xi32>
  }
  func.return %r : memref<8xi32>
}
func.func @consume(%c: memref<8xi32>, %d: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %c[%i] : memref<8xi32>
    affine.store %a, %d[%i] : memref<8xi32>
  }
  func.return
}
func.func @chain(%in: memref<8xi32>, %out: memref<8xi32>) {
  %t = func.call @produce(%in) : (memref<8xi32>) -> memref<8xi32>
  func.call @consume(%t, %out) : (memref<8xi32>, memref<8xi32>) -> ()
  func.return
}

sched.schedule @linear {
  sched.partition "out" kind block dim 2 factor 2
}
sched.schedule @scale {
  sched.partition "v" kind cyclic dim 1 factor 2
}
sched.schedule @produce {
  sched.partition "r" kind complete
}
