// RUN: allo-opt %s -p lower-fixed-point | filecheck %s
// RUN: allo-opt %s -p lower-fixed-point,lower-bit-ops | mlir-opt-22 > /dev/null
// REQUIRES: mlir-opt

// Types: fixed point becomes its raw bits, every integer signless, in
// values, memrefs and signatures.
// CHECK-LABEL: func.func @types(%a: i16, %b: i8, %m: memref<4x2xi12>, %u: i8) -> i24 {
func.func @types(%a: !allo.fixed<16, 8>, %b: !allo.ufixed<8, 8>, %m: memref<4x2x!allo.fixed<12, 0>>, %u: ui8) -> !allo.fixed<24, 4> {
  // CHECK-NEXT: %buf = memref.alloc() : memref<3xi5>
  %buf = memref.alloc() : memref<3x!allo.ufixed<5, 1>>
  // CHECK-NEXT: %r = arith.constant 0 : i24
  %r = arith.constant 0 : i24
  %f = allo.bitcast %r : i24 to !allo.fixed<24, 4>
  // CHECK-NEXT: func.return %r : i24
  func.return %f : !allo.fixed<24, 4>
}

// Addition: both operands aligned to the larger number of fractional bits
// in ap_fixed's sum width (an unsigned operand meeting a signed one counts
// a sign bit more), then quantized: floor shift, truncation.
// CHECK-LABEL: func.func @add(%a: i16, %b: i8) -> i12 {
func.func @add(%a: !allo.fixed<16, 8>, %b: !allo.ufixed<8, 2>) -> !allo.fixed<12, 4> {
  // fixed<16,8> (I=8) + ufixed<8,2> (I=6, 7 as signed): sum I = 9, F = 8.
  // CHECK-NEXT: %0 = arith.extsi %a : i16 to i17
  // CHECK-NEXT: %1 = arith.extui %b : i8 to i17
  // CHECK-NEXT: %2 = arith.constant 6 : i17
  // CHECK-NEXT: %3 = arith.shli %1, %2 : i17
  // CHECK-NEXT: %4 = arith.addi %0, %3 : i17
  // CHECK-NEXT: %5 = arith.constant 4 : i17
  // CHECK-NEXT: %6 = arith.shrsi %4, %5 : i17
  // CHECK-NEXT: %s = arith.trunci %6 : i17 to i12
  %s = allo.add %a, %b : (!allo.fixed<16, 8>, !allo.ufixed<8, 2>) -> !allo.fixed<12, 4>
  // CHECK-NEXT: func.return %s : i12
  func.return %s : !allo.fixed<12, 4>
}

// Without fractional bits to drop, only the low bits of the sum matter: it
// is computed in the result width. Unsigned minus unsigned is signed.
// CHECK-LABEL: func.func @sub(%a: i8, %b: i8) -> i10 {
func.func @sub(%a: !allo.ufixed<8, 4>, %b: !allo.ufixed<8, 4>) -> !allo.fixed<10, 6> {
  // CHECK-NEXT: %0 = arith.extui %a : i8 to i9
  // CHECK-NEXT: %1 = arith.extui %b : i8 to i9
  // CHECK-NEXT: %2 = arith.subi %0, %1 : i9
  // CHECK-NEXT: %3 = arith.extsi %2 : i9 to i10
  // CHECK-NEXT: %4 = arith.constant 2 : i10
  // CHECK-NEXT: %d = arith.shli %3, %4 : i10
  %d = allo.sub %a, %b : (!allo.ufixed<8, 4>, !allo.ufixed<8, 4>) -> !allo.fixed<10, 6>
  func.return %d : !allo.fixed<10, 6>
}

