// Returned memrefs and scalars become trailing output parameters: a returned
// alloc or call result is written in place, a returned argument is copied,
// a scalar is stored through a pointer. Callees come before callers.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void producer(float X[4], float Y[4], float *out1) {
// CHECK-NOT:     float Y[4];
// CHECK:         l_i: for (int i = 0; i < 4; i++) {
// CHECK:           Y[i] = y;
// CHECK:         *out1 = 1.5f;
// CHECK-NEXT:  }

// CHECK-LABEL: void consumer(
// CHECK-NEXT:    float A[4],
// CHECK-NEXT:    float B[4],
// CHECK-NEXT:    float R[4],
// CHECK-NEXT:    float out1[4],
// CHECK-NEXT:    float *out2,
// CHECK-NEXT:    float out3[4]
// CHECK-NEXT:  ) {
// CHECK-NEXT:    float k;
// CHECK-NEXT:    producer(A, R, &k);
// CHECK-NEXT:    float Q[4];
// CHECK-NEXT:    float k2;
// CHECK-NEXT:    producer(R, Q, &k2);
// CHECK-NEXT:    for (int i0 = 0; i0 < 4; i0++) {
// CHECK-NEXT:      out1[i0] = B[i0];
// CHECK-NEXT:    }
// CHECK-NEXT:    *out2 = k2;
// CHECK-NEXT:    for (int i0 = 0; i0 < 4; i0++) {
// CHECK-NEXT:      out3[i0] = R[i0];
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @consumer(%A: memref<4xf32>, %B: memref<4xf32>)
    -> (memref<4xf32>, memref<4xf32>, f32, memref<4xf32>) {
  %R, %k = func.call @producer(%A) : (memref<4xf32>) -> (memref<4xf32>, f32)
  %Q, %k2 = func.call @producer(%R) : (memref<4xf32>) -> (memref<4xf32>, f32)
  return %R, %B, %k2, %R : memref<4xf32>, memref<4xf32>, f32, memref<4xf32>
}

func.func @producer(%X: memref<4xf32>) -> (memref<4xf32>, f32) {
  %Y = memref.alloc() : memref<4xf32>
  %c = arith.constant 1.5 : f32
  affine.for %i = 0 to 4 {
    %x = affine.load %X[%i] : memref<4xf32>
    %y = arith.mulf %x, %c : f32
    affine.store %y, %Y[%i] : memref<4xf32>
  }
  return %Y, %c : memref<4xf32>, f32
}

// A returned alloc without a name hint, and a 0-d memref.
// CHECK-LABEL: void unnamed(int32_t out0[2][3], int32_t out1[1]) {
// CHECK-NEXT:    l_i: for (int i = 0; i < 2; i++) {
// CHECK-NEXT:      out0[i][0] = 7;
// CHECK-NEXT:    }
// CHECK-NEXT:    out1[0] = 7;
// CHECK-NEXT:  }
func.func @unnamed() -> (memref<2x3xi32>, memref<i32>) {
  %0 = memref.alloc() : memref<2x3xi32>
  %1 = memref.alloc() : memref<i32>
  %c = arith.constant 7 : i32
  affine.for %i = 0 to 2 {
    affine.store %c, %0[%i, 0] : memref<2x3xi32>
  }
  affine.store %c, %1[] : memref<i32>
  return %0, %1 : memref<2x3xi32>, memref<i32>
}

// External functions become prototypes.
// CHECK-LABEL: void ext(float arg0[4], int arg1, float *out0);
func.func private @ext(memref<4xf32>, index) -> f32
