// PolyBench trmm (M=200, N=240), from examples/polybench/generate.py.
func.func @S0(%A: memref<200x200xf32>, %B: memref<200x240xf32>) {
  %zero = arith.constant 0.0 : f32
  %buf = memref.alloc() : memref<240xf32>
  affine.for %i = 0 to 200 {
    affine.for %j_zero = 0 to 240 {
      affine.store %zero, %buf[%j_zero] : memref<240xf32>
    }
    affine.for %k = 0 to 200 {
      affine.for %j = 0 to 240 {
        affine.if affine_set<(d0, d1) : (d1 - d0 - 1 >= 0)>(%i, %k) {
          %a = affine.load %A[%k, %i] : memref<200x200xf32>
          %b = affine.load %B[%k, %j] : memref<200x240xf32>
          %s = affine.load %buf[%j] : memref<240xf32>
          %p = arith.mulf %a, %b : f32
          %n = arith.addf %s, %p : f32
          affine.store %n, %buf[%j] : memref<240xf32>
        }
      }
    }
    affine.for %j_back = 0 to 240 {
      %s = affine.load %buf[%j_back] : memref<240xf32>
      %b = affine.load %B[%i, %j_back] : memref<200x240xf32>
      %n = arith.addf %b, %s : f32
      affine.store %n, %B[%i, %j_back] : memref<200x240xf32>
    }
  }
  return
}

func.func @S1(%B: memref<200x240xf32>) {
  %alpha = arith.constant 1.5 : f32
  affine.for %i = 0 to 200 {
    affine.for %j = 0 to 240 {
      %b = affine.load %B[%i, %j] : memref<200x240xf32>
      %n = arith.mulf %alpha, %b : f32
      affine.store %n, %B[%i, %j] : memref<200x240xf32>
    }
  }
  return
}

func.func @kernel_trmm(%A: memref<200x200xf32>, %B: memref<200x240xf32>) {
  func.call @S0(%A, %B) : (memref<200x200xf32>, memref<200x240xf32>) -> ()
  func.call @S1(%B) : (memref<200x240xf32>) -> ()
  return
}
