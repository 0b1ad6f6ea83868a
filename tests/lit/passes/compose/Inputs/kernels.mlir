// Kernels for the composition tests: every kind of alias across calls.

// Two call sites of @linear; both results feed @add (Allo's example).
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

// Two callers of @scale.
func.func @scale(%v: memref<8xi32>) {
  %two = arith.constant 2 : i32
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = arith.muli %a, %two : i32
    affine.store %b, %v[%i] : memref<8xi32>
  }
  func.return
}
func.func @first(%a: memref<8xi32>) {
  func.call @scale(%a) : (memref<8xi32>) -> ()
  func.return
}
func.func @second(%b: memref<8xi32>) {
  func.call @scale(%b) : (memref<8xi32>) -> ()
  func.return
}

// A returned buffer.
func.func @produce(%in: memref<8xi32>) -> memref<8xi32> {
  %r = memref.alloc() : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %in[%i] : memref<8xi32>
    %b = arith.addi %a, %a : i32
    affine.store %b, %r[%i] : memref<8xi32>
  }
  func.return %r : memref<8xi32>
}
func.func @consume(%c: memref<8xi32>, %d: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %c[%i] : memref<8xi32>
    affine.store %a, %d[%i] : memref<8xi32>
  }
  func.return
}
func.func @chain(%in: memref<8xi32>, %out: memref<8xi32>) {
  %t = func.call @produce(%in) : (memref<8xi32>) -> memref<8xi32>
  func.call @consume(%t, %out) : (memref<8xi32>, memref<8xi32>) -> ()
  func.return
}

// A global read by two functions.
"memref.global"() <{sym_name = "lut", type = memref<8xi32>, initial_value = dense<[1, 2, 3, 4, 5, 6, 7, 8]> : tensor<8xi32>, sym_visibility = "private"}> : () -> ()
func.func @use_lut(%v: memref<8xi32>) {
  %lut = memref.get_global @lut : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = affine.load %lut[%i] : memref<8xi32>
    %c = arith.addi %a, %b : i32
    affine.store %c, %v[%i] : memref<8xi32>
  }
  func.return
}
func.func @use_lut_again(%v: memref<8xi32>) {
  %table = memref.get_global @lut : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = affine.load %table[%i] : memref<8xi32>
    %c = arith.muli %a, %b : i32
    affine.store %c, %v[%i] : memref<8xi32>
  }
  func.return
}
