// RUN: allo-opt %s -p 'quantize{func="dot" buffer="A" type="fixed<16,8>"},quantize{func="dot" buffer="W" type="fixed<16,8>"},quantize{func="dot" buffer="out" type="fixed<24,12>"}' | filecheck %s
// RUN: allo-opt %s -p 'quantize{func="scalar" buffer="out" type="fixed<24,12>"}' | filecheck %s --check-prefix=SCALAR
// RUN: allo-opt %s -p 'quantize{func="shared" buffer="out" type="fixed<24,12>"}' | filecheck %s --check-prefix=SHARED

// The iter_args sum only feeds the quantized `out`: the loop carries it in
// out's type, its init is cast in, and the MAC computes in fixed point.
// CHECK-LABEL: func.func @dot(
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         affine.for %[[I:.*]] = 0 to 4 {
// CHECK-NEXT:      %[[INIT:.*]] = allo.cast %[[Z]] : f32 to !allo.fixed<24, 12>
// CHECK-NEXT:      %r = affine.for %{{.*}} = 0 to 8 iter_args(%acc = %[[INIT]]) -> (!allo.fixed<24, 12>) {
// CHECK-NEXT:        %a = affine.load %A
// CHECK-NEXT:        %w = affine.load %W
// CHECK-NEXT:        %p = allo.mul %a, %w : (!allo.fixed<16, 8>, !allo.fixed<16, 8>) -> !allo.fixed<24, 12>
// CHECK-NEXT:        %s = allo.add %acc, %p : !allo.fixed<24, 12>
// CHECK-NEXT:        affine.yield %s : !allo.fixed<24, 12>
// CHECK-NEXT:      } {loop_name = "k"}
// CHECK-NEXT:      affine.store %r, %out[%[[I]]] : memref<4x!allo.fixed<24, 12>>

// A one-element local accumulator loaded into `out` is quantized with it:
// the sum runs in out's type and is stored without a round trip.
// SCALAR-LABEL: func.func @scalar(
// SCALAR:         %sum = memref.alloc() {name = "sum"} : memref<!allo.fixed<24, 12>>
// SCALAR:           %[[A:.*]] = allo.cast %a : f32 to !allo.fixed<24, 12>
// SCALAR-NEXT:      %s = affine.load %sum[] : memref<!allo.fixed<24, 12>>
// SCALAR-NEXT:      %n = allo.add %s, %[[A]] : !allo.fixed<24, 12>
// SCALAR-NEXT:      affine.store %n, %sum[] : memref<!allo.fixed<24, 12>>
// SCALAR:         %r = affine.load %sum[] : memref<!allo.fixed<24, 12>>
// SCALAR-NEXT:    affine.store %r, %out[%{{.*}}] : memref<4x!allo.fixed<24, 12>>

// An accumulator that also feeds something else stays in f32.
// SHARED-LABEL: func.func @shared(
// SHARED:        affine.for %{{.*}} = 0 to 8 iter_args(%acc = %{{.*}}) -> (f32) {
// SHARED:        %[[C:.*]] = allo.cast %r : f32 to !allo.fixed<24, 12>
// SHARED-NEXT:   affine.store %[[C]], %out[

func.func @dot(%A: memref<4x8xf32>, %W: memref<8xf32>, %out: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    %r = affine.for %k = 0 to 8 iter_args(%acc = %z) -> (f32) {
      %a = affine.load %A[%i, %k] : memref<4x8xf32>
      %w = affine.load %W[%k] : memref<8xf32>
      %p = arith.mulf %a, %w : f32
      %s = arith.addf %acc, %p : f32
      affine.yield %s : f32
    }
    affine.store %r, %out[%i] : memref<4xf32>
  }
  return
}

func.func @shared(%A: memref<8xf32>, %out: memref<4xf32>, %copy: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    %r = affine.for %k = 0 to 8 iter_args(%acc = %z) -> (f32) {
      %a = affine.load %A[%k] : memref<8xf32>
      %s = arith.addf %acc, %a : f32
      affine.yield %s : f32
    }
    affine.store %r, %out[%i] : memref<4xf32>
    affine.store %r, %copy[%i] : memref<4xf32>
  }
  return
}

func.func @scalar(%A: memref<4x8xf32>, %out: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  %sum = memref.alloc() {name = "sum"} : memref<f32>
  affine.for %i = 0 to 4 {
    affine.store %z, %sum[] : memref<f32>
    affine.for %k = 0 to 8 {
      %a = affine.load %A[%i, %k] : memref<4x8xf32>
      %s = affine.load %sum[] : memref<f32>
      %n = arith.addf %s, %a : f32
      affine.store %n, %sum[] : memref<f32>
    }
    %r = affine.load %sum[] : memref<f32>
    affine.store %r, %out[%i] : memref<4xf32>
  }
  return
}
