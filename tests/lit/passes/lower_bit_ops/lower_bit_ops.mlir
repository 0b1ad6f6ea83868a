// RUN: allo-opt %s -p lower-bit-ops | filecheck %s
// Either order of the two lowerings leaves upstream MLIR only.
// RUN: allo-opt %s -p lower-bit-ops,lower-fixed-point | mlir-opt-22 > /dev/null
// RUN: allo-opt %s -p lower-fixed-point,lower-bit-ops | mlir-opt-22 > /dev/null
// REQUIRES: mlir-opt

// CHECK-LABEL: func.func @get_bit(%x: i12, %i: index) -> i1 {
func.func @get_bit(%x: i12, %i: index) -> i1 {
  // CHECK-NEXT: %0 = arith.index_cast %i : index to i12
  // CHECK-NEXT: %1 = arith.shrui %x, %0 : i12
  // CHECK-NEXT: %b = arith.trunci %1 : i12 to i1
  %b = allo.get_bit %x[%i] : i12
  func.return %b : i1
}

// CHECK-LABEL: func.func @set_bit(%x: i12, %i: index, %b: i1) -> i12 {
func.func @set_bit(%x: i12, %i: index, %b: i1) -> i12 {
  // CHECK-NEXT: %0 = arith.index_cast %i : index to i12
  // CHECK-NEXT: %1 = arith.constant 1 : i12
  // CHECK-NEXT: %2 = arith.shli %1, %0 : i12
  // CHECK-NEXT: %3 = arith.constant -1 : i12
  // CHECK-NEXT: %4 = arith.xori %2, %3 : i12
  // CHECK-NEXT: %5 = arith.andi %x, %4 : i12
  // CHECK-NEXT: %6 = arith.extui %b : i1 to i12
  // CHECK-NEXT: %7 = arith.shli %6, %0 : i12
  // CHECK-NEXT: %y = arith.ori %5, %7 : i12
  %y = allo.set_bit %x[%i], %b : i12
  func.return %y : i12
}

// The mask of a slice is all-ones shifted right by W - 1 - (hi - lo): no
// shift reaches the width, even for the full slice.
// CHECK-LABEL: func.func @get_slice(%x: i33, %hi: index, %lo: index) -> i8 {
func.func @get_slice(%x: i33, %hi: index, %lo: index) -> i8 {
  // CHECK-NEXT: %0 = arith.index_cast %lo : index to i33
  // CHECK-NEXT: %1 = arith.shrui %x, %0 : i33
  // CHECK-NEXT: %2 = arith.index_cast %hi : index to i33
  // CHECK-NEXT: %3 = arith.index_cast %lo : index to i33
  // CHECK-NEXT: %4 = arith.subi %2, %3 : i33
  // CHECK-NEXT: %5 = arith.constant 32 : i33
  // CHECK-NEXT: %6 = arith.subi %5, %4 : i33
  // CHECK-NEXT: %7 = arith.constant -1 : i33
  // CHECK-NEXT: %8 = arith.shrui %7, %6 : i33
  // CHECK-NEXT: %9 = arith.andi %1, %8 : i33
  // CHECK-NEXT: %s = arith.trunci %9 : i33 to i8
  %s = allo.get_slice %x[%hi : %lo] : i33 -> i8
  func.return %s : i8
}

// The new bits extend by their own signedness.
// CHECK-LABEL: func.func @set_slice(%x: i12, %hi: index, %lo: index, %v: i4, %u: ui4) -> (i12, i12) {
func.func @set_slice(%x: i12, %hi: index, %lo: index, %v: i4, %u: ui4) -> (i12, i12) {
  // CHECK-NEXT: %0 = arith.extsi %v : i4 to i12
  // CHECK-NEXT: %1 = arith.index_cast %lo : index to i12
  // CHECK:      %[[MASK:.*]] = arith.shli %{{.*}}, %1 : i12
  // CHECK-NEXT: %[[NOT:.*]] = arith.xori %[[MASK]], %{{.*}} : i12
  // CHECK-NEXT: %[[KEPT:.*]] = arith.andi %x, %[[NOT]] : i12
  // CHECK-NEXT: %[[NEW:.*]] = arith.shli %0, %1 : i12
  // CHECK-NEXT: %[[PLACED:.*]] = arith.andi %[[NEW]], %[[MASK]] : i12
  // CHECK-NEXT: %y = arith.ori %[[KEPT]], %[[PLACED]] : i12
  %y = allo.set_slice %x[%hi : %lo], %v : i12, i4
  // CHECK:      %[[U:.*]] = allo.bitcast %u : ui4 to i4
  // CHECK-NEXT: arith.extui %[[U]] : i4 to i12
  %z = allo.set_slice %x[%hi : %lo], %u : i12, ui4
  func.return %y, %z : i12, i12
}

// Reversal swaps halves, quarters, ... in the next power-of-two width.
// CHECK-LABEL: func.func @bit_reverse(%x: i12) -> i12 {
func.func @bit_reverse(%x: i12) -> i12 {
  // CHECK-NEXT: %0 = arith.extui %x : i12 to i16
  // CHECK-NEXT: %1 = arith.constant 255 : i16
  // CHECK-NEXT: %2 = arith.constant 8 : i16
  // CHECK-NEXT: %3 = arith.shrui %0, %2 : i16
  // CHECK-NEXT: %4 = arith.andi %3, %1 : i16
  // CHECK-NEXT: %5 = arith.andi %0, %1 : i16
  // CHECK-NEXT: %6 = arith.shli %5, %2 : i16
  // CHECK-NEXT: %7 = arith.ori %4, %6 : i16
  // CHECK-NEXT: %8 = arith.constant 3855 : i16
  // CHECK-NEXT: %9 = arith.constant 4 : i16
  // CHECK:      arith.constant 13107 : i16
  // CHECK:      arith.constant 21845 : i16
  // CHECK:      %[[REV:.*]] = arith.ori
  // CHECK-NEXT: %[[LOW:.*]] = arith.shrui %[[REV]], %9 : i16
  // CHECK-NEXT: %r = arith.trunci %[[LOW]] : i16 to i12
  %r = allo.bit_reverse %x : i12
  func.return %r : i12
}

// Fixed-point values are read and written through their bits.
// CHECK-LABEL: func.func @fixed(%a: !allo.fixed<16, 8>, %i: index, %b: i1) -> !allo.fixed<16, 8> {
func.func @fixed(%a: !allo.fixed<16, 8>, %i: index, %b: i1) -> !allo.fixed<16, 8> {
  // CHECK-NEXT: %0 = allo.bitcast %a : !allo.fixed<16, 8> to i16
  // CHECK:      %[[BITS:.*]] = arith.ori %{{.*}}, %{{.*}} : i16
  // CHECK-NEXT: %y = allo.bitcast %[[BITS]] : i16 to !allo.fixed<16, 8>
  %y = allo.set_bit %a[%i], %b : !allo.fixed<16, 8>
  func.return %y : !allo.fixed<16, 8>
}
