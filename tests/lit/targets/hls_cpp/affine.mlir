// Affine expressions: MLIR floordiv/ceildiv/mod round differently from C++
// `/` and `%` on negative values, so those get a correction unless the
// operand is known non-negative. affine.apply/min/max, affine.if.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void exprs(
// CHECK:         l_i: for (int i = 0; i < 16; i++) {
// CHECK-NEXT:      int a = i / 4;
// CHECK-NEXT:      int b = (i + 3) / 4;
// CHECK-NEXT:      int c = i % 4;
// CHECK-NEXT:      int d = i * 2 - n * 3 + 1;
// CHECK-NEXT:      int e = (d < 0 ? (d + 1) / 4 - 1 : d / 4);
// CHECK-NEXT:      int f = (d > 0 ? (d - 1) / 4 + 1 : d / 4);
// CHECK-NEXT:      int g = (d % 4 + 4) % 4;
// CHECK-NEXT:      int h = ((i - n) % 4 + 4) % 4 * 8 + (i + 1) / 2;
// CHECK-NEXT:      int m = std::min(i, std::min(n - 1, 7));
// CHECK-NEXT:      int x = std::max(i - 2, 0);
// CHECK-NEXT:      int y = x / 3;
// CHECK-NEXT:      O[a + b][c % 2] = y;
// CHECK-NEXT:      O[-i + 15][i * 2] = m;
func.func @exprs(%O: memref<32x32xindex>, %n: index) {
  affine.for %i = 0 to 16 {
    %a = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%i)
    %b = affine.apply affine_map<(d0) -> (d0 ceildiv 4)>(%i)
    %c = affine.apply affine_map<(d0) -> (d0 mod 4)>(%i)
    %d = affine.apply affine_map<(d0)[s0] -> (d0 * 2 - s0 * 3 + 1)>(%i)[%n]
    %e = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%d)
    %f = affine.apply affine_map<(d0) -> (d0 ceildiv 4)>(%d)
    %g = affine.apply affine_map<(d0) -> (d0 mod 4)>(%d)
    %h = affine.apply affine_map<(d0, d1) -> (((d0 - d1) mod 4) * 8 + (d0 + 1) floordiv 2)>(%i, %n)
    %m = affine.min affine_map<(d0)[s0] -> (d0, s0 - 1, 7)>(%i)[%n]
    %x = affine.max affine_map<(d0) -> (d0 - 2, 0)>(%i)
    %y = affine.apply affine_map<(d0) -> (d0 floordiv 3)>(%x)
    affine.store %y, %O[%a + %b, %c mod 2] : memref<32x32xindex>
    affine.store %m, %O[15 - %i, %i * 2] : memref<32x32xindex>
  }
  return
}

// CHECK-LABEL: void conditions(
// CHECK:         l_i: for (int i = 0; i < 10; i++) {
// CHECK-NEXT:      l_j: for (int j = 0; j < 10; j++) {
// CHECK-NEXT:        float r;
// CHECK-NEXT:        if (i - j >= 0 && i + j - 12 == 0) {
// CHECK-NEXT:          float v = A[i][j];
// CHECK-NEXT:          r = v;
// CHECK-NEXT:        } else {
// CHECK-NEXT:          r = -1.0f;
// CHECK-NEXT:        }
// CHECK-NEXT:        A[j][i] = r;
// CHECK-NEXT:        if (-i + 4 >= 0) {
// CHECK-NEXT:          A[i][i] = 0.0f;
// CHECK-NEXT:        }
// CHECK-NEXT:      }
func.func @conditions(%A: memref<10x10xf32>) {
  %neg = arith.constant -1.0 : f32
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 10 {
    affine.for %j = 0 to 10 {
      %r = affine.if affine_set<(d0, d1) : (d0 - d1 >= 0, d0 + d1 - 12 == 0)>(%i, %j) -> f32 {
        %v = affine.load %A[%i, %j] : memref<10x10xf32>
        affine.yield %v : f32
      } else {
        affine.yield %neg : f32
      }
      affine.store %r, %A[%j, %i] : memref<10x10xf32>
      affine.if affine_set<(d0) : (4 - d0 >= 0)>(%i) {
        affine.store %zero, %A[%i, %i] : memref<10x10xf32>
      }
    }
  }
  return
}
