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
