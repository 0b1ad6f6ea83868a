// PolyBench jacobi-2d (TSTEPS=100, N=250), from examples/polybench/generate.py.
func.func @compute_B(%A: memref<250x250xf32>, %B: memref<250x250xf32>) {
  %c = arith.constant 0.2 : f32
  affine.for %i = 1 to 249 {
    affine.for %j = 1 to 249 {
      %a0 = affine.load %A[%i, %j] : memref<250x250xf32>
      %a1 = affine.load %A[%i, %j - 1] : memref<250x250xf32>
      %a2 = affine.load %A[%i, %j + 1] : memref<250x250xf32>
      %a3 = affine.load %A[%i + 1, %j] : memref<250x250xf32>
      %a4 = affine.load %A[%i - 1, %j] : memref<250x250xf32>
      %s1 = arith.addf %a0, %a1 : f32
      %s2 = arith.addf %s1, %a2 : f32
      %s3 = arith.addf %s2, %a3 : f32
      %s4 = arith.addf %s3, %a4 : f32
      %v = arith.mulf %c, %s4 : f32
      affine.store %v, %B[%i, %j] : memref<250x250xf32>
    }
  }
  return
}

func.func @compute_A(%B: memref<250x250xf32>, %A: memref<250x250xf32>) {
  %c = arith.constant 0.2 : f32
  affine.for %i = 1 to 249 {
    affine.for %j = 1 to 249 {
      %a0 = affine.load %B[%i, %j] : memref<250x250xf32>
      %a1 = affine.load %B[%i, %j - 1] : memref<250x250xf32>
      %a2 = affine.load %B[%i, %j + 1] : memref<250x250xf32>
      %a3 = affine.load %B[%i + 1, %j] : memref<250x250xf32>
      %a4 = affine.load %B[%i - 1, %j] : memref<250x250xf32>
      %s1 = arith.addf %a0, %a1 : f32
      %s2 = arith.addf %s1, %a2 : f32
      %s3 = arith.addf %s2, %a3 : f32
      %s4 = arith.addf %s3, %a4 : f32
      %v = arith.mulf %c, %s4 : f32
      affine.store %v, %A[%i, %j] : memref<250x250xf32>
    }
  }
  return
}

func.func @kernel_jacobi_2d(%A: memref<250x250xf32>, %B: memref<250x250xf32>) {
  affine.for %t = 0 to 100 {
    func.call @compute_B(%A, %B) : (memref<250x250xf32>, memref<250x250xf32>) -> ()
    func.call @compute_A(%B, %A) : (memref<250x250xf32>, memref<250x250xf32>) -> ()
  }
  return
}
