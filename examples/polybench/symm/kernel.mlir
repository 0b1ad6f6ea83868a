// PolyBench symm (M=200, N=240), from examples/polybench/generate.py.
func.func @compute_sum(%A: memref<200x200xf32>, %B: memref<200x240xf32>, %S: memref<200x240xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 200 {
    affine.for %j_zero = 0 to 240 {
      affine.store %zero, %S[%i, %j_zero] : memref<200x240xf32>
    }
    affine.for %k = 0 to 200 {
      affine.for %j = 0 to 240 {
        affine.if affine_set<(d0, d1) : (d0 - d1 - 1 >= 0)>(%i, %k) {
          %b = affine.load %B[%k, %j] : memref<200x240xf32>
          %a = affine.load %A[%i, %k] : memref<200x200xf32>
          %s = affine.load %S[%i, %j] : memref<200x240xf32>
          %p = arith.mulf %b, %a : f32
          %n = arith.addf %s, %p : f32
          affine.store %n, %S[%i, %j] : memref<200x240xf32>
        }
      }
    }
  }
  return
}

func.func @update_C(%A: memref<200x200xf32>, %B: memref<200x240xf32>, %S: memref<200x240xf32>, %C: memref<200x240xf32>) {
  %alpha = arith.constant 1.5 : f32
  %beta = arith.constant 1.2 : f32
  affine.for %i = 0 to 200 {
    affine.for %k = 0 to affine_map<(d0) -> (d0)>(%i) {
      affine.for %j = 0 to 240 {
        %b = affine.load %B[%i, %j] : memref<200x240xf32>
        %a = affine.load %A[%i, %k] : memref<200x200xf32>
        %c = affine.load %C[%k, %j] : memref<200x240xf32>
        %ab = arith.mulf %alpha, %b : f32
        %p = arith.mulf %ab, %a : f32
        %n = arith.addf %c, %p : f32
        affine.store %n, %C[%k, %j] : memref<200x240xf32>
      }
    }
    affine.for %j_diag = 0 to 240 {
      %c = affine.load %C[%i, %j_diag] : memref<200x240xf32>
      %b = affine.load %B[%i, %j_diag] : memref<200x240xf32>
      %a = affine.load %A[%i, %i] : memref<200x200xf32>
      %s = affine.load %S[%i, %j_diag] : memref<200x240xf32>
      %bc = arith.mulf %beta, %c : f32
      %ab = arith.mulf %alpha, %b : f32
      %aba = arith.mulf %ab, %a : f32
      %as = arith.mulf %alpha, %s : f32
      %t = arith.addf %bc, %aba : f32
      %n = arith.addf %t, %as : f32
      affine.store %n, %C[%i, %j_diag] : memref<200x240xf32>
    }
  }
  return
}

func.func @kernel_symm(%A1: memref<200x200xf32>, %A2: memref<200x200xf32>, %B1: memref<200x240xf32>, %B2: memref<200x240xf32>, %C: memref<200x240xf32>) {
  %S = memref.alloc() : memref<200x240xf32>
  func.call @compute_sum(%A1, %B1, %S) : (memref<200x200xf32>, memref<200x240xf32>, memref<200x240xf32>) -> ()
  func.call @update_C(%A2, %B2, %S, %C) : (memref<200x200xf32>, memref<200x240xf32>, memref<200x240xf32>, memref<200x240xf32>) -> ()
  return
}
