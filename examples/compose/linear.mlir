// Allo's composition example: `linear` is customized on its own and called
// twice from `top`; both results feed `add`. See linear.yaml.
//
//   allo-opt examples/compose/linear.mlir --pipeline examples/compose/linear.yaml

func.func @linear(%X: memref<4x8xf32>, %W: memref<8x8xf32>, %out: memref<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 8 {
      affine.store %zero, %out[%i, %j] : memref<4x8xf32>
      affine.for %k = 0 to 8 {
        %x = affine.load %X[%i, %k] : memref<4x8xf32>
        %w = affine.load %W[%k, %j] : memref<8x8xf32>
        %o = affine.load %out[%i, %j] : memref<4x8xf32>
        %p = arith.mulf %x, %w : f32
        %s = arith.addf %o, %p : f32
        affine.store %s, %out[%i, %j] : memref<4x8xf32>
      }
    }
  }
  func.return
}

func.func @add(%x: memref<4x8xf32>, %y: memref<4x8xf32>, %z: memref<4x8xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 8 {
      %a = affine.load %x[%i, %j] : memref<4x8xf32>
      %b = affine.load %y[%i, %j] : memref<4x8xf32>
      %s = arith.addf %a, %b : f32
      affine.store %s, %z[%i, %j] : memref<4x8xf32>
    }
  }
  func.return
}

func.func @top(%X1: memref<4x8xf32>, %W1: memref<8x8xf32>, %X2: memref<4x8xf32>,
               %W2: memref<8x8xf32>, %Z: memref<4x8xf32>) {
  %t1 = memref.alloc() : memref<4x8xf32>
  %t2 = memref.alloc() : memref<4x8xf32>
  func.call @linear(%X1, %W1, %t1) : (memref<4x8xf32>, memref<8x8xf32>, memref<4x8xf32>) -> ()
  func.call @linear(%X2, %W2, %t2) : (memref<4x8xf32>, memref<8x8xf32>, memref<4x8xf32>) -> ()
  func.call @add(%t1, %t2, %Z) : (memref<4x8xf32>, memref<4x8xf32>, memref<4x8xf32>) -> ()
  func.return
}
