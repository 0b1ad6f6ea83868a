// RUN: allo-opt %s --split-input-file --verify-diagnostics -p 'mark-dataflow{func="f" loop="j"}'

// expected-error@+1 {{in function 'f': unknown loop 'j'; existing loops: S_i_0:i}}
func.func @f(%A: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xf32>
    affine.store %a, %A[%i] : memref<4xf32>
  }
  func.return
}

// -----

// expected-error@+1 {{cannot make 'f' a dataflow region: it is marked inline, and inlining it would dissolve the region}}
func.func @f() attributes {fpga.inline} {
  func.return
}

// -----

// expected-error@+1 {{cannot make 'f' a dataflow region: it has no body}}
func.func private @f()