// Multiplication: the exact product (W1 + W2 bits, F1 + F2 fractional).
// CHECK-LABEL: func.func @mul(%a: i16, %b: i8) -> i16 {
func.func @mul(%a: !allo.fixed<16, 8>, %b: !allo.ufixed<8, 4>) -> !allo.fixed<16, 8> {
  // CHECK-NEXT: %0 = arith.extsi %a : i16 to i24
  // CHECK-NEXT: %1 = arith.extui %b : i8 to i24
  // CHECK-NEXT: %2 = arith.muli %0, %1 : i24
  // CHECK-NEXT: %3 = arith.constant 4 : i24
  // CHECK-NEXT: %4 = arith.shrsi %2, %3 : i24
  // CHECK-NEXT: %p = arith.trunci %4 : i24 to i16
  %p = allo.mul %a, %b : (!allo.fixed<16, 8>, !allo.ufixed<8, 4>) -> !allo.fixed<16, 8>
  func.return %p : !allo.fixed<16, 8>
}

// Division: the dividend shifted by the divisor's fractional bits, divided
// one bit wider (signed / signed: -min / -1 then wraps as in C++), the
// quotient keeping the dividend's fractional bits.
// CHECK-LABEL: func.func @div(%a: i8, %b: i8) -> i8 {
func.func @div(%a: !allo.fixed<8, 4>, %b: !allo.fixed<8, 2>) -> !allo.fixed<8, 4> {
  // CHECK-NEXT: %0 = arith.extsi %a : i8 to i10
  // CHECK-NEXT: %1 = arith.constant 2 : i10
  // CHECK-NEXT: %2 = arith.shli %0, %1 : i10
  // CHECK-NEXT: %3 = arith.extsi %b : i8 to i10
  // CHECK-NEXT: %4 = arith.extsi %2 : i10 to i11
  // CHECK-NEXT: %5 = arith.extsi %3 : i10 to i11
  // CHECK-NEXT: %6 = arith.divsi %4, %5 : i11
  // CHECK-NEXT: %7 = arith.trunci %6 : i11 to i10
  // CHECK-NEXT: %8 = arith.extsi %7 : i10 to i11
  // CHECK-NEXT: %q = arith.trunci %8 : i11 to i8
  %q = allo.div %a, %b : (!allo.fixed<8, 4>, !allo.fixed<8, 2>) -> !allo.fixed<8, 4>
  // Unsigned operands divide unsigned.
  // CHECK:      arith.divui
  %u = allo.bitcast %q : !allo.fixed<8, 4> to !allo.ufixed<8, 4>
  %v = allo.div %u, %u : !allo.ufixed<8, 4>
  %w = allo.bitcast %v : !allo.ufixed<8, 4> to !allo.fixed<8, 4>
  func.return %w : !allo.fixed<8, 4>
}

// Comparisons and min/max align both operands exactly, as signed integers.
// CHECK-LABEL: func.func @compare(%a: i8, %b: i8) -> (i1, i8) {
func.func @compare(%a: !allo.fixed<8, 4>, %b: !allo.ufixed<8, 6>) -> (i1, !allo.fixed<8, 4>) {
  // CHECK-NEXT: %0 = arith.extsi %a : i8 to i10
  // CHECK-NEXT: %1 = arith.constant 2 : i10
  // CHECK-NEXT: %2 = arith.shli %0, %1 : i10
  // CHECK-NEXT: %3 = arith.extui %b : i8 to i10
  // CHECK-NEXT: %c = arith.cmpi sle, %2, %3 : i10
  %c = allo.cmp le, %a, %b : !allo.fixed<8, 4>, !allo.ufixed<8, 6>
  // CHECK:      %[[GT:.*]] = arith.cmpi sgt, %{{.*}}, %{{.*}} : i10
  // CHECK-NEXT: %[[SEL:.*]] = arith.select %[[GT]], %{{.*}}, %{{.*}} : i10
  // CHECK-NEXT: %[[Q:.*]] = arith.shrsi %[[SEL]], %{{.*}} : i10
  // CHECK-NEXT: %m = arith.trunci %[[Q]] : i10 to i8
  %m = allo.max %a, %b : (!allo.fixed<8, 4>, !allo.ufixed<8, 6>) -> !allo.fixed<8, 4>
  func.return %c, %m : i1, !allo.fixed<8, 4>
}

