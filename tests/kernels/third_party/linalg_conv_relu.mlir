// linalg on memrefs as bufferized front ends leave it: fill, a named
// convolution (default strides and dilations), and a generic ReLU.
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv_relu(%x: memref<1x1x5x5xf32>, %w: memref<2x1x3x3xf32>, %y: memref<1x2x3x3xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<1x2x3x3xf32>)
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<1x1x5x5xf32>, memref<2x1x3x3xf32>) outs(%y : memref<1x2x3x3xf32>)
  linalg.generic {indexing_maps = [#map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%y : memref<1x2x3x3xf32>) {
  ^bb0(%out: f32):
    %r = arith.maximumf %out, %zero : f32
    linalg.yield %r : f32
  }
  return
}
