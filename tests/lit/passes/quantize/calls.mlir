// A buffer that crosses a call is quantized with its whole alias class, as
// `partition` is: the caller's buffer, the callee's parameter and the call
// all take the new element type; each function casts its own loads and
// stores, and the arithmetic that only feeds the buffer (here the callee's
// mulf) computes in fixed point. Naming either alias gives the same module.
// RUN: allo-opt %s -p 'quantize{func="top" buffer="T" type="fixed<12,6>"}' | filecheck %s
// RUN: allo-opt %s -p 'quantize{func="half" buffer="Y" type="fixed<12,6>"}' | filecheck %s
// RUN: allo-opt %s -p 'quantize{func="top" buffer="T" type="fixed<12,6>"}' -t hls-cpp | filecheck %s --check-prefix=HLS

// CHECK-LABEL: func.func @half(%X: memref<8xf32>, %Y: memref<8x!allo.fixed<12, 6>>) {
// CHECK:         %[[X:.*]] = affine.load %X[%i] : memref<8xf32>
// CHECK-NEXT:    %[[XQ:.*]] = allo.cast %[[X]] : f32 to !allo.fixed<12, 6>
// CHECK-NEXT:    %[[P:.*]] = allo.mul %[[XQ]], %{{.*}} : !allo.fixed<12, 6>
// CHECK-NEXT:    affine.store %[[P]], %Y[%i] : memref<8x!allo.fixed<12, 6>>
// CHECK-LABEL: func.func @top(%A: memref<8xf32>, %C: memref<8xf32>) {
// CHECK-NEXT:    %T = memref.alloc() {name = "T"} : memref<8x!allo.fixed<12, 6>>
// CHECK-NEXT:    func.call @half(%A, %T) : (memref<8xf32>, memref<8x!allo.fixed<12, 6>>) -> ()
// CHECK:         %[[T:.*]] = affine.load %T[%i] : memref<8x!allo.fixed<12, 6>>
// CHECK-NEXT:    %{{.*}} = allo.cast %[[T]] : !allo.fixed<12, 6> to f32

// HLS: void half(float X[8], ap_fixed<12, 6> Y[8]) {
// HLS: ap_fixed<12, 6> T[8];
// HLS: half(A, T);

func.func @half(%X: memref<8xf32>, %Y: memref<8xf32>) {
  %h = arith.constant 0.5 : f32
  affine.for %i = 0 to 8 {
    %x = affine.load %X[%i] : memref<8xf32>
    %p = arith.mulf %x, %h : f32
    affine.store %p, %Y[%i] : memref<8xf32>
  }
  return
}

func.func @top(%A: memref<8xf32>, %C: memref<8xf32>) {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  func.call @half(%A, %T) : (memref<8xf32>, memref<8xf32>) -> ()
  affine.for %i = 0 to 8 {
    %t = affine.load %T[%i] : memref<8xf32>
    %a = affine.load %A[%i] : memref<8xf32>
    %s = arith.addf %t, %a : f32
    affine.store %s, %C[%i] : memref<8xf32>
  }
  return
}
