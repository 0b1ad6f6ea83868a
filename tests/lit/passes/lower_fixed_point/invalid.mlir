// RUN: allo-opt %s -p lower-fixed-point --split-input-file --verify-diagnostics

func.func @f(%a: !allo.fixed<16, 8>) -> f16 {
  // expected-error@+1 {{lower-fixed-point: fixed-point conversions with f16 are not supported; convert through f32}}
  %h = allo.cast %a : !allo.fixed<16, 8> to f16
  func.return %h : f16
}

// -----

func.func @f(%x: bf16) -> !allo.fixed<16, 8> {
  // expected-error@+1 {{lower-fixed-point: fixed-point conversions with bf16 are not supported; convert through f32}}
  %a = allo.cast %x : bf16 to !allo.fixed<16, 8>
  func.return %a : !allo.fixed<16, 8>
}
