// RUN: not allo-opt %s -p 'materialize-unroll{factor=2}' 2>&1 | filecheck %s --check-prefix=NOLOOP
// NOLOOP: error: materialize-unroll: option 'factor' needs 'loop'

// RUN: not allo-opt %s -p 'materialize-unroll{loop="i"}' 2>&1 | filecheck %s --check-prefix=NOFUNC
// NOFUNC: error: materialize-unroll: option 'loop' needs 'func'

// RUN: not allo-opt %s -p 'materialize-unroll{func="f" loop="i"}' 2>&1 | filecheck %s --check-prefix=NOFACTOR
// RUN: not allo-opt %s -p 'materialize-unroll{func="f" loop="i" factor=9}' 2>&1 | filecheck %s --check-prefix=LARGE
// RUN: not allo-opt %s -p 'materialize-unroll{func="tri" loop="j" factor=0}' 2>&1 | filecheck %s --check-prefix=VARFULL
// RUN: not allo-opt %s -p 'materialize-unroll{func="bad"}' 2>&1 | filecheck %s --check-prefix=ANNOT
// RUN: not allo-opt %s -p 'materialize-unroll{func="nope"}' 2>&1 | filecheck %s --check-prefix=FUNC
// FUNC: error: unknown function 'nope'; existing functions: bad, f, tri

func.func @f(%A: memref<8xf32>) {
  // NOFACTOR: invalid.mlir:[[# @LINE + 2]]:3: error: materialize-unroll: loop 'i' has no 'fpga.unroll' annotation; give a factor
  // LARGE: invalid.mlir:[[# @LINE + 1]]:3: error: unroll factor 9 of loop 'i' is larger than its trip count 8
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xf32>
    affine.store %v, %A[%i] : memref<8xf32>
  }
  return
}

// The trip count of j (10 - i) has no constant bound: it cannot be unrolled
// fully (by a factor it can).
func.func @tri(%A: memref<10x10xf32>) {
  %c = arith.constant 1.0 : f32
  affine.for %i = 0 to 10 {
    // VARFULL: invalid.mlir:[[# @LINE + 1]]:5: error: cannot fully unroll loop 'j' in the IR: its trip count has no constant bound
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to 10 {
      affine.store %c, %A[%i, %j] : memref<10x10xf32>
    }
  }
  return
}

// An annotation is checked like an option.
func.func @bad(%A: memref<8xf32>) {
  // ANNOT: invalid.mlir:[[# @LINE + 1]]:3: error: unroll factor 20 of loop 'i' is larger than its trip count 8
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xf32>
    affine.store %v, %A[%i] : memref<8xf32>
  } {fpga.unroll = 20 : i64}
  return
}
