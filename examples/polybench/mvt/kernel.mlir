// PolyBench mvt (N=400), from examples/polybench/generate.py.
func.func @stageA(%A: memref<400x400xf32>, %y1: memref<400xf32>, %x1: memref<400xf32>, %x1_out: memref<400xf32>) {
  affine.for %i = 0 to 400 {
    %init = affine.load %x1[%i] : memref<400xf32>
    %sum = affine.for %j = 0 to 400 iter_args(%acc = %init) -> (f32) {
      %a = affine.load %A[%i, %j] : memref<400x400xf32>
      %y = affine.load %y1[%j] : memref<400xf32>
      %p = arith.mulf %a, %y : f32
      %n = arith.addf %acc, %p : f32
      affine.yield %n : f32
    }
    affine.store %sum, %x1_out[%i] : memref<400xf32>
  }
  return
}

func.func @stageB(%A: memref<400x400xf32>, %y2: memref<400xf32>, %x2: memref<400xf32>, %x2_out: memref<400xf32>) {
  affine.for %i = 0 to 400 {
    %init = affine.load %x2[%i] : memref<400xf32>
    %sum = affine.for %j = 0 to 400 iter_args(%acc = %init) -> (f32) {
      %a = affine.load %A[%j, %i] : memref<400x400xf32>
      %y = affine.load %y2[%j] : memref<400xf32>
      %p = arith.mulf %a, %y : f32
      %n = arith.addf %acc, %p : f32
      affine.yield %n : f32
    }
    affine.store %sum, %x2_out[%i] : memref<400xf32>
  }
  return
}

func.func @kernel_mvt(%A1: memref<400x400xf32>, %A2: memref<400x400xf32>, %x1: memref<400xf32>, %x2: memref<400xf32>, %y1: memref<400xf32>, %y2: memref<400xf32>, %x1_out: memref<400xf32>, %x2_out: memref<400xf32>) {
  func.call @stageA(%A1, %y1, %x1, %x1_out) : (memref<400x400xf32>, memref<400xf32>, memref<400xf32>, memref<400xf32>) -> ()
  func.call @stageB(%A2, %y2, %x2, %x2_out) : (memref<400x400xf32>, memref<400xf32>, memref<400xf32>, memref<400xf32>) -> ()
  return
}
