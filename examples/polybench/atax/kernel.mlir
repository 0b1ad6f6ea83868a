// PolyBench atax (M=390, N=410), from examples/polybench/generate.py.
func.func @stage_M(%A: memref<390x410xf32>, %x: memref<410xf32>, %t: memref<390xf32>) {
  affine.for %i = 0 to 390 {
    affine.for %j = 0 to 410 {
      %a = affine.load %A[%i, %j] : memref<390x410xf32>
      %xj = affine.load %x[%j] : memref<410xf32>
      %ti = affine.load %t[%i] : memref<390xf32>
      %p = arith.mulf %a, %xj : f32
      %s = arith.addf %ti, %p : f32
      affine.store %s, %t[%i] : memref<390xf32>
    }
  }
  return
}

func.func @stage_N(%A: memref<390x410xf32>, %t: memref<390xf32>, %y: memref<410xf32>) {
  affine.for %i = 0 to 390 {
    affine.for %j = 0 to 410 {
      %a = affine.load %A[%i, %j] : memref<390x410xf32>
      %ti = affine.load %t[%i] : memref<390xf32>
      %yj = affine.load %y[%j] : memref<410xf32>
      %p = arith.mulf %a, %ti : f32
      %s = arith.addf %yj, %p : f32
      affine.store %s, %y[%j] : memref<410xf32>
    }
  }
  return
}

func.func @kernel_atax(%A1: memref<390x410xf32>, %A2: memref<390x410xf32>, %x: memref<410xf32>, %y: memref<410xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<390xf32>
  affine.for %i = 0 to 390 {
    affine.store %zero, %t[%i] : memref<390xf32>
  }
  affine.for %j = 0 to 410 {
    affine.store %zero, %y[%j] : memref<410xf32>
  }
  func.call @stage_M(%A1, %x, %t) : (memref<390x410xf32>, memref<410xf32>, memref<390xf32>) -> ()
  func.call @stage_N(%A2, %t, %y) : (memref<390x410xf32>, memref<390xf32>, memref<410xf32>) -> ()
  return
}
