// PolyBench correlation (M=240, N=260), from examples/polybench/generate.py.
func.func @kernel_mean(%data: memref<260x240xf32>, %mean: memref<240xf32>) {
  %zero = arith.constant 0.0 : f32
  %fn = arith.constant 260.0 : f32
  affine.for %c = 0 to 240 {
    %sum = affine.for %r = 0 to 260 iter_args(%acc = %zero) -> (f32) {
      %d = affine.load %data[%r, %c] : memref<260x240xf32>
      %n = arith.addf %acc, %d : f32
      affine.yield %n : f32
    }
    %m = arith.divf %sum, %fn : f32
    affine.store %m, %mean[%c] : memref<240xf32>
  }
  return
}

func.func @kernel_std(%data: memref<260x240xf32>, %mean: memref<240xf32>, %mean_out: memref<240xf32>, %stddev: memref<240xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %eps = arith.constant 0.1 : f32
  %fn = arith.constant 260.0 : f32
  affine.for %c = 0 to 240 {
    %m = affine.load %mean[%c] : memref<240xf32>
    affine.store %m, %mean_out[%c] : memref<240xf32>
    %sum = affine.for %r = 0 to 260 iter_args(%acc = %zero) -> (f32) {
      %d = affine.load %data[%r, %c] : memref<260x240xf32>
      %e = arith.subf %d, %m : f32
      %sq = arith.mulf %e, %e : f32
      %n = arith.addf %acc, %sq : f32
      affine.yield %n : f32
    }
    %v = arith.divf %sum, %fn : f32
    %sd = math.sqrt %v : f32
    %small = arith.cmpf ole, %sd, %eps : f32
    %s = arith.select %small, %one, %sd : f32
    affine.store %s, %stddev[%c] : memref<240xf32>
  }
  return
}

func.func @kernel_center(%data: memref<260x240xf32>, %mean: memref<240xf32>, %stddev: memref<240xf32>, %cen: memref<260x240xf32>) {
  %fn = arith.constant 260.0 : f32
  %sqrt_n = math.sqrt %fn : f32
  affine.for %r = 0 to 260 {
    affine.for %c = 0 to 240 {
      %d = affine.load %data[%r, %c] : memref<260x240xf32>
      %m = affine.load %mean[%c] : memref<240xf32>
      %s = affine.load %stddev[%c] : memref<240xf32>
      %e = arith.subf %d, %m : f32
      %w = arith.mulf %sqrt_n, %s : f32
      %q = arith.divf %e, %w : f32
      affine.store %q, %cen[%r, %c] : memref<260x240xf32>
    }
  }
  return
}

func.func @kernel_corr(%cen: memref<260x240xf32>, %corr: memref<240x240xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  affine.for %i = 0 to 239 {
    affine.store %one, %corr[%i, %i] : memref<240x240xf32>
    affine.for %j = affine_map<(d0) -> (d0 + 1)>(%i) to 240 {
      %sum = affine.for %k = 0 to 260 iter_args(%acc = %zero) -> (f32) {
        %a = affine.load %cen[%k, %i] : memref<260x240xf32>
        %b = affine.load %cen[%k, %j] : memref<260x240xf32>
        %p = arith.mulf %a, %b : f32
        %n = arith.addf %acc, %p : f32
        affine.yield %n : f32
      }
      affine.store %sum, %corr[%i, %j] : memref<240x240xf32>
      affine.store %sum, %corr[%j, %i] : memref<240x240xf32>
    }
  }
  affine.store %one, %corr[239, 239] : memref<240x240xf32>
  return
}

func.func @kernel_correlation(%data1: memref<260x240xf32>, %data2: memref<260x240xf32>, %data3: memref<260x240xf32>, %corr: memref<240x240xf32>) {
  %mean = memref.alloc() : memref<240xf32>
  %mean2 = memref.alloc() : memref<240xf32>
  %stddev = memref.alloc() : memref<240xf32>
  %cen = memref.alloc() : memref<260x240xf32>
  func.call @kernel_mean(%data1, %mean) : (memref<260x240xf32>, memref<240xf32>) -> ()
  func.call @kernel_std(%data2, %mean, %mean2, %stddev) : (memref<260x240xf32>, memref<240xf32>, memref<240xf32>, memref<240xf32>) -> ()
  func.call @kernel_center(%data3, %mean2, %stddev, %cen) : (memref<260x240xf32>, memref<240xf32>, memref<240xf32>, memref<260x240xf32>) -> ()
  func.call @kernel_corr(%cen, %corr) : (memref<260x240xf32>, memref<240x240xf32>) -> ()
  return
}