// Casts. Fixed point to an integer rounds toward zero; to a float, the
// integer converts once and is scaled exactly.
// CHECK-LABEL: func.func @casts(
func.func @casts(%a: !allo.fixed<16, 4>, %i: i12, %u: ui8) -> (i32, f32, !allo.fixed<16, 4>, !allo.fixed<16, 4>, i12, f64) {
  // CHECK:      %[[FLOOR:.*]] = arith.shrsi %a, %{{.*}} : i16
  // CHECK-NEXT: %[[MASK:.*]] = arith.constant 15 : i16
  // CHECK-NEXT: %[[FRAC:.*]] = arith.andi %a, %[[MASK]] : i16
  // CHECK:      %[[INEXACT:.*]] = arith.cmpi ne, %[[FRAC]], %{{.*}} : i16
  // CHECK-NEXT: %[[NEG:.*]] = arith.cmpi slt, %a, %{{.*}} : i16
  // CHECK-NEXT: %[[CARRY:.*]] = arith.andi %[[INEXACT]], %[[NEG]] : i1
  // CHECK-NEXT: %[[ONE:.*]] = arith.extui %[[CARRY]] : i1 to i16
  // CHECK-NEXT: %[[T:.*]] = arith.addi %[[FLOOR]], %[[ONE]] : i16
  // CHECK-NEXT: %toint = arith.extsi %[[T]] : i16 to i32
  %toint = allo.cast %a : !allo.fixed<16, 4> to i32
  // CHECK-NEXT: %[[F:.*]] = arith.sitofp %a : i16 to f32
  // CHECK-NEXT: %[[S:.*]] = arith.constant 6.250000e-02 : f32
  // CHECK-NEXT: %tofloat = arith.mulf %[[F]], %[[S]] : f32
  %tofloat = allo.cast %a : !allo.fixed<16, 4> to f32
  // An integer is a fixed-point value without fractional bits.
  // CHECK-NEXT: %[[E:.*]] = arith.extsi %i : i12 to i16
  // CHECK-NEXT: %[[C4:.*]] = arith.constant 4 : i16
  // CHECK-NEXT: %fromint = arith.shli %[[E]], %[[C4]] : i16
  %fromint = allo.cast %i : i12 to !allo.fixed<16, 4>
  // Unsigned integers extend with zeros.
  // CHECK-NEXT: %[[Z:.*]] = arith.extui %u : i8 to i16
  // CHECK-NEXT: %[[C4B:.*]] = arith.constant 4 : i16
  // CHECK-NEXT: %fromuint = arith.shli %[[Z]], %[[C4B]] : i16
  %fromuint = allo.cast %u : ui8 to !allo.fixed<16, 4>
  // CHECK-NEXT: %narrow = arith.extui %u : i8 to i12
  %narrow = allo.cast %u : ui8 to i12
  // CHECK-NEXT: %wide = arith.uitofp %u : i8 to f64
  %wide = allo.cast %u : ui8 to f64
  func.return %toint, %tofloat, %fromint, %fromuint, %narrow, %wide : i32, f32, !allo.fixed<16, 4>, !allo.fixed<16, 4>, i12, f64
}

// A float becomes fixed point through its IEEE fields, as ap_fixed does.
// CHECK-LABEL: func.func @from_float(%x: f32) -> i12 {
func.func @from_float(%x: f32) -> !allo.fixed<12, 4> {
  // CHECK-NEXT: %0 = arith.extf %x : f32 to f64
  // CHECK-NEXT: %1 = arith.bitcast %0 : f64 to i64
  // CHECK:      arith.constant 1071 : i64
  // CHECK:      %q = arith.select
  %q = allo.cast %x : f32 to !allo.fixed<12, 4>
  func.return %q : !allo.fixed<12, 4>
}

// Bit operations stay, on the raw bits.
// CHECK-LABEL: func.func @bits(%a: i16, %i: index) -> i1 {
func.func @bits(%a: !allo.fixed<16, 8>, %i: index) -> i1 {
  // CHECK-NEXT: %b = allo.get_bit %a[%i] : i16
  %b = allo.get_bit %a[%i] : !allo.fixed<16, 8>
  func.return %b : i1
}
