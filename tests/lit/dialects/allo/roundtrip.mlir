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

// Fixed-point arithmetic: one type when operands and result agree, the
// functional form otherwise.
// CHECK-LABEL: func.func @arith(
func.func @arith(%a: !allo.fixed<16, 8>, %b: !allo.ufixed<8, 4>) {
  // CHECK-NEXT: %s = allo.add %a, %a : !allo.fixed<16, 8>
  %s = allo.add %a, %a : !allo.fixed<16, 8>
  // CHECK-NEXT: %d = allo.sub %a, %b : (!allo.fixed<16, 8>, !allo.ufixed<8, 4>) -> !allo.fixed<17, 8>
  %d = allo.sub %a, %b : (!allo.fixed<16,8>, !allo.ufixed<8,4>) -> !allo.fixed<17,8>
  // CHECK-NEXT: %m = allo.mul %b, %b : (!allo.ufixed<8, 4>, !allo.ufixed<8, 4>) -> !allo.ufixed<16, 8>
  %m = allo.mul %b, %b : (!allo.ufixed<8, 4>, !allo.ufixed<8, 4>) -> !allo.ufixed<16, 8>
  // The functional form with three equal types prints short.
  // CHECK-NEXT: %q = allo.div %a, %a : !allo.fixed<16, 8>
  %q = allo.div %a, %a : (!allo.fixed<16, 8>, !allo.fixed<16, 8>) -> !allo.fixed<16, 8>
  // CHECK-NEXT: %lo = allo.min %a, %a {tag} : !allo.fixed<16, 8>
  %lo = allo.min %a, %a {tag} : !allo.fixed<16, 8>
  // CHECK-NEXT: %hi = allo.max %a, %b : (!allo.fixed<16, 8>, !allo.ufixed<8, 4>) -> !allo.fixed<16, 8>
  %hi = allo.max %a, %b : (!allo.fixed<16, 8>, !allo.ufixed<8, 4>) -> !allo.fixed<16, 8>
  // CHECK-NEXT: %eq = allo.cmp eq, %a, %a : !allo.fixed<16, 8>
  %eq = allo.cmp eq, %a, %a : !allo.fixed<16, 8>
  // CHECK-NEXT: %ne = allo.cmp ne, %a, %b : !allo.fixed<16, 8>, !allo.ufixed<8, 4>
  %ne = allo.cmp ne, %a, %b : !allo.fixed<16, 8>, !allo.ufixed<8, 4>
  // CHECK-NEXT: %lt = allo.cmp lt, %a, %a : !allo.fixed<16, 8>
  // CHECK-NEXT: %le = allo.cmp le, %a, %a : !allo.fixed<16, 8>
  // CHECK-NEXT: %gt = allo.cmp gt, %b, %a : !allo.ufixed<8, 4>, !allo.fixed<16, 8>
  // CHECK-NEXT: %ge = allo.cmp ge, %a, %a : !allo.fixed<16, 8>
  %lt = allo.cmp lt, %a, %a : !allo.fixed<16, 8>
  %le = allo.cmp le, %a, %a : !allo.fixed<16, 8>
  %gt = allo.cmp gt, %b, %a : !allo.ufixed<8, 4>, !allo.fixed<16, 8>
  %ge = allo.cmp ge, %a, %a : !allo.fixed<16, 8>
  func.return
}

// Conversions between fixed point, integers and floats, and bit casts.
// CHECK-LABEL: func.func @casts(
func.func @casts(%a: !allo.fixed<16, 8>, %i: i12, %u: ui8, %f: f32) {
  // CHECK-NEXT: %0 = allo.cast %a : !allo.fixed<16, 8> to !allo.ufixed<4, 2>
  // CHECK-NEXT: %1 = allo.cast %a : !allo.fixed<16, 8> to i33
  // CHECK-NEXT: %2 = allo.cast %a : !allo.fixed<16, 8> to f64
  // CHECK-NEXT: %3 = allo.cast %f : f32 to !allo.fixed<16, 8>
  // CHECK-NEXT: %4 = allo.cast %i : i12 to !allo.fixed<16, 8>
  // CHECK-NEXT: %5 = allo.cast %u : ui8 to i12
  // CHECK-NEXT: %6 = allo.cast %u : ui8 to f32
  // CHECK-NEXT: %7 = allo.cast %f : f32 to bf16
  // CHECK-NEXT: %8 = allo.bitcast %a : !allo.fixed<16, 8> to i16
  // CHECK-NEXT: %9 = allo.bitcast %8 : i16 to !allo.ufixed<16, 16>
  %0 = allo.cast %a : !allo.fixed<16, 8> to !allo.ufixed<4, 2>
  %1 = allo.cast %a : !allo.fixed<16, 8> to i33
  %2 = allo.cast %a : !allo.fixed<16, 8> to f64
  %3 = allo.cast %f : f32 to !allo.fixed<16, 8>
  %4 = allo.cast %i : i12 to !allo.fixed<16, 8>
  %5 = allo.cast %u : ui8 to i12
  %6 = allo.cast %u : ui8 to f32
  %7 = allo.cast %f : f32 to bf16
  %8 = allo.bitcast %a : !allo.fixed<16, 8> to i16
  %9 = allo.bitcast %8 : i16 to !allo.ufixed<16, 16>
  func.return
}

// Bit operations, with dynamic indices, on integers and on fixed point.
// CHECK-LABEL: func.func @bits(
func.func @bits(%x: i12, %a: !allo.fixed<16, 8>, %w: i70, %i: index, %j: index, %v: ui4) {
  // CHECK-NEXT: %b = allo.get_bit %x[%i] : i12
  // CHECK-NEXT: %y = allo.set_bit %x[%i], %b : i12
  // CHECK-NEXT: %s = allo.get_slice %w[%j : %i] : i70 -> i33
  // CHECK-NEXT: %z = allo.set_slice %x[%j : %i], %v : i12, ui4
  // CHECK-NEXT: %r = allo.bit_reverse %w : i70
  // CHECK-NEXT: %fb = allo.get_bit %a[%i] : !allo.fixed<16, 8>
  // CHECK-NEXT: %fa = allo.set_bit %a[%i], %b {tag} : !allo.fixed<16, 8>
  // CHECK-NEXT: %fs = allo.get_slice %a[%j : %i] : !allo.fixed<16, 8> -> i8
  // CHECK-NEXT: %ft = allo.set_slice %a[%j : %i], %x : !allo.fixed<16, 8>, i12
  %b = allo.get_bit %x[%i] : i12
  %y = allo.set_bit %x[%i], %b : i12
  %s = allo.get_slice %w[%j : %i] : i70 -> i33
  %z = allo.set_slice %x[%j:%i], %v : i12, ui4
  %r = allo.bit_reverse %w : i70
  %fb = allo.get_bit %a[%i] : !allo.fixed<16, 8>
  %fa = allo.set_bit %a[%i], %b {tag} : !allo.fixed<16, 8>
  %fs = allo.get_slice %a[%j : %i] : !allo.fixed<16, 8> -> i8
  %ft = allo.set_slice %a[%j : %i], %x : !allo.fixed<16, 8>, i12
  func.return
}
