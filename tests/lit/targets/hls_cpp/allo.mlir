// Fixed-point ops, conversions and bit operations as ap_fixed/ap_int C++.
// (tests/unit/test_csim.py compiles this unit with g++.)
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK:      #include <cstdint>
// CHECK-EMPTY:
// CHECK-NEXT: #include "ap_int.h"
// CHECK-NEXT: #include "ap_fixed.h"

// ap_fixed's operators compute in full precision; the assignment quantizes.
// CHECK-LABEL: void arith(ap_fixed<16, 8> a, ap_ufixed<8, 4> b, ap_fixed<12, 8> *out0) {
// CHECK-NEXT:    ap_fixed<12, 8> s = a + b;
// CHECK-NEXT:    ap_fixed<12, 8> d = s - a;
// CHECK-NEXT:    ap_fixed<12, 8> p = d * b;
// CHECK-NEXT:    ap_fixed<12, 8> q = p / a;
// CHECK-NEXT:    *out0 = q;
func.func @arith(%a: !allo.fixed<16, 8>, %b: !allo.ufixed<8, 4>) -> !allo.fixed<12, 4> {
  %s = allo.add %a, %b : (!allo.fixed<16, 8>, !allo.ufixed<8, 4>) -> !allo.fixed<12, 4>
  %d = allo.sub %s, %a : (!allo.fixed<12, 4>, !allo.fixed<16, 8>) -> !allo.fixed<12, 4>
  %p = allo.mul %d, %b : (!allo.fixed<12, 4>, !allo.ufixed<8, 4>) -> !allo.fixed<12, 4>
  %q = allo.div %p, %a : (!allo.fixed<12, 4>, !allo.fixed<16, 8>) -> !allo.fixed<12, 4>
  func.return %q : !allo.fixed<12, 4>
}

// An unsigned operand compared with a signed one is widened to a signed
// type first (ap_fixed compares such wide pairs as unsigned).
// CHECK-LABEL: void compare(
// CHECK-NEXT:    bool lt = a < b;
// CHECK-NEXT:    bool ge = a >= (ap_fixed<41, 21>)u;
// CHECK-NEXT:    bool ne = u != u;
// CHECK-NEXT:    ap_fixed<40, 20> lo = a < b ? a : (ap_fixed<40, 20>)b;
// CHECK-NEXT:    ap_fixed<40, 20> hi = (ap_fixed<41, 21>)u > a ? (ap_fixed<40, 20>)u : a;
func.func @compare(%a: !allo.fixed<40, 20>, %b: !allo.fixed<8, 2>, %u: !allo.ufixed<40, 20>) {
  %lt = allo.cmp lt, %a, %b : !allo.fixed<40, 20>, !allo.fixed<8, 2>
  %ge = allo.cmp ge, %a, %u : !allo.fixed<40, 20>, !allo.ufixed<40, 20>
  %ne = allo.cmp ne, %u, %u : !allo.ufixed<40, 20>
  %lo = allo.min %a, %b : (!allo.fixed<40, 20>, !allo.fixed<8, 2>) -> !allo.fixed<40, 20>
  %hi = allo.max %u, %a : (!allo.ufixed<40, 20>, !allo.fixed<40, 20>) -> !allo.fixed<40, 20>
  func.return
}

