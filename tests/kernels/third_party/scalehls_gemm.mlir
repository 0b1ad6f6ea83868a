// ScaleHLS-style output: HLS directives as attributes of the `hls`
// dialect (which allo-xdsl does not load: kept as opaque attributes),
// static shapes, f32.
module {
  func.func @gemm(%alpha: f32, %beta: f32, %C: memref<4x6xf32>, %A: memref<4x3xf32>, %B: memref<3x6xf32>) attributes {func_directive = #hls.func_directive<pipeline=false, targetInterval=1, dataflow=false>, top_func} {
    affine.for %i = 0 to 4 {
      affine.for %j = 0 to 6 {
        %0 = affine.load %C[%i, %j] : memref<4x6xf32>
        %1 = arith.mulf %0, %beta : f32
        affine.store %1, %C[%i, %j] : memref<4x6xf32>
      } {loop_directive = #hls.loop_directive<pipeline=true, targetII=1, dataflow=false, flatten=false>}
      affine.for %k = 0 to 3 {
        affine.for %j = 0 to 6 {
          %0 = affine.load %A[%i, %k] : memref<4x3xf32>
          %1 = arith.mulf %alpha, %0 : f32
          %2 = affine.load %B[%k, %j] : memref<3x6xf32>
          %3 = arith.mulf %1, %2 : f32
          %4 = affine.load %C[%i, %j] : memref<4x6xf32>
          %5 = arith.addf %4, %3 : f32
          affine.store %5, %C[%i, %j] : memref<4x6xf32>
        } {loop_directive = #hls.loop_directive<pipeline=true, targetII=1, dataflow=false, flatten=false>}
      } {loop_directive = #hls.loop_directive<pipeline=false, targetII=1, dataflow=false, flatten=false>}
    } {loop_directive = #hls.loop_directive<pipeline=false, targetII=1, dataflow=false, flatten=false>}
    return
  }
}
