// RUN: not allo-opt %s -p 'reuse-at{func="local" buffer="S" loop="x"}' 2>&1 | filecheck %s --check-prefix=LOCAL
// LOCAL: invalid.mlir:[[# @LINE + 233]]:3: error: cannot reuse 'S' at loop 'x': it is allocated inside the loop

// RUN: not allo-opt %s -p 'reuse-at{func="written" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=WRITTEN
// WRITTEN: invalid.mlir:[[# @LINE + 70]]:5: error: cannot reuse 'A' at loop 'x': it is written inside the loop (store A[x + 2])

// RUN: not allo-opt %s -p 'reuse-at{func="called" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=CALLED
// CALLED: invalid.mlir:[[# @LINE + 78]]:5: error: cannot reuse 'A' at loop 'x': 'func.call' uses it inside the loop; only affine.load can read a reused buffer

// RUN: not allo-opt %s -p 'reuse-at{func="unread" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=UNREAD
// UNREAD: invalid.mlir:[[# @LINE + 82]]:3: error: cannot reuse 'A' at loop 'x': the loop does not read it

// RUN: not allo-opt %s -p 'reuse-at{func="invariant" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=INVARIANT
// INVARIANT: invalid.mlir:[[# @LINE + 89]]:5: error: cannot reuse 'A' at loop 'x': load A[0] does not depend on the loop

// RUN: not allo-opt %s -p 'reuse-at{func="diagonal" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=DIAGONAL
// DIAGONAL: error: cannot reuse 'A' at loop 'x': load A[x, x + 1] depends on the loop in several dimensions

// RUN: not allo-opt %s -p 'reuse-at{func="transposed" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=TRANSPOSED
// TRANSPOSED: error: cannot reuse 'A' at loop 'x': load A[x, 0] and load A[0, x + 1] follow the loop along different dimensions

// RUN: not allo-opt %s -p 'reuse-at{func="strides" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=STRIDES
// STRIDES: error: cannot reuse 'A' at loop 'x': load A[x] and load A[x * 2] have different strides

// RUN: not allo-opt %s -p 'reuse-at{func="offset" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=OFFSET
// OFFSET: invalid.mlir:[[# @LINE + 107]]:5: error: cannot reuse 'A' at loop 'x': load A[x + n] has a non-constant offset (n) along the loop

// RUN: not allo-opt %s -p 'reuse-at{func="rows" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=ROWS
// ROWS: error: cannot reuse 'A' at loop 'x': load A[i, x] and load A[j, x + 1] differ by a non-constant offset in dimension 1

// RUN: not allo-opt %s -p 'reuse-at{func="modulo" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=MODULO
// MODULO: error: cannot reuse 'A' at loop 'x': a subscript of load A[?] is not a sum of loop indices and constants

// RUN: not allo-opt %s -p 'reuse-at{func="indirect" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=INDIRECT
// INDIRECT: error: cannot reuse 'A' at loop 'x': load A[x + t] reads a subscript computed inside the loop

// RUN: not allo-opt %s -p 'reuse-at{func="ragged" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=RAGGED
// RAGGED: error: cannot reuse 'A' at loop 'x': load A[x + c] uses the index of a loop without constant bounds

// RUN: not allo-opt %s -p 'reuse-at{func="single" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=SINGLE
// SINGLE: error: cannot reuse 'A' at loop 'x': consecutive iterations read disjoint elements along dimension 1 (offsets 0 to 0, stride 1), so there is nothing to reuse

// RUN: not allo-opt %s -p 'reuse-at{func="disjoint" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=DISJOINT
// DISJOINT: error: cannot reuse 'A' at loop 'x': consecutive iterations read disjoint elements along dimension 1 (offsets 0 to 1, stride 3), so there is nothing to reuse

// RUN: not allo-opt %s -p 'reuse-at{func="dynamic" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=DYNAMIC
// DYNAMIC: error: cannot reuse 'A' at loop 'x': the loop bounds are not constants

// RUN: not allo-opt %s -p 'reuse-at{func="stepped" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=STEPPED
// STEPPED: error: cannot reuse 'A' at loop 'x': the loop has step 2, not 1

// RUN: not allo-opt %s -p 'reuse-at{func="carried" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=CARRIED
// CARRIED: error: cannot reuse 'A' at loop 'x': the loop carries values (iter_args)

// RUN: not allo-opt %s -p 'reuse-at{func="written" buffer="A" loop="x" buffer_name="B"}' 2>&1 | filecheck %s --check-prefix=NAME
// NAME: error: cannot reuse 'A' at loop 'x': function 'written' already has a buffer named 'B'

// RUN: not allo-opt %s -p 'reuse-at{func="offset" buffer="n" loop="x"}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot reuse 'n' at loop 'x': it is not a memref with a static shape

// RUN: not allo-opt %s -p 'reuse-at{func="outside" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=OUTSIDE
// OUTSIDE: error: cannot reuse 'A' at loop 'x': the loads read positions -1 to 7 of dimension 1, outside its extent 8

