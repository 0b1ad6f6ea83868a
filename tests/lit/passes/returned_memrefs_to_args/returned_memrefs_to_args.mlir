// RUN: allo-opt %s -p returned-memrefs-to-args | filecheck %s

// The allocated result becomes the output argument itself; the returned
// input is copied into its output argument; the scalar stays a result.
// CHECK-LABEL: func.func @scale(
// CHECK-SAME:    %X: memref<4xf32>, %k: f32, %out0: memref<4xf32>, %out1: memref<4xf32>) -> f32 {
// CHECK-NOT:     memref.alloc
// CHECK:         affine.store %{{.*}}, %out0[%i] : memref<4xf32>
// CHECK:         affine.for %copy0 = 0 to 4 {
// CHECK-NEXT:      %[[V:.*]] = affine.load %X[%copy0] : memref<4xf32>
// CHECK-NEXT:      affine.store %[[V]], %out1[%copy0] : memref<4xf32>
// CHECK-NEXT:    } {loop_name = "copy0", op_name = "S_copy0_1"}
// CHECK-NEXT:    func.return %k : f32
func.func @scale(%X: memref<4xf32>, %k: f32) -> (memref<4xf32>, f32, memref<4xf32>) {
  %Y = memref.alloc() : memref<4xf32>
  affine.for %i = 0 to 4 {
    %x = affine.load %X[%i] : memref<4xf32>
    %y = arith.mulf %x, %k : f32
    affine.store %y, %Y[%i] : memref<4xf32>
  }
  return %Y, %k, %X : memref<4xf32>, f32, memref<4xf32>
}

// Callers allocate the outputs; @top's returned buffer %U becomes its own
// output argument.
// CHECK-LABEL: func.func @top(
// CHECK-SAME:    %A: memref<4xf32>, %out0: memref<4xf32>) -> f32 {
// CHECK-NEXT:    %two = arith.constant
// CHECK-NEXT:    %S = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    %T = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    %s = func.call @scale(%A, %two, %S, %T) : (memref<4xf32>, f32, memref<4xf32>, memref<4xf32>) -> f32
// CHECK-NEXT:    %V = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    %u = func.call @scale(%S, %s, %out0, %V) : (memref<4xf32>, f32, memref<4xf32>, memref<4xf32>) -> f32
func.func @top(%A: memref<4xf32>) -> (memref<4xf32>, f32) {
  %two = arith.constant 2.0 : f32
  %S, %s, %T = func.call @scale(%A, %two) : (memref<4xf32>, f32) -> (memref<4xf32>, f32, memref<4xf32>)
  %U, %u, %V = func.call @scale(%S, %s) : (memref<4xf32>, f32) -> (memref<4xf32>, f32, memref<4xf32>)
  return %U, %u : memref<4xf32>, f32
}
