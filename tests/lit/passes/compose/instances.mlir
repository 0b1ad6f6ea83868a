// Instances: a schedule of `linear@1` gives call site 1 of linear (0-based,
// program order) its own copy `linear_1`, made from linear as written; its
// steps apply to the copy only. A partition of the copy's output reaches
// the aliases of that call site only (t2, add's y), not t1 or add's x.
// A schedule of `linear` still applies to linear (call site 0).

// RUN: allo-opt %s -p apply-schedules | filecheck %s
// RUN: allo-opt %s -p 'instantiate{func="linear" site=1}' | filecheck %s --check-prefix=PASS

// CHECK-LABEL: func.func @linear(%X: memref<4x8xf32>, %W: memref<8x8xf32>, %out: memref<4x8xf32>)
// CHECK:         } {loop_name = "k", fpga.pipeline_ii = 1 : i64}
// CHECK-LABEL: func.func @linear_1(%X: memref<4x8xf32>, %W: memref<8x8xf32>, %out: memref<4x8xf32, #fpga.partition<[cyclic 4, none]>>)
// CHECK:         } {loop_name = "k", fpga.unroll = 2 : i64}
// CHECK-LABEL: func.func @add(%x: memref<4x8xf32>, %y: memref<4x8xf32, #fpga.partition<[cyclic 4, none]>>, %z: memref<4x8xf32>)
// CHECK-LABEL: func.func @top(
// CHECK:         %t1 = memref.alloc() : memref<4x8xf32>
// CHECK-NEXT:    %t2 = memref.alloc() : memref<4x8xf32, #fpga.partition<[cyclic 4, none]>>
// CHECK-NEXT:    func.call @linear(%X1, %W1, %t1) :
// CHECK-NEXT:    func.call @linear_1(%X2, %W2, %t2) :
// CHECK-NOT:   sched.

// PASS-LABEL: func.func @linear(
// PASS-LABEL: func.func @linear_1(
// PASS-LABEL: func.func @top(
// PASS:         func.call @linear(%X1, %W1, %t1)
// PASS-NEXT:    func.call @linear_1(%X2, %W2, %t2)

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

sched.schedule @"linear@1" {
  sched.unroll "k" factor 2
  sched.partition "out" kind cyclic dim 1 factor 4
}
sched.schedule @linear {
  sched.pipeline "k"
}
