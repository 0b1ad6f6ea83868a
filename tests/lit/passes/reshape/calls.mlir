// A buffer that crosses calls is reshaped with its whole alias class, as
// `partition` is: the callee's parameter, the caller's buffer, a returned
// buffer and the value that receives it all get the new shape, and every
// access of each is rewritten. Naming any alias gives the same module.
// RUN: allo-opt %s -p 'reshape{func="top" buffer="T" shape=2,8}' | filecheck %s
// RUN: allo-opt %s -p 'reshape{func="fill" buffer="X" shape=2,8}' | filecheck %s
// RUN: allo-opt %s -p 'reshape{func="make" buffer="R" shape=16}' | filecheck %s --check-prefix=RET

// CHECK-LABEL: func.func @fill(%A: memref<4x4xi32>, %X: memref<2x8xi32>) {
// CHECK:         affine.store %{{.*}}, %X[(%i * 4 + %j) floordiv 8, (%i * 4 + %j) mod 8] : memref<2x8xi32>
// CHECK-LABEL: func.func @top(%A: memref<4x4xi32>, %C: memref<4x4xi32>) {
// CHECK-NEXT:    %T = memref.alloc() {name = "T"} : memref<2x8xi32>
// CHECK-NEXT:    func.call @fill(%A, %T) : (memref<4x4xi32>, memref<2x8xi32>) -> ()
// CHECK:         affine.load %T[(%i * 4 + %j) floordiv 8, (%i * 4 + %j) mod 8] : memref<2x8xi32>

// RET-LABEL: func.func @make(%A: memref<4x4xi32>) -> memref<16xi32> {
// RET:         affine.store %{{.*}}, %R[%i * 4 + %j] : memref<16xi32>
// RET-LABEL: func.func @use(%A: memref<4x4xi32>, %C: memref<4x4xi32>) {
// RET-NEXT:    %r = func.call @make(%A) : (memref<4x4xi32>) -> memref<16xi32>
// RET:         affine.load %r[%i * 4 + %j] : memref<16xi32>

func.func @fill(%A: memref<4x4xi32>, %X: memref<4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      %b = arith.muli %a, %a : i32
      affine.store %b, %X[%i, %j] : memref<4x4xi32>
    }
  }
  return
}

func.func @top(%A: memref<4x4xi32>, %C: memref<4x4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xi32>
  func.call @fill(%A, %T) : (memref<4x4xi32>, memref<4x4xi32>) -> ()
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %t = affine.load %T[%i, %j] : memref<4x4xi32>
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      %s = arith.addi %t, %a : i32
      affine.store %s, %C[%i, %j] : memref<4x4xi32>
    }
  }
  return
}

func.func @make(%A: memref<4x4xi32>) -> memref<4x4xi32> {
  %R = memref.alloc() {name = "R"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %a, %R[%i, %j] : memref<4x4xi32>
    }
  }
  return %R : memref<4x4xi32>
}

func.func @use(%A: memref<4x4xi32>, %C: memref<4x4xi32>) {
  %r = func.call @make(%A) : (memref<4x4xi32>) -> memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %r[%i, %j] : memref<4x4xi32>
      affine.store %v, %C[%i, %j] : memref<4x4xi32>
    }
  }
  return
}
