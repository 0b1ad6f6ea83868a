func.func @f(%a: memref<4xi32>) {
  affine.for %i = 0 to 4 {
    %v = affine.load %a[%i] : memref<4xi32>
    %w = arith.addi %v, %v : i32
    affine.store %w, %a[%i] : memref<4xi32>
  }
  func.return
}
