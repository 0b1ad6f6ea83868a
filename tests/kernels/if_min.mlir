// Tiled lower-triangular copy: min bounds from a split by 4 of 10 and an
// affine.if that keeps j <= i; other entries become -1.
#set = affine_set<(d0, d1) : (d0 - d1 >= 0)>
func.func @tri(%A: memref<10x10xf32>, %B: memref<10x10xf32>) {
  %neg = arith.constant -1.0 : f32
  affine.for %io = 0 to 10 step 4 {
    affine.for %i = affine_map<(d0) -> (d0)>(%io) to min affine_map<(d0) -> (d0 + 4, 10)>(%io) {
      affine.for %j = 0 to 10 {
        affine.if #set(%i, %j) {
          %v = affine.load %A[%i, %j] : memref<10x10xf32>
          affine.store %v, %B[%i, %j] : memref<10x10xf32>
        } else {
          affine.store %neg, %B[%i, %j] : memref<10x10xf32>
        }
      }
    }
  }
  return
}
