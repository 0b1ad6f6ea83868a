func.func @scale(%A: memref<16xf32>) {
  %two = arith.constant 2.0 : f32
  affine.for %x = 0 to 16 {
    %v = affine.load %A[%x] : memref<16xf32>
    %w = arith.mulf %v, %two : f32
    affine.store %w, %A[%x] : memref<16xf32>
  }
  func.return
}
