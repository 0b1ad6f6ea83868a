// PolyBench 2mm (NI=180, NJ=190, NK=210, NL=220), from examples/polybench/generate.py.
func.func @mm1(%A: memref<180x210xf32>, %B: memref<210x190xf32>, %T: memref<180x190xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 180 {
    affine.for %j_zero = 0 to 190 {
      affine.store %zero, %T[%i, %j_zero] : memref<180x190xf32>
    }
    affine.for %j = 0 to 190 {
      affine.for %k = 0 to 210 {
        %a = affine.load %A[%i, %k] : memref<180x210xf32>
        %b = affine.load %B[%k, %j] : memref<210x190xf32>
        %c = affine.load %T[%i, %j] : memref<180x190xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %T[%i, %j] : memref<180x190xf32>
      }
    }
  }
  return
}

func.func @mm2(%T: memref<180x190xf32>, %C: memref<190x220xf32>, %U: memref<180x220xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 180 {
    affine.for %j_zero = 0 to 220 {
      affine.store %zero, %U[%i, %j_zero] : memref<180x220xf32>
    }
    affine.for %j = 0 to 220 {
      affine.for %k = 0 to 190 {
        %a = affine.load %T[%i, %k] : memref<180x190xf32>
        %b = affine.load %C[%k, %j] : memref<190x220xf32>
        %c = affine.load %U[%i, %j] : memref<180x220xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %U[%i, %j] : memref<180x220xf32>
      }
    }
  }
  return
}

func.func @ele_add(%U: memref<180x220xf32>, %D: memref<180x220xf32>, %out: memref<180x220xf32>) {
  %cx = arith.constant 0.5 : f32
  %cy = arith.constant 0.1 : f32
  affine.for %i = 0 to 180 {
    affine.for %j = 0 to 220 {
      %x = affine.load %U[%i, %j] : memref<180x220xf32>
      %y = affine.load %D[%i, %j] : memref<180x220xf32>
      %sx = arith.mulf %cx, %x : f32
      %sy = arith.mulf %cy, %y : f32
      %s = arith.addf %sx, %sy : f32
      affine.store %s, %out[%i, %j] : memref<180x220xf32>
    }
  }
  return
}

func.func @kernel_2mm(%A: memref<180x210xf32>, %B: memref<210x190xf32>, %C: memref<190x220xf32>, %D: memref<180x220xf32>, %out: memref<180x220xf32>) {
  %T = memref.alloc() : memref<180x190xf32>
  %U = memref.alloc() : memref<180x220xf32>
  func.call @mm1(%A, %B, %T) : (memref<180x210xf32>, memref<210x190xf32>, memref<180x190xf32>) -> ()
  func.call @mm2(%T, %C, %U) : (memref<180x190xf32>, memref<190x220xf32>, memref<180x220xf32>) -> ()
  func.call @ele_add(%U, %D, %out) : (memref<180x220xf32>, memref<180x220xf32>, memref<180x220xf32>) -> ()
  return
}
