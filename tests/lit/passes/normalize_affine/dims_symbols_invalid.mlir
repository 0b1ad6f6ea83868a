// Operands that MLIR rejects as dimensions or symbols are rejected on input,
// located at the op, with upstream's message (each chunk is checked by
// mlir-opt-22 too: see mlir_opt_agrees.mlir).
// RUN: allo-opt --split-input-file --verify-diagnostics %s
// RUN: not allo-opt %s 2>&1 | filecheck %s
// CHECK: dims_symbols_invalid.mlir:[[# @LINE + 7]]:5: error: 'affine.load' op operand cannot be used as a dimension id: %m is the result of 'affine.min' inside a loop or branch; a dimension must be an affine.for or affine.parallel index, a valid symbol, or affine.apply of dimensions

// The issue's case: an affine.min result inside a loop used as a subscript.
func.func @min_as_subscript(%A: memref<16xi32>) {
  affine.for %i = 0 to 16 {
    %m = affine.min affine_map<(d0) -> (d0, 7)>(%i)
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    %v = affine.load %A[%m] : memref<16xi32>
  }
  return
}

// -----

func.func @max_as_store_subscript(%A: memref<16xi32>, %x: i32) {
  affine.for %i = 0 to 16 {
    %m = affine.max affine_map<(d0) -> (d0, 7)>(%i)
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    affine.store %x, %A[%m] : memref<16xi32>
  }
  return
}

// -----

func.func @arith_in_loop(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    %k = arith.addi %i, %i : index
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    %v = affine.load %A[%k] : memref<16xi32>
  }
  return
}

// -----

func.func @scf_index(%A: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    %v = affine.load %A[%i] : memref<16xi32>
  }
  return
}

// -----

func.func @iter_arg_subscript(%A: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %r = affine.for %i = 0 to 4 iter_args(%acc = %c0) -> (index) {
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    %v = affine.load %A[%acc] : memref<16xi32>
    %n = affine.apply affine_map<(d0) -> (d0 + 1)>(%acc)
    affine.yield %n : index
  }
  return
}

// -----

func.func @loaded_index(%A: memref<16xi32>, %I: memref<4xindex>) {
  affine.for %i = 0 to 4 {
    %t = affine.load %I[%i] : memref<4xindex>
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    %v = affine.load %A[%t] : memref<16xi32>
  }
  return
}

// -----

// A bare SSA bound is a symbol, in MLIR as in xDSL: an outer loop index is
// not one (write affine_map<(d0) -> (d0)>(%i) instead).
func.func @index_as_bound_symbol(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    // expected-error@+1 {{operand cannot be used as a symbol}}
    affine.for %j = 0 to %i {
      %v = affine.load %A[%j] : memref<16xi32>
    }
  }
  return
}

// -----

func.func @min_as_bound(%A: memref<10xi32>) {
  affine.for %o = 0 to 3 {
    %m = affine.min affine_map<(d0) -> (4, 10 - d0 * 4)>(%o)
    // expected-error@+1 {{operand cannot be used as a symbol}}
    affine.for %n = 0 to %m {
      %v = affine.load %A[%n] : memref<10xi32>
    }
  }
  return
}

// -----

func.func @apply_of_index_as_symbol(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    %k = affine.apply affine_map<(d0) -> (d0 + 1)>(%i)
    // expected-error@+1 {{operand cannot be used as a symbol}}
    affine.for %j = 0 to %k {
      %v = affine.load %A[%j] : memref<16xi32>
    }
  }
  return
}

// -----

func.func @if_condition(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    %k = arith.addi %i, %i : index
    // expected-error@+1 {{operand cannot be used as a dimension id}}
    affine.if affine_set<(d0) : (d0 - 2 >= 0)>(%k) {
    }
  }
  return
}
