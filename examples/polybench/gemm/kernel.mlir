// PolyBench gemm (NI=200, NJ=220, NK=240), from examples/polybench/generate.py.
func.func @mm1(%A: memref<200x240xf32>, %B: memref<240x220xf32>, %T: memref<200x220xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 200 {
    affine.for %j_zero = 0 to 220 {
      affine.store %zero, %T[%i, %j_zero] : memref<200x220xf32>
    }
    affine.for %j = 0 to 220 {
      affine.for %k = 0 to 240 {
        %a = affine.load %A[%i, %k] : memref<200x240xf32>
        %b = affine.load %B[%k, %j] : memref<240x220xf32>
        %c = affine.load %T[%i, %j] : memref<200x220xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %T[%i, %j] : memref<200x220xf32>
      }
    }
  }
  return
}

func.func @ele_add(%T: memref<200x220xf32>, %C: memref<200x220xf32>, %out: memref<200x220xf32>) {
  %cx = arith.constant 1.0 : f32
  %cy = arith.constant 0.1 : f32
  affine.for %i = 0 to 200 {
    affine.for %j = 0 to 220 {
      %x = affine.load %T[%i, %j] : memref<200x220xf32>
      %y = affine.load %C[%i, %j] : memref<200x220xf32>
      %sy = arith.mulf %cy, %y : f32
      %s = arith.addf %x, %sy : f32
      affine.store %s, %out[%i, %j] : memref<200x220xf32>
    }
  }
  return
}

func.func @kernel_gemm(%A: memref<200x240xf32>, %B: memref<240x220xf32>, %C: memref<200x220xf32>, %out: memref<200x220xf32>) {
  %T = memref.alloc() : memref<200x220xf32>
  func.call @mm1(%A, %B, %T) : (memref<200x240xf32>, memref<240x220xf32>, memref<200x220xf32>) -> ()
  func.call @ele_add(%T, %C, %out) : (memref<200x220xf32>, memref<200x220xf32>, memref<200x220xf32>) -> ()
  return
}
