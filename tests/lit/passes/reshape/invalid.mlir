// RUN: not allo-opt %s -p 'reshape{func="f" buffer="A" shape=3,5}' 2>&1 | filecheck %s --check-prefix=COUNT
// COUNT: invalid.mlir:[[# @LINE + 23]]:1: error: cannot reshape 'A': the new shape [3, 5] has 15 elements, but memref<4x4xf32> has 16

// RUN: not allo-opt %s -p 'reshape{func="f" buffer="T" shape=0,16}' 2>&1 | filecheck %s --check-prefix=EXTENT
// EXTENT: invalid.mlir:[[# @LINE + 21]]:3: error: cannot reshape 'T': the new shape [0, 16] needs extents >= 1

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="complete" dim=1},reshape{func="f" buffer="A" shape=16}' 2>&1 | filecheck %s --check-prefix=LAYOUT
// LAYOUT: error: cannot reshape 'A': it has the layout #fpga.partition<[complete, none]>; reshape a buffer before partitioning it

// RUN: not allo-opt %s -p 'reshape{func="f" buffer="n" shape=1}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot reshape 'n': it is not a memref but index

// RUN: not allo-opt %s -p 'reshape{func="f" buffer="T" shape=16}' 2>&1 | filecheck %s --check-prefix=RAW
// RAW: invalid.mlir:[[# @LINE + 14]]:3: error: cannot reshape 'T': 'memref.load' uses 'T'

// RUN: not allo-opt %s -p 'reshape{func="caller" buffer="B" shape=16}' 2>&1 | filecheck %s --check-prefix=CALL
// CALL: invalid.mlir:[[# @LINE + 20]]:3: error: cannot reshape 'B': 'B' is passed to 'callee' at {{.*}}invalid.mlir:[[# @LINE + 20]]:3; the callee's parameter type would no longer match

// RUN: not allo-opt %s -p 'reshape{func="callee" buffer="X" shape=16}' 2>&1 | filecheck %s --check-prefix=CALLEE
// CALLEE: error: cannot reshape 'X': 'callee' is called at {{.*}}invalid.mlir:[[# @LINE + 17]]:3 and 'X' is part of its signature, which would no longer match the call

// RUN: not allo-opt %s -p 'reshape{func="make" buffer="R" shape=16}' 2>&1 | filecheck %s --check-prefix=RETURNED
// RETURNED: error: cannot reshape 'R': 'make' is called at {{.*}}invalid.mlir:[[# @LINE + 24]]:3 and 'R' is part of its signature, which would no longer match the call

func.func @f(%A: memref<4x4xf32>, %n: index) {
  %T = memref.alloc() : memref<4x4xf32>
  %c0 = arith.constant 0 : index
  %v = memref.load %T[%c0, %c0] : memref<4x4xf32>
  return
}

func.func @callee(%X: memref<4x4xf32>) {
  return
}

func.func @caller(%B: memref<4x4xf32>) {
  func.call @callee(%B) : (memref<4x4xf32>) -> ()
  return
}

func.func @make() -> memref<4x4xf32> {
  %R = memref.alloc() : memref<4x4xf32>
  return %R : memref<4x4xf32>
}

func.func @user() {
  %r = func.call @make() : () -> memref<4x4xf32>
  return
}