// RUN: not allo-opt %s -p 'reuse-at{func="backwards" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=BACKWARDS
// BACKWARDS: error: cannot reuse 'A' at loop 'x': load A[-x + 7] runs backwards along the loop

// RUN: not allo-opt %s --pipeline %S/Inputs/bad_name.yaml 2>&1 | filecheck %s --check-prefix=YAML
// YAML: error: step 'reuse_at' of the schedule of 'written': cannot reuse 'A' at loop 'x': function 'written' already has a buffer named 'B'

func.func @written(%A: memref<10xf32>, %B: memref<8xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x] : memref<10xf32>
    %b = affine.load %A[%x + 1] : memref<10xf32>
    %s = arith.addf %a, %b : f32
    affine.store %s, %A[%x + 2] : memref<10xf32>
  }
  return
}

func.func private @use(memref<10xf32>) -> ()

func.func @called(%A: memref<10xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x] : memref<10xf32>
    %b = affine.load %A[%x + 1] : memref<10xf32>
    func.call @use(%A) : (memref<10xf32>) -> ()
  }
  return
}

func.func @unread(%A: memref<10xf32>, %B: memref<4xf32>) {
  %a = affine.load %A[0] : memref<10xf32>
  affine.for %x = 0 to 4 {
    affine.store %a, %B[%x] : memref<4xf32>
  }
  return
}

func.func @invariant(%A: memref<10xf32>, %B: memref<8xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x] : memref<10xf32>
    %b = affine.load %A[%x + 1] : memref<10xf32>
    %c = affine.load %A[0] : memref<10xf32>
  }
  return
}

func.func @diagonal(%A: memref<10x10xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x, %x + 1] : memref<10x10xf32>
  }
  return
}

func.func @transposed(%A: memref<10x10xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x, 0] : memref<10x10xf32>
    %b = affine.load %A[0, %x + 1] : memref<10x10xf32>
  }
  return
}

func.func @strides(%A: memref<20xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x] : memref<20xf32>
    %b = affine.load %A[%x * 2] : memref<20xf32>
  }
  return
}

func.func @offset(%A: memref<20xf32>, %n: index) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x + %n] : memref<20xf32>
    %b = affine.load %A[%x + 1] : memref<20xf32>
  }
  return
}

func.func @rows(%A: memref<10x10xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %x = 0 to 8 {
        %a = affine.load %A[%i, %x] : memref<10x10xf32>
        %b = affine.load %A[%j, %x + 1] : memref<10x10xf32>
      }
    }
  }
  return
}

func.func @modulo(%A: memref<10xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x mod 4] : memref<10xf32>
  }
  return
}

func.func @indirect(%A: memref<20xf32>, %I: memref<8xi32>) {
  affine.for %x = 0 to 8 {
    %c0 = arith.constant 0 : index
    %t = memref.dim %I, %c0 : memref<8xi32>
    %a = affine.load %A[%x + %t] : memref<20xf32>
  }
  return
}

func.func @ragged(%A: memref<20xf32>, %n: index) {
  affine.for %x = 0 to 8 {
    affine.for %c = 0 to %n {
      %a = affine.load %A[%x + %c] : memref<20xf32>
    }
  }
  return
}

func.func @single(%A: memref<8xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x] : memref<8xf32>
  }
  return
}

func.func @disjoint(%A: memref<24xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x * 3] : memref<24xf32>
    %b = affine.load %A[%x * 3 + 1] : memref<24xf32>
  }
  return
}

func.func @dynamic(%A: memref<20xf32>, %n: index) {
  affine.for %x = 0 to %n {
    %a = affine.load %A[%x] : memref<20xf32>
    %b = affine.load %A[%x + 1] : memref<20xf32>
  }
  return
}

func.func @stepped(%A: memref<20xf32>) {
  affine.for %x = 0 to 8 step 2 {
    %a = affine.load %A[%x] : memref<20xf32>
    %b = affine.load %A[%x + 1] : memref<20xf32>
  }
  return
}

func.func @carried(%A: memref<20xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %r = affine.for %x = 0 to 8 iter_args(%s = %zero) -> f32 {
    %a = affine.load %A[%x] : memref<20xf32>
    %b = affine.load %A[%x + 1] : memref<20xf32>
    %t = arith.addf %a, %b : f32
    affine.yield %t : f32
  }
  return %r : f32
}

func.func @outside(%A: memref<8xf32>) {
  affine.for %x = 0 to 8 {
    %a = affine.load %A[%x - 1] : memref<8xf32>
    %b = affine.load %A[%x] : memref<8xf32>
  }
  return
}

func.func @backwards(%A: memref<8xf32>) {
  affine.for %x = 0 to 7 {
    %a = affine.load %A[7 - %x] : memref<8xf32>
    %b = affine.load %A[6 - %x] : memref<8xf32>
  }
  return
}

func.func @local(%B: memref<7xf32>) {
  affine.for %x = 0 to 7 {
    %S = memref.alloca() {name = "S"} : memref<8xf32>
    %a = affine.load %S[%x] : memref<8xf32>
    %b = affine.load %S[%x + 1] : memref<8xf32>
  }
  return
}
