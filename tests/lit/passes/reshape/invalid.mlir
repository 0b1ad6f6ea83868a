// RUN: not allo-opt %s -p 'reshape{func="f" buffer="A" shape=3,5}' 2>&1 | filecheck %s --check-prefix=COUNT
// COUNT: invalid.mlir:[[# @LINE + 24]]:1: error: cannot reshape 'A': the new shape [3, 5] has 15 elements, but memref<4x4xf32> has 16

// RUN: not allo-opt %s -p 'reshape{func="f" buffer="T" shape=0,16}' 2>&1 | filecheck %s --check-prefix=EXTENT
// EXTENT: invalid.mlir:[[# @LINE + 22]]:3: error: cannot reshape 'T': the new shape [0, 16] needs extents >= 1

// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="A" kind="complete" dim=1},reshape{func="f" buffer="A" shape=16}' 2>&1 | filecheck %s --check-prefix=LAYOUT
// LAYOUT: error: cannot reshape 'A': it has the layout #fpga.partition<[complete, none]>; reshape a buffer before partitioning it

// RUN: not allo-opt %s -p 'reshape{func="f" buffer="n" shape=1}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot reshape 'n': it is not a memref but index

// RUN: not allo-opt %s -p 'reshape{func="f" buffer="T" shape=16}' 2>&1 | filecheck %s --check-prefix=RAW
// RAW: invalid.mlir:[[# @LINE + 15]]:3: error: cannot reshape 'T': 'memref.load' uses 'T'

// A buffer that crosses calls is reshaped with its aliases; each must allow it.
// RUN: not allo-opt %s -p 'reshape{func="caller" buffer="B" shape=16}' 2>&1 | filecheck %s --check-prefix=CALL
// CALL: invalid.mlir:[[# @LINE + 17]]:3: error: cannot change the shape of 'X' of 'callee' (an alias of 'B' of 'caller' across calls): 'memref.load' uses it

// RUN: not allo-opt %s -p 'reshape{func="callee" buffer="X" shape=16}' 2>&1 | filecheck %s --check-prefix=CALLEE
// CALLEE: invalid.mlir:[[# @LINE + 14]]:3: error: cannot change the shape of 'X' of 'callee': 'memref.load' uses it

// RUN: not allo-opt %s -p 'reshape{func="user" buffer="E" shape=16}' 2>&1 | filecheck %s --check-prefix=DECLARED
// DECLARED: error: cannot change the shape of parameter #0 of 'ext' (an alias of 'E' of 'user' across calls): 'ext' is only declared, its body cannot follow

func.func @f(%A: memref<4x4xf32>, %n: index) {
  %T = memref.alloc() : memref<4x4xf32>
  %c0 = arith.constant 0 : index
  %v = memref.load %T[%c0, %c0] : memref<4x4xf32>
  return
}

func.func @callee(%X: memref<4x4xf32>) {
  %c1 = arith.constant 1 : index
  %x = memref.load %X[%c1, %c1] : memref<4x4xf32>
  return
}

func.func @caller(%B: memref<4x4xf32>) {
  func.call @callee(%B) : (memref<4x4xf32>) -> ()
  return
}

func.func private @ext(memref<4x4xf32>)

func.func @user() {
  %E = memref.alloc() {name = "E"} : memref<4x4xf32>
  func.call @ext(%E) : (memref<4x4xf32>) -> ()
  return
}
