// RUN: allo-opt %s --split-input-file --verify-diagnostics -p 'mark-inline{func="f"}'

// expected-error@+1 {{cannot inline 'f': it has no body}}
func.func private @f()

// -----

// expected-error@+1 {{cannot inline 'f': it is the top function}}
func.func @f() attributes {fpga.top} {
  func.return
}

// -----

// expected-error@+1 {{cannot inline 'f': it is a dataflow region, which inlining would dissolve}}
func.func @f() attributes {fpga.dataflow} {
  func.return
}
