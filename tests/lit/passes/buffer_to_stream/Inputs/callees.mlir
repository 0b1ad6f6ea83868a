func.func @producer(%A: memref<4x4xf32>, %B: memref<4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xf32>
      affine.store %a, %B[%i, %j] : memref<4x4xf32>
    }
  }
  return
}
func.func @consumer(%B: memref<4x4xf32>, %C: memref<4x4xf32>) {
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 4 {
      %b = affine.load %B[%x, %y] : memref<4x4xf32>
      affine.store %b, %C[%x, %y] : memref<4x4xf32>
    }
  }
  return
}
func.func @pc(%A: memref<4x4xf32>, %C: memref<4x4xf32>) {
  %B = memref.alloc() {name = "B"} : memref<4x4xf32>
  func.call @producer(%A, %B) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  func.call @consumer(%B, %C) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  return
}
