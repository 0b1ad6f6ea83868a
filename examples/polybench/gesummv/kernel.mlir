// PolyBench gesummv (N=250), from examples/polybench/generate.py.
func.func @compute_tmp(%A: memref<250x250xf32>, %B: memref<250x250xf32>, %x: memref<250xf32>, %tmp: memref<250xf32>, %y: memref<250xf32>) {
  %zero = arith.constant 0.0 : f32
  %tmp_acc = memref.alloc() : memref<250xf32>
  %y_acc = memref.alloc() : memref<250xf32>
  affine.for %i_init = 0 to 250 {
    affine.store %zero, %tmp_acc[%i_init] : memref<250xf32>
    affine.store %zero, %y_acc[%i_init] : memref<250xf32>
  }
  affine.for %i = 0 to 250 {
    affine.for %j = 0 to 250 {
      %xj = affine.load %x[%j] : memref<250xf32>
      %a = affine.load %A[%i, %j] : memref<250x250xf32>
      %t = affine.load %tmp_acc[%i] : memref<250xf32>
      %pa = arith.mulf %a, %xj : f32
      %nt = arith.addf %t, %pa : f32
      affine.store %nt, %tmp_acc[%i] : memref<250xf32>
      %b = affine.load %B[%i, %j] : memref<250x250xf32>
      %ya = affine.load %y_acc[%i] : memref<250xf32>
      %pb = arith.mulf %b, %xj : f32
      %ny = arith.addf %ya, %pb : f32
      affine.store %ny, %y_acc[%i] : memref<250xf32>
    }
  }
  affine.for %i_store = 0 to 250 {
    %t = affine.load %tmp_acc[%i_store] : memref<250xf32>
    affine.store %t, %tmp[%i_store] : memref<250xf32>
    %yi = affine.load %y_acc[%i_store] : memref<250xf32>
    affine.store %yi, %y[%i_store] : memref<250xf32>
  }
  return
}

func.func @compute_y(%tmp: memref<250xf32>, %y: memref<250xf32>, %out: memref<250xf32>) {
  %alpha = arith.constant 0.1 : f32
  %beta = arith.constant 0.1 : f32
  affine.for %i = 0 to 250 {
    %t = affine.load %tmp[%i] : memref<250xf32>
    %yi = affine.load %y[%i] : memref<250xf32>
    %a = arith.mulf %alpha, %t : f32
    %b = arith.mulf %beta, %yi : f32
    %s = arith.addf %a, %b : f32
    affine.store %s, %out[%i] : memref<250xf32>
  }
  return
}

func.func @kernel_gesummv(%A: memref<250x250xf32>, %B: memref<250x250xf32>, %x: memref<250xf32>, %out: memref<250xf32>) {
  %tmp = memref.alloc() : memref<250xf32>
  %y = memref.alloc() : memref<250xf32>
  func.call @compute_tmp(%A, %B, %x, %tmp, %y) : (memref<250x250xf32>, memref<250x250xf32>, memref<250xf32>, memref<250xf32>, memref<250xf32>) -> ()
  func.call @compute_y(%tmp, %y, %out) : (memref<250xf32>, memref<250xf32>, memref<250xf32>) -> ()
  return
}
