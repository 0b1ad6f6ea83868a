// The same function consumes the buffer twice.
func.func @g(%F: memref<8xf32>, %D: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %f = affine.load %F[%i] : memref<8xf32>
    affine.store %f, %D[%i] : memref<8xf32>
  }
  return
}

func.func @same(%A: memref<8xf32>, %D: memref<8xf32>, %E: memref<8xf32>) {
  %F = memref.alloc() {name = "F"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    affine.store %a, %F[%i] : memref<8xf32>
  }
  func.call @g(%F, %D) : (memref<8xf32>, memref<8xf32>) -> ()
  func.call @g(%F, %E) : (memref<8xf32>, memref<8xf32>) -> ()
  return
}
