// 5-point i32 stencil on the interior of a 10x12 grid; the border is copied.
func.func @stencil2d(%A: memref<10x12xi32>, %B: memref<10x12xi32>) {
  affine.for %i = 0 to 10 {
    affine.for %j = 0 to 12 {
      %v = affine.load %A[%i, %j] : memref<10x12xi32>
      affine.store %v, %B[%i, %j] : memref<10x12xi32>
    }
  }
  affine.for %i = 1 to 9 {
    affine.for %j = 1 to 11 {
      %c = affine.load %A[%i, %j] : memref<10x12xi32>
      %n = affine.load %A[%i - 1, %j] : memref<10x12xi32>
      %s = affine.load %A[%i + 1, %j] : memref<10x12xi32>
      %w = affine.load %A[%i, %j - 1] : memref<10x12xi32>
      %e = affine.load %A[%i, %j + 1] : memref<10x12xi32>
      %t0 = arith.addi %n, %s : i32
      %t1 = arith.addi %w, %e : i32
      %t2 = arith.addi %t0, %t1 : i32
      %c4 = arith.constant 4 : i32
      %t3 = arith.muli %c, %c4 : i32
      %r = arith.subi %t2, %t3 : i32
      affine.store %r, %B[%i, %j] : memref<10x12xi32>
    }
  }
  return
}
