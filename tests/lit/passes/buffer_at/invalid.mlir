// RUN: not allo-opt %s -p 'buffer-at{func="gemm" buffer="C" loop="k"}' 2>&1 | filecheck %s --check-prefix=INNERMOST
// INNERMOST: invalid.mlir:[[# @LINE + 34]]:7: error: cannot buffer 'C' at loop 'k': it is the innermost loop; buffer at a loop that holds the loops to accumulate in

// RUN: not allo-opt %s -p 'buffer-at{func="gemm" buffer="A" loop="x"}' 2>&1 | filecheck %s --check-prefix=LOOP
// LOOP: error: in function 'gemm': unknown loop 'x'; existing loops: S_i_0:i, S_i_0:j, S_i_0:k

// RUN: not allo-opt %s -p 'buffer-at{func="gemm" buffer="n" loop="i"}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot buffer 'n' at loop 'i': it is not a memref but index

// RUN: not allo-opt %s -p 'buffer-at{func="called" buffer="C" loop="i"}' 2>&1 | filecheck %s --check-prefix=CALLED
// CALLED: invalid.mlir:[[# @LINE + 43]]:7: error: cannot buffer 'C' at loop 'i': 'func.call' uses it inside the loop; only affine.load and affine.store can be buffered

// RUN: not allo-opt %s -p 'buffer-at{func="called" buffer="D" loop="i"}' 2>&1 | filecheck %s --check-prefix=UNUSED
// UNUSED: error: cannot buffer 'D' at loop 'i': the loop does not access it

// RUN: not allo-opt %s -p 'buffer-at{func="shifted" buffer="C" loop="i"}' 2>&1 | filecheck %s --check-prefix=SHIFTED
// SHIFTED: invalid.mlir:[[# @LINE + 47]]:7: error: cannot buffer 'C' at loop 'i': load C[i, j] and store C[m, j] differ by a non-constant offset in dimension 1

// RUN: not allo-opt %s -p 'buffer-at{func="indirect" buffer="C" loop="i"}' 2>&1 | filecheck %s --check-prefix=INDIRECT
// INDIRECT: error: cannot buffer 'C' at loop 'i': load C[t] reads a subscript computed inside the loop

// RUN: not allo-opt %s -p 'buffer-at{func="modulo" buffer="C" loop="i"}' 2>&1 | filecheck %s --check-prefix=MODULO
// MODULO: error: cannot buffer 'C' at loop 'i': a subscript of load C[?] is not a sum of loop indices and constants

// RUN: not allo-opt %s -p 'buffer-at{func="ragged" buffer="C" loop="i"}' 2>&1 | filecheck %s --check-prefix=RAGGED
// RAGGED: error: cannot buffer 'C' at loop 'i': load C[i, j] uses the index of a loop without constant bounds

// RUN: not allo-opt %s -p 'buffer-at{func="raw" buffer="C" loop="i"}' 2>&1 | filecheck %s --check-prefix=RAW
// RAW: error: cannot buffer 'C' at loop 'i': 'memref.load' uses it inside the loop; only affine.load and affine.store can be buffered
// RUN: not allo-opt %s -p 'buffer-at{func="local" buffer="S" loop="i"}' 2>&1 | filecheck %s --check-prefix=LOCAL
// LOCAL: invalid.mlir:[[# @LINE + 78]]:3: error: cannot buffer 'S' at loop 'i': it is allocated inside the loop

func.func @gemm(%A: memref<4x6xf32>, %B: memref<6x5xf32>, %C: memref<4x5xf32>, %n: index) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6xf32>
        %b = affine.load %B[%k, %j] : memref<6x5xf32>
        %c = affine.load %C[%i, %j] : memref<4x5xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x5xf32>
      }
    }
  }
  return
}

func.func private @use(memref<4x5xf32>) -> ()

func.func @called(%C: memref<4x5xf32>, %D: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      func.call @use(%C) : (memref<4x5xf32>) -> ()
    }
  }
  return
}

func.func @shifted(%C: memref<4x5xf32>, %m: index) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %c = affine.load %C[%i, %j] : memref<4x5xf32>
      affine.store %c, %C[%m, %j] : memref<4x5xf32>
    }
  }
  return
}

func.func @indirect(%C: memref<8xf32>, %I: memref<4xi32>) {
  affine.for %i = 0 to 4 {
    %c0 = arith.constant 0 : index
    %t = memref.dim %I, %c0 : memref<4xi32>
    affine.for %j = 0 to 5 {
      %c = affine.load %C[%t] : memref<8xf32>
    }
  }
  return
}

func.func @modulo(%C: memref<8xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %c = affine.load %C[%j mod 2] : memref<8xf32>
    }
  }
  return
}

func.func @ragged(%C: memref<4x5xf32>, %n: index) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to %n {
      %c = affine.load %C[%i, %j] : memref<4x5xf32>
    }
  }
  return
}

func.func @raw(%C: memref<4x5xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %c = memref.load %C[%i, %j] : memref<4x5xf32>
    }
  }
  return
}

func.func @local(%A: memref<4xi32>) {
  affine.for %i = 0 to 4 {
    %S = memref.alloca() {name = "S"} : memref<2xi32>
    affine.for %j = 0 to 2 {
      %a = affine.load %A[%i] : memref<4xi32>
      affine.store %a, %S[%j] : memref<2xi32>
    }
  }
  return
}
