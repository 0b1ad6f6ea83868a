// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="cyclic" dim=1 factor=2},array-partition{func="f" buffer="A" kind="block" dim=1 factor=2}' 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: invalid.mlir:[[# @LINE + 41]]:1: error: cannot partition 'A': dimension 1 is already partitioned (cyclic 2); a buffer takes one partition per dimension, and dim 0 covers every dimension

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="complete" dim=0},array-partition{func="f" buffer="A" kind="cyclic" dim=2 factor=2}' 2>&1 | filecheck %s --check-prefix=ZERO-THEN-DIM
// ZERO-THEN-DIM: error: cannot partition 'A': dimension 2 is already partitioned (complete); a buffer takes one partition per dimension, and dim 0 covers every dimension

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="cyclic" dim=2 factor=2},array-partition{func="f" buffer="A" kind="complete" dim=0}' 2>&1 | filecheck %s --check-prefix=DIM-THEN-ZERO
// DIM-THEN-ZERO: error: cannot partition 'A': dimension 2 is already partitioned (cyclic 2); a buffer takes one partition per dimension, and dim 0 covers every dimension

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="cyclic" dim=3 factor=2}' 2>&1 | filecheck %s --check-prefix=RANK
// RANK: error: cannot partition 'A': dimension 3 is beyond its rank 2

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="T" kind="cyclic" dim=1 factor=16}' 2>&1 | filecheck %s --check-prefix=EXTENT
// EXTENT: invalid.mlir:[[# @LINE + 30]]:3: error: cannot partition 'T': factor 16 exceeds the extent 8 of dimension 1

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="complete" dim=1 factor=4}' 2>&1 | filecheck %s --check-prefix=COMPLETE
// COMPLETE: error: cannot partition 'A': a complete partition takes no factor, got 4

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="block" dim=1}' 2>&1 | filecheck %s --check-prefix=NOFACTOR
// NOFACTOR: error: cannot partition 'A': a block partition needs a factor >= 1, got 0

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="banked" dim=1}' 2>&1 | filecheck %s --check-prefix=KIND
// KIND: error: cannot partition 'A': unknown kind 'banked'; expected one of cyclic, block, complete

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="n" kind="complete"}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot partition 'n': it is not a memref but index

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="Z" kind="complete"}' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: in function 'f': unknown buffer 'Z'; existing buffers: A, T, n

// Partitioning 'B' of @caller or 'X' of @callee partitions both (they alias
// across the call): tests/lit/passes/compose/ tests it.

// A conflict across calls names both origins: tests/lit/passes/compose/.
//

// RUN: not allo-opt %s -p 'array-partition{func="view" buffer="S" kind="complete"}' 2>&1 | filecheck %s --check-prefix=VIEW
// VIEW: invalid.mlir:[[# @LINE + 21]]:3: error: cannot partition 'S': 'memref.subview' uses 'S'

// RUN: not allo-opt %s -p 'array-partition{func="view" buffer="R" kind="complete"}' 2>&1 | filecheck %s --check-prefix=LAYOUT
// LAYOUT: error: cannot partition 'R': it has the layout strided<[1, 4]>

func.func @f(%A: memref<8x8xf32>, %n: index) {
  %T = memref.alloc() : memref<8x4xf32>
  return
}

func.func @callee(%X: memref<8xf32>) {
  return
}

func.func @caller(%B: memref<8xf32>) {
  func.call @callee(%B) : (memref<8xf32>) -> ()
  return
}

func.func @view(%R: memref<4x4xf32, strided<[1, 4]>>) {
  %S = memref.alloc() : memref<8x8xf32>
  %v = memref.subview %S[0, 0] [4, 4] [1, 1] : memref<8x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  return
}
