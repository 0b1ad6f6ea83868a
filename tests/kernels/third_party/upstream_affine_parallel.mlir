// Upstream-MLIR style: affine.parallel with a tiled, min-bounded inner
// band (the output of affine-parallelize and tiling), a transpose-scale.
#map = affine_map<(d0) -> (d0 * 4)>
func.func @transpose_scale(%A: memref<6x5xf32>, %B: memref<5x6xf32>, %s: f32) {
  affine.parallel (%ii, %j) = (0, 0) to (2, 5) {
    affine.parallel (%i) = (%ii * 4) to (min(%ii * 4 + 4, 6)) {
      %0 = affine.load %A[%i, %j] : memref<6x5xf32>
      %1 = arith.mulf %0, %s : f32
      affine.store %1, %B[%j, %i] : memref<5x6xf32>
    }
  }
  return
}
