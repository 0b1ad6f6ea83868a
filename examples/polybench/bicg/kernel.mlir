// PolyBench bicg (M=390, N=410), from examples/polybench/generate.py.
func.func @stageS(%A: memref<410x390xf32>, %r: memref<410xf32>, %s: memref<390xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %j_zero = 0 to 390 {
    affine.store %zero, %s[%j_zero] : memref<390xf32>
  }
  affine.for %i = 0 to 410 {
    affine.for %j = 0 to 390 {
      %ri = affine.load %r[%i] : memref<410xf32>
      %a = affine.load %A[%i, %j] : memref<410x390xf32>
      %sj = affine.load %s[%j] : memref<390xf32>
      %m = arith.mulf %ri, %a : f32
      %n = arith.addf %sj, %m : f32
      affine.store %n, %s[%j] : memref<390xf32>
    }
  }
  return
}

func.func @stageQ(%A: memref<410x390xf32>, %p: memref<390xf32>, %q: memref<410xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i_zero = 0 to 410 {
    affine.store %zero, %q[%i_zero] : memref<410xf32>
  }
  affine.for %i = 0 to 410 {
    affine.for %j = 0 to 390 {
      %a = affine.load %A[%i, %j] : memref<410x390xf32>
      %pj = affine.load %p[%j] : memref<390xf32>
      %qi = affine.load %q[%i] : memref<410xf32>
      %m = arith.mulf %a, %pj : f32
      %n = arith.addf %qi, %m : f32
      affine.store %n, %q[%i] : memref<410xf32>
    }
  }
  return
}

func.func @kernel_bicg(%A1: memref<410x390xf32>, %A2: memref<410x390xf32>, %p: memref<390xf32>, %r: memref<410xf32>, %s: memref<390xf32>, %q: memref<410xf32>) {
  func.call @stageS(%A1, %r, %s) : (memref<410x390xf32>, memref<410xf32>, memref<390xf32>) -> ()
  func.call @stageQ(%A2, %p, %q) : (memref<410x390xf32>, memref<390xf32>, memref<410xf32>) -> ()
  return
}
