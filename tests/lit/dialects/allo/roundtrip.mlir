// Fixed-point types print as !allo.fixed<W, F> / !allo.ufixed<W, F> and read
// back unchanged wherever a type goes.
// RUN: allo-opt %s | allo-opt | filecheck %s
// RUN: allo-opt %s --print-op-generic | allo-opt | filecheck %s

// CHECK-LABEL: func.func @fixed(
// CHECK-SAME: %a: !allo.fixed<16, 8>, %b: !allo.ufixed<8, 0>, %c: !allo.fixed<1, 1>,
// CHECK-SAME: %m: memref<4x!allo.ufixed<12, 12>>) -> !allo.fixed<32, 0> {
func.func @fixed(%a: !allo.fixed<16,8>, %b: !allo.ufixed< 8 , 0 >, %c: !allo.fixed<1, 1>, %m: memref<4x!allo.ufixed<12, 12>>) -> !allo.fixed<32, 0> {
  // CHECK-NEXT: %r = builtin.unrealized_conversion_cast %a : !allo.fixed<16, 8> to !allo.fixed<32, 0>
  %r = builtin.unrealized_conversion_cast %a : !allo.fixed<16, 8> to !allo.fixed<32, 0>
  // CHECK-NEXT: %buf = memref.alloc() : memref<2x2x!allo.ufixed<8, 0>>
  %buf = memref.alloc() : memref<2x2x!allo.ufixed<8, 0>>
  // CHECK-NEXT: %x = affine.load %m[0] : memref<4x!allo.ufixed<12, 12>>
  %x = affine.load %m[0] : memref<4x!allo.ufixed<12, 12>>
  // CHECK-NEXT: func.return %r : !allo.fixed<32, 0>
  func.return %r : !allo.fixed<32, 0>
}
