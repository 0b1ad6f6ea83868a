func.func @f(%A: memref<8xf32>, %n: index) {
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%i * %n] : memref<8xf32>
  }
  func.return
}
