// PolyBench 3mm (NI=180, NJ=190, NK=200, NL=210, NM=220), from examples/polybench/generate.py.
func.func @mm1(%A: memref<180x200xf32>, %B: memref<200x190xf32>, %E: memref<180x190xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 180 {
    affine.for %j_zero = 0 to 190 {
      affine.store %zero, %E[%i, %j_zero] : memref<180x190xf32>
    }
    affine.for %j = 0 to 190 {
      affine.for %k = 0 to 200 {
        %a = affine.load %A[%i, %k] : memref<180x200xf32>
        %b = affine.load %B[%k, %j] : memref<200x190xf32>
        %c = affine.load %E[%i, %j] : memref<180x190xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %E[%i, %j] : memref<180x190xf32>
      }
    }
  }
  return
}

func.func @mm2(%C: memref<190x220xf32>, %D: memref<220x210xf32>, %F: memref<190x210xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 190 {
    affine.for %j_zero = 0 to 210 {
      affine.store %zero, %F[%i, %j_zero] : memref<190x210xf32>
    }
    affine.for %j = 0 to 210 {
      affine.for %k = 0 to 220 {
        %a = affine.load %C[%i, %k] : memref<190x220xf32>
        %b = affine.load %D[%k, %j] : memref<220x210xf32>
        %c = affine.load %F[%i, %j] : memref<190x210xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %F[%i, %j] : memref<190x210xf32>
      }
    }
  }
  return
}

func.func @mm3(%E: memref<180x190xf32>, %F: memref<190x210xf32>, %G: memref<180x210xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 180 {
    affine.for %j_zero = 0 to 210 {
      affine.store %zero, %G[%i, %j_zero] : memref<180x210xf32>
    }
    affine.for %j = 0 to 210 {
      affine.for %k = 0 to 190 {
        %a = affine.load %E[%i, %k] : memref<180x190xf32>
        %b = affine.load %F[%k, %j] : memref<190x210xf32>
        %c = affine.load %G[%i, %j] : memref<180x210xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %G[%i, %j] : memref<180x210xf32>
      }
    }
  }
  return
}

func.func @kernel_3mm(%A: memref<180x200xf32>, %B: memref<200x190xf32>, %C: memref<190x220xf32>, %D: memref<220x210xf32>, %G: memref<180x210xf32>) {
  %E = memref.alloc() : memref<180x190xf32>
  %F = memref.alloc() : memref<190x210xf32>
  func.call @mm1(%A, %B, %E) : (memref<180x200xf32>, memref<200x190xf32>, memref<180x190xf32>) -> ()
  func.call @mm2(%C, %D, %F) : (memref<190x220xf32>, memref<220x210xf32>, memref<190x210xf32>) -> ()
  func.call @mm3(%E, %F, %G) : (memref<180x190xf32>, memref<190x210xf32>, memref<180x210xf32>) -> ()
  return
}