// Conversions are C++ conversions; a non-standard integer width goes to a
// float through ap_fixed (one rounding). Bit casts copy the raw bits.
// CHECK-LABEL: void casts(
// CHECK-NEXT:    float f_1 = (float)a;
// CHECK-NEXT:    ap_fixed<16, 8> x = (ap_fixed<16, 8>)f;
// CHECK-NEXT:    int32_t n = (int32_t)a;
// CHECK-NEXT:    ap_int<33> w = (ap_int<33>)a;
// CHECK-NEXT:    ap_ufixed<8, 8> k = (ap_ufixed<8, 8>)i;
// CHECK-NEXT:    double g = ap_fixed<33, 33>(w).to_double();
// CHECK-NEXT:    float h = (float)i;
// CHECK-NEXT:    uint8_t u = (uint8_t)i;
// CHECK-NEXT:    int16_t r = (int16_t)ap_uint<16>(a.range(15, 0));
// CHECK-NEXT:    ap_ufixed<16, 0> v;
// CHECK-NEXT:    v.range(15, 0) = ap_uint<16>(ap_int<16>(r));
// CHECK-NEXT:    ap_fixed<8, 4> t;
// CHECK-NEXT:    t.range(7, 0) = ap_uint<8>(k.range(7, 0));
func.func @casts(%a: !allo.fixed<16, 8>, %f: f32, %i: i32) {
  %f_1 = allo.cast %a : !allo.fixed<16, 8> to f32
  %x = allo.cast %f : f32 to !allo.fixed<16, 8>
  %n = allo.cast %a : !allo.fixed<16, 8> to i32
  %w = allo.cast %a : !allo.fixed<16, 8> to i33
  %k = allo.cast %i : i32 to !allo.ufixed<8, 0>
  %g = allo.cast %w : i33 to f64
  %h = allo.cast %i : i32 to f32
  %u = allo.cast %i : i32 to ui8
  %r = allo.bitcast %a : !allo.fixed<16, 8> to i16
  %v = allo.bitcast %r : i16 to !allo.ufixed<16, 16>
  %t = allo.bitcast %k : !allo.ufixed<8, 0> to !allo.fixed<8, 4>
  func.return
}

// Bit operations: ap_int's x[i], x.range(hi, lo), x.reverse(); a standard C
// integer is viewed as the ap_int of its width (the function's name is
// taken, hence bits_1).
// CHECK-LABEL: void bits(
// CHECK:         int8_t v
// CHECK-NEXT:  ) {
// CHECK-NEXT:    bool b = x[i];
// CHECK-NEXT:    bool c = ap_int<32>(n)[i];
// CHECK-NEXT:    ap_int<12> y = x;
// CHECK-NEXT:    y[i] = c;
// CHECK-NEXT:    ap_int<32> bits_1 = n;
// CHECK-NEXT:    bits_1[i] = b;
// CHECK-NEXT:    int32_t m = (int32_t)bits_1;
// CHECK-NEXT:    int8_t s = (int8_t)ap_uint<12>(x.range(hi, i));
// CHECK-NEXT:    uint64_t l = (uint64_t)ap_uint<64>(ap_uint<70>(w.range(hi, i)));
// CHECK-NEXT:    bool s1 = x[i];
// CHECK-NEXT:    ap_int<12> z = x;
// CHECK-NEXT:    z.range(hi, i) = v;
// CHECK-NEXT:    ap_int<12> r = ap_int<12>(x).reverse();
// CHECK-NEXT:    int32_t rn = ap_int<32>(n).reverse();
// CHECK-NEXT:    bool fb = a[i];
// CHECK-NEXT:    ap_fixed<16, 8> fs = a;
// CHECK-NEXT:    fs.range(hi, i) = v;
func.func @bits(%x: i12, %n: i32, %w: i70, %a: !allo.fixed<16, 8>, %i: index, %hi: index, %v: i8) {
  %b = allo.get_bit %x[%i] : i12
  %c = allo.get_bit %n[%i] : i32
  %y = allo.set_bit %x[%i], %c : i12
  %m = allo.set_bit %n[%i], %b : i32
  %s = allo.get_slice %x[%hi : %i] : i12 -> i8
  %l = allo.get_slice %w[%hi : %i] : i70 -> ui64
  %s1 = allo.get_slice %x[%hi : %i] : i12 -> i1
  %z = allo.set_slice %x[%hi : %i], %v : i12, i8
  %r = allo.bit_reverse %x : i12
  %rn = allo.bit_reverse %n : i32
  %fb = allo.get_bit %a[%i] : !allo.fixed<16, 8>
  %fs = allo.set_slice %a[%hi : %i], %v : !allo.fixed<16, 8>, i8
  func.return
}
