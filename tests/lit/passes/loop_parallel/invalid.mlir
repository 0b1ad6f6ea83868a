// RUN: not allo-opt %s -p 'loop-parallel{func="f" loop="k"}' 2>&1 | filecheck %s --check-prefix=LOOP
// RUN: not allo-opt %s -p 'loop-parallel{func="f"}' 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: not allo-opt %s -p 'loop-parallel{func="f" loop="i:i"}' 2>&1 | filecheck %s --check-prefix=BAND
// RUN: not allo-opt %s -p 'loop-parallel{func="f" loop="S_i_0:i"}' 2>&1 | filecheck %s --check-prefix=CARRIED
// RUN: not allo-opt %s -p 'loop-parallel{func="f" loop="S_i_1:i"}' 2>&1 | filecheck %s --check-prefix=ITER
// RUN: not allo-opt %s -p 'loop-parallel{func="f" loop="j"}' 2>&1 | filecheck %s --check-prefix=INNER
// MISSING: error: bad options for pass 'loop-parallel'
// BAND: error: in function 'f': unknown loop 'i:i'; existing loops: S_i_0:i, S_i_1:i, S_i_2:i, S_i_2:j

// LOOP: invalid.mlir:[[# @LINE + 1]]:1: error: in function 'f': unknown loop 'k'; existing loops: S_i_0:i, S_i_1:i, S_i_2:i, S_i_2:j
func.func @f(%A: memref<8xi32>, %C: memref<8x8xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  // Each iteration reads what the previous one wrote.
  affine.for %i = 1 to 8 {
    // CARRIED: invalid.mlir:[[# @LINE + 1]]:5: error: loop 'S_i_0:i' is not parallel: dependence on A from store A[i] to load A[i - 1] has direction (<) over (i)
    %a = affine.load %A[%i - 1] : memref<8xi32>
    affine.store %a, %A[%i] : memref<8xi32>
  }
  // ITER: invalid.mlir:[[# @LINE + 1]]:3: error: loop 'S_i_1:i' is not parallel: it carries values (iter_args)
  %r = affine.for %i = 0 to 8 iter_args(%acc = %zero) -> (i32) {
    %a = affine.load %A[%i] : memref<8xi32>
    %s = arith.addi %acc, %a : i32
    affine.yield %s : i32
  }
  // Parallel over i, not over j: row i accumulates along j.
  affine.for %i = 0 to 8 {
    affine.for %j = 1 to 8 {
      // INNER: invalid.mlir:[[# @LINE + 1]]:7: error: loop 'j' is not parallel: dependence on C from store C[i, j] to load C[i, j - 1] has direction (<) over (j)
      %p = affine.load %C[%i, %j - 1] : memref<8x8xi32>
      %c = affine.load %C[%i, %j] : memref<8x8xi32>
      %s = arith.addi %p, %c : i32
      affine.store %s, %C[%i, %j] : memref<8x8xi32>
    }
  }
  return %r : i32
}
