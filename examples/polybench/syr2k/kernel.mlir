// PolyBench syr2k (M=200, N=240), from examples/polybench/generate.py.
func.func @update_C(%C: memref<240x240xf32>, %Cs: memref<240x240xf32>) {
  %beta = arith.constant 1.2 : f32
  affine.for %i = 0 to 240 {
    affine.for %j = 0 to 240 {
      %c = affine.load %C[%i, %j] : memref<240x240xf32>
      %bc = arith.mulf %beta, %c : f32
      %lower = arith.cmpi ule, %j, %i : index
      %v = arith.select %lower, %bc, %c : f32
      affine.store %v, %Cs[%i, %j] : memref<240x240xf32>
    }
  }
  return
}

func.func @compute_sum(%A1: memref<240x200xf32>, %A2: memref<240x200xf32>, %B1: memref<240x200xf32>, %B2: memref<240x200xf32>, %Cs: memref<240x240xf32>, %out: memref<240x240xf32>) {
  %alpha = arith.constant 1.5 : f32
  %buf = memref.alloc() : memref<240x240xf32>
  affine.for %i_load = 0 to 240 {
    affine.for %j_load = 0 to 240 {
      %c = affine.load %Cs[%i_load, %j_load] : memref<240x240xf32>
      affine.store %c, %buf[%i_load, %j_load] : memref<240x240xf32>
    }
  }
  affine.for %i = 0 to 240 {
    affine.for %k = 0 to 200 {
      affine.for %j = 0 to 240 {
        affine.if affine_set<(d0, d1) : (d0 - d1 >= 0)>(%i, %j) {
          %a1 = affine.load %A1[%j, %k] : memref<240x200xf32>
          %b2 = affine.load %B2[%i, %k] : memref<240x200xf32>
          %b1 = affine.load %B1[%j, %k] : memref<240x200xf32>
          %a2 = affine.load %A2[%i, %k] : memref<240x200xf32>
          %x1 = arith.mulf %a1, %alpha : f32
          %p1 = arith.mulf %x1, %b2 : f32
          %x2 = arith.mulf %b1, %alpha : f32
          %p2 = arith.mulf %x2, %a2 : f32
          %p = arith.addf %p1, %p2 : f32
          %c = affine.load %buf[%i, %j] : memref<240x240xf32>
          %n = arith.addf %c, %p : f32
          affine.store %n, %buf[%i, %j] : memref<240x240xf32>
        }
      }
    }
  }
  affine.for %i_store = 0 to 240 {
    affine.for %j_store = 0 to 240 {
      %c = affine.load %buf[%i_store, %j_store] : memref<240x240xf32>
      affine.store %c, %out[%i_store, %j_store] : memref<240x240xf32>
    }
  }
  return
}

func.func @kernel_syr2k(%A1: memref<240x200xf32>, %A2: memref<240x200xf32>, %B1: memref<240x200xf32>, %B2: memref<240x200xf32>, %C: memref<240x240xf32>, %out: memref<240x240xf32>) {
  %Cs = memref.alloc() : memref<240x240xf32>
  func.call @update_C(%C, %Cs) : (memref<240x240xf32>, memref<240x240xf32>) -> ()
  func.call @compute_sum(%A1, %A2, %B1, %B2, %Cs, %out) : (memref<240x200xf32>, memref<240x200xf32>, memref<240x200xf32>, memref<240x200xf32>, memref<240x240xf32>, memref<240x240xf32>) -> ()
  return
}
