// Every error of the allo dialect's types.
// RUN: allo-opt %s --split-input-file --verify-diagnostics

// expected-error@+1 {{!allo.fixed<0, 0>: fixed-point width must be >= 1, got 0}}
func.func @f(%a: !allo.fixed<0, 0>) {
  return
}

// -----

// expected-error@+1 {{!allo.ufixed<0, 0>: unsigned fixed-point width must be >= 1, got 0}}
func.func @f(%a: !allo.ufixed<0, 0>) {
  return
}

// -----

// expected-error@+1 {{!allo.fixed<8, 9>: fractional bits 9 exceed width 8}}
func.func @f(%a: !allo.fixed<8, 9>) {
  return
}

// -----

// expected-error@+1 {{!allo.ufixed<4, 5>: fractional bits 5 exceed width 4}}
func.func @f(%a: !allo.ufixed<4, 5>) {
  return
}

// -----

// expected-error@+1 {{!allo.fixed<8, -1>: fixed-point fractional bits must be >= 0, got -1}}
func.func @f(%a: !allo.fixed<8, -1>) {
  return
}

// -----

// expected-error@+1 {{!allo.ufixed<8, -2>: unsigned fixed-point fractional bits must be >= 0, got -2}}
func.func @f(%a: !allo.ufixed<8, -2>) {
  return
}

// -----

// expected-error@+1 {{Expected ','}}
func.func @f(%a: !allo.fixed<8>) {
  return
}

// -----

func.func @f(%a: i32, %b: i32) {
  // expected-error@+1 {{'allo.add' expects a fixed-point left operand, got i32 (use arith on integers and floats, allo.cast to convert)}}
  %s = allo.add %a, %b : i32
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>, %b: f32) {
  // expected-error@+1 {{'allo.mul' expects a fixed-point right operand, got f32 (use arith on integers and floats, allo.cast to convert)}}
  %s = allo.mul %a, %b : (!allo.fixed<16, 8>, f32) -> !allo.fixed<16, 8>
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>) {
  // expected-error@+1 {{'allo.div' expects a fixed-point result, got i16}}
  %s = allo.div %a, %a : (!allo.fixed<16, 8>, !allo.fixed<16, 8>) -> i16
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>) {
  // expected-error@+1 {{expected '(Ta, Tb) -> R' or a single type, got (!allo.fixed<16, 8>) -> !allo.fixed<16, 8>}}
  %s = allo.sub %a, %a : (!allo.fixed<16, 8>) -> !allo.fixed<16, 8>
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>, %b: i16) {
  // expected-error@+1 {{'allo.cmp' expects a fixed-point right operand, got i16}}
  %c = "allo.cmp"(%a, %b) <{predicate = "lt"}> : (!allo.fixed<16, 8>, i16) -> i1
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>) {
  // expected-error@+1 {{unknown predicate 'ult'; expected one of eq, ne, lt, le, gt, ge}}
  %c = "allo.cmp"(%a, %a) <{predicate = "ult"}> : (!allo.fixed<16, 8>, !allo.fixed<16, 8>) -> i1
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>) {
  // expected-error@+1 {{'allo.cast' does not convert i1 values (use allo.cmp, arith.cmpi or arith.select)}}
  %c = allo.cast %a : !allo.fixed<16, 8> to i1
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'allo.cast' does not convert index values (use arith.index_cast)}}
  %c = allo.cast %i : index to !allo.fixed<16, 8>
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>) {
  // expected-error@+1 {{width mismatch: !allo.fixed<16, 8> has 16 bits, i12 has 12}}
  %c = allo.bitcast %a : !allo.fixed<16, 8> to i12
  return
}

// -----

func.func @f(%a: f32) {
  // expected-error@+1 {{'allo.bitcast' expects fixed-point or integer types, got f32}}
  %c = allo.bitcast %a : f32 to i32
  return
}

// -----

func.func @f(%x: i12) {
  %c = arith.constant 12 : index
  // expected-error@+1 {{bit index 12 is out of range for a 12-bit value (0..11)}}
  %b = allo.get_bit %x[%c] : i12
  return
}

// -----

func.func @f(%x: f32, %i: index) {
  // expected-error@+1 {{'allo.get_bit' expects an integer or fixed-point value, got f32}}
  %b = allo.get_bit %x[%i] : f32
  return
}

// -----

func.func @f(%x: i12, %i: i32) {
  // expected-error@+1 {{'allo.get_bit' expects an index bit index, got i32}}
  %b = "allo.get_bit"(%x, %i) : (i12, i32) -> i1
  return
}

// -----

func.func @f(%x: i12, %i: index, %b: i1) {
  // expected-error@+1 {{width mismatch: the result type i16 of 'allo.set_bit' must be the type of its operand, i12}}
  %y = "allo.set_bit"(%x, %i, %b) : (i12, index, i1) -> i16
  return
}

// -----

func.func @f(%x: i12, %i: index, %b: i8) {
  // expected-error@+1 {{the bit must be i1, got i8}}
  %y = "allo.set_bit"(%x, %i, %b) : (i12, index, i8) -> i12
  return
}

// -----

func.func @f(%x: i12) {
  %hi = arith.constant 3 : index
  %lo = arith.constant 5 : index
  // expected-error@+1 {{low bit 5 is above high bit 3}}
  %s = allo.get_slice %x[%hi : %lo] : i12 -> i8
  return
}

// -----

func.func @f(%x: i12, %lo: index) {
  %hi = arith.constant 12 : index
  // expected-error@+1 {{high bit 12 is out of range for a 12-bit value (0..11)}}
  %s = allo.get_slice %x[%hi : %lo] : i12 -> i8
  return
}

// -----

func.func @f(%x: i12, %i: index) {
  // expected-error@+1 {{the result of 'allo.get_slice' must be an integer, got !allo.fixed<8, 4>}}
  %s = allo.get_slice %x[%i : %i] : i12 -> !allo.fixed<8, 4>
  return
}

// -----

func.func @f(%x: i12, %i: index, %b: i1) {
  // expected-error@+1 {{the new bits of 'allo.set_slice' must be an integer wider than i1, got i1 (use allo.set_bit for one bit)}}
  %s = allo.set_slice %x[%i : %i], %b : i12, i1
  return
}

// -----

func.func @f(%x: i12, %i: index, %v: i4) {
  // expected-error@+1 {{width mismatch: the result type i13 of 'allo.set_slice' must be the type of its operand, i12}}
  %s = "allo.set_slice"(%x, %i, %i, %v) : (i12, index, index, i4) -> i13
  return
}

// -----

func.func @f(%a: !allo.fixed<16, 8>) {
  // expected-error@+1 {{'allo.bit_reverse' expects an integer value, got !allo.fixed<16, 8>}}
  %r = allo.bit_reverse %a : !allo.fixed<16, 8>
  return
}

// -----

func.func @f(%x: i12) {
  // expected-error@+1 {{width mismatch: the result type i8 of 'allo.bit_reverse' must be the type of its operand, i12}}
  %r = "allo.bit_reverse"(%x) : (i12) -> i8
  return
}
