// RUN: allo-opt %s --print-op-generic | filecheck %s
// Textual subscripts are read as symbols by xDSL; after parsing they are
// dimensions, in the same operand order.

// CHECK: "affine.load"(%A, %i, %k) <{map = affine_map<(d0, d1) -> (d0, d1)>}>
// CHECK: "affine.store"(%v, %A, %k, %i) <{map = affine_map<(d0, d1) -> ((d0 + 1), (d1 * 2))>}>
// CHECK: affine_map<(d0, d1) -> ((d0 + d1))>
func.func @f(%A: memref<8x8xf32>, %n: index) {
  affine.for %i = 0 to 4 {
    affine.for %k = 0 to 4 {
      %v = affine.load %A[%i, %k] : memref<8x8xf32>
      affine.store %v, %A[%k + 1, %i * 2] : memref<8x8xf32>
      %a = affine.apply affine_map<(d0)[s0] -> (d0 + s0)>(%i)[%n]
    }
  }
  func.return
}
