// RUN: allo-opt %s -p 'reshape{func="scale" buffer="B" shape=16}' | filecheck %s
// RUN: allo-opt %s -p 'reshape{func="scale" buffer="B" shape=16}' -t hls-cpp | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s --pipeline %S/Inputs/reshape.yaml | filecheck %s --check-prefix=YAML
// RUN: allo-opt %s -p 'reshape{func="flat" buffer="V" shape=2,3,4}' | filecheck %s --check-prefix=FLAT

// An output parameter B[4][4] becomes B[16]: the function type follows and
// B[i][j] is element i * 4 + j.
// CHECK-LABEL: func.func @scale(%A: memref<4x4xf32>, %B: memref<16xf32>) {
// CHECK:         affine.store %{{.*}}, %B[%i * 4 + %j] : memref<16xf32>

// HLS-LABEL: void scale(float A[4][4], float B[16]) {
// HLS:         B[i * 4 + j] = {{.*}};

// A returned 4x4 result becomes 2x8: the result type changes with it, and
// element (i, j) is at row (4i + j) / 8, column (4i + j) mod 8.
// YAML-LABEL: func.func @square(%A: memref<4x4xi32>) -> memref<2x8xi32> {
// YAML-NEXT:    %R = memref.alloc() {name = "R"} : memref<2x8xi32>
// YAML:         affine.store %{{.*}}, %R[(%i * 4 + %j) floordiv 8, (%i * 4 + %j) mod 8] : memref<2x8xi32>
// YAML:         func.return %R : memref<2x8xi32>

// 1-D to 3-D: V[x] is V[x / 12, (x / 4) mod 3, x mod 4] (floordiv and mod
// associate to the left).
// FLAT-LABEL: func.func @flat(%V: memref<2x3x4xi32>) {
// FLAT:         affine.load %V[%x floordiv 12, %x floordiv 4 mod 3, %x mod 4] : memref<2x3x4xi32>
// FLAT:         affine.store %{{.*}}, %V[(%x + 1) floordiv 12, (%x + 1) floordiv 4 mod 3, (%x + 1) mod 4] : memref<2x3x4xi32>

func.func @scale(%A: memref<4x4xf32>, %B: memref<4x4xf32>) {
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xf32>
      %b = arith.mulf %a, %two : f32
      affine.store %b, %B[%i, %j] : memref<4x4xf32>
    }
  }
  return
}

func.func @square(%A: memref<4x4xi32>) -> memref<4x4xi32> {
  %R = memref.alloc() {name = "R"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      %b = arith.muli %a, %a : i32
      affine.store %b, %R[%i, %j] : memref<4x4xi32>
    }
  }
  return %R : memref<4x4xi32>
}

func.func @flat(%V: memref<24xi32>) {
  affine.for %x = 0 to 23 {
    %v = affine.load %V[%x] : memref<24xi32>
    affine.store %v, %V[%x + 1] : memref<24xi32>
  }
  return
}
