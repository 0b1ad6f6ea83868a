func.func @f(%A: memref<10x7xi32>) {
  affine.for %i = 0 to 10 {
    affine.for %j = 0 to 7 {
      %v = affine.load %A[%i, %j] : memref<10x7xi32>
      %w = arith.addi %v, %v : i32
      affine.store %w, %A[%i, %j] : memref<10x7xi32>
    }
  }
  return
}
