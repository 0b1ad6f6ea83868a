// RUN: not allo-opt %s -p 'compute-at{func="ahead" producer="S_i_0" consumer="S_i_1" loop="j"}' 2>&1 | filecheck %s --check-prefix=AHEAD
// RUN: not allo-opt %s -p 'compute-at{func="transposed" producer="S_i_0" consumer="S_i_1" loop="j"}' 2>&1 | filecheck %s --check-prefix=TRANS
// RUN: not allo-opt %s -p 'compute-at{func="between" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=BETWEEN
// RUN: not allo-opt %s -p 'compute-at{func="ahead" producer="S_i_1" consumer="S_i_0" loop="i"}' 2>&1 | filecheck %s --check-prefix=ORDER
// RUN: not allo-opt %s -p 'compute-at{func="ahead" producer="S_i_0" consumer="S_i_0" loop="i"}' 2>&1 | filecheck %s --check-prefix=SAME
// RUN: not allo-opt %s -p 'compute-at{func="ahead" producer="S_x_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=BAND
// RUN: not allo-opt %s -p 'compute-at{func="ahead" producer="S_i_0" consumer="S_i_1" loop="k"}' 2>&1 | filecheck %s --check-prefix=LOOP
// RUN: not allo-opt %s -p 'compute-at{func="ahead" producer="S_i_0" consumer="S_i_1" loop="S_i_0:j"}' 2>&1 | filecheck %s --check-prefix=OTHER
// RUN: not allo-opt %s -p 'compute-at{func="sizes" producer="S_i_0" consumer="S_i_1" loop="j"}' 2>&1 | filecheck %s --check-prefix=SIZES
// RUN: not allo-opt %s -p 'compute-at{func="steps" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=STEPS
// RUN: not allo-opt %s -p 'compute-at{func="imperfect" producer="S_i_0" consumer="S_i_1" loop="j"}' 2>&1 | filecheck %s --check-prefix=IMPERFECT
// RUN: not allo-opt %s -p 'compute-at{func="carried" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=CARRIED
// RUN: not allo-opt %s -p 'compute-at{func="overwrite" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=WAR

// The consumer reads row i + 1, which the producer writes one iteration later.
func.func @ahead(%A: memref<5x5xi32>, %B: memref<5x5xi32>, %C: memref<4x5xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<5x5xi32>
      affine.store %a, %B[%i, %j] : memref<5x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      // AHEAD: [[# @LINE + 1]]:7: error: cannot compute 'S_i_0' at loop 'j' of 'S_i_1': the consumer would read B before the producer writes it; dependence on B from load B[i + 1, j] to store B[i, j] has direction (<, =) over (i, j); bounds inference does not apply: each consumer iteration needs producer loop 'i' at i + 1, which leaves out some of its iterations 0 to 3; B is used outside the two nests, so every element must still be computed
      %b = affine.load %B[%i + 1, %j] : memref<5x5xi32>
      affine.store %b, %C[%i, %j] : memref<4x5xi32>
    }
  }
  return
}
// ORDER: invalid.mlir:[[# @LINE - 9]]:3: error: cannot compute 'S_i_1' at 'S_i_0': the producer band comes after the consumer band
// SAME: error: compute_at needs two different bands, got 'S_i_0' twice
// BAND: error: in function 'ahead': unknown band 'S_x_0'; existing bands: S_i_0, S_i_1
// LOOP: error: in band 'S_i_1': unknown loop 'k'; existing loops: i, j
// OTHER: error: loop 'S_i_0:j' of compute_at must be a loop of the consumer band 'S_i_1'

// Along producer loop i the consumer reads rows i and j: no one window.
func.func @transposed(%A: memref<5x5xi32>, %B: memref<5x5xi32>, %C: memref<5x5xi32>) {
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<5x5xi32>
      affine.store %a, %B[%i, %j] : memref<5x5xi32>
    }
  }
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to 5 {
      // TRANS: [[# @LINE + 1]]:7: error: cannot compute 'S_i_0' at loop 'j' of 'S_i_1': the consumer would read B before the producer writes it; dependence on B from load B[j, i] to store B[i, j] has direction (<, >) over (i, j); bounds inference does not apply: the consumer reads along producer loop 'i' at j and at i (plus constants); bounds inference needs one linear part
      %b = affine.load %B[%j, %i] : memref<5x5xi32>
      %d = affine.load %B[%i, %j] : memref<5x5xi32>
      %e = arith.addi %b, %d : i32
      affine.store %e, %C[%i, %j] : memref<5x5xi32>
    }
  }
  return
}

// Something between the two nests reads what the producer writes.
func.func @between(%A: memref<4xi32>, %B: memref<4xi32>, %C: memref<4xi32>) {
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xi32>
    affine.store %a, %B[%i] : memref<4xi32>
  }
  // BETWEEN: [[# @LINE + 1]]:3: error: cannot compute 'S_i_0' at loop 'i' of 'S_i_1': buffer 'B', which the producer writes, is used by 'affine.load' between the producer and the consumer
  %x = affine.load %B[3] : memref<4xi32>
  affine.for %i = 0 to 4 {
    %b = affine.load %B[%i] : memref<4xi32>
    %c = arith.addi %b, %x : i32
    affine.store %c, %C[%i] : memref<4xi32>
  }
  return
}

func.func @sizes(%A: memref<4x5xi32>, %B: memref<4x5xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<4x5xi32>
      affine.store %a, %B[%i, %j] : memref<4x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    // SIZES: [[# @LINE - 6]]:5: error: cannot compute 'S_i_0' at loop 'j' of 'S_i_1': producer loop 'j' (0 to 5) and consumer loop 'j' (1 to 5) do not have the same trip count; bounds inference does not apply: each consumer iteration needs producer loop 'j' at j, which leaves out some of its iterations 0 to 4; B is used outside the two nests, so every element must still be computed
    affine.for %j = 1 to 5 {
      %b = affine.load %B[%i, %j] : memref<4x5xi32>
      affine.store %b, %A[%i, %j] : memref<4x5xi32>
    }
  }
  return
}

func.func @steps(%A: memref<8xi32>, %B: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    affine.store %a, %B[%i] : memref<8xi32>
  }
  // STEPS: [[# @LINE - 4]]:3: error: cannot compute 'S_i_0' at loop 'i' of 'S_i_1': producer loop 'i' and consumer loop 'i' have different steps (1 and 2); bounds inference does not apply: each consumer iteration needs producer loop 'i' at i, which leaves out some of its iterations 0 to 7
  affine.for %i = 0 to 8 step 2 {
    %b = affine.load %B[%i] : memref<8xi32>
    affine.store %b, %A[%i] : memref<8xi32>
  }
  return
}

func.func @imperfect(%A: memref<4x5xi32>, %B: memref<4x5xi32>, %C: memref<4xi32>) {
  %zero = arith.constant 0 : i32
  // IMPERFECT: [[# @LINE + 1]]:3: error: cannot compute 'S_i_0' at loop 'j' of 'S_i_1': the producer is not a perfect nest of 2 loops (loop 'i' holds other ops)
  affine.for %i = 0 to 4 {
    affine.store %zero, %C[%i] : memref<4xi32>
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<4x5xi32>
      affine.store %a, %B[%i, %j] : memref<4x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%i, %j] : memref<4x5xi32>
      affine.store %b, %A[%i, %j] : memref<4x5xi32>
    }
  }
  return
}

func.func @carried(%A: memref<4xi32>, %B: memref<4xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  // CARRIED: [[# @LINE + 1]]:3: error: cannot compute 'S_i_0' at loop 'i' of 'S_i_1': producer loop 'i' carries values (iter_args)
  %s = affine.for %i = 0 to 4 iter_args(%acc = %zero) -> (i32) {
    %a = affine.load %A[%i] : memref<4xi32>
    affine.store %a, %B[%i] : memref<4xi32>
    %n = arith.addi %acc, %a : i32
    affine.yield %n : i32
  }
  affine.for %i = 0 to 4 {
    %b = affine.load %B[%i] : memref<4xi32>
    affine.store %b, %A[%i] : memref<4xi32>
  }
  return %s : i32
}

// The consumer overwrites A[i] before the producer, one iteration later,
// reads its old value.
func.func @overwrite(%A: memref<5xi32>, %B: memref<5xi32>) {
  affine.for %i = 1 to 5 {
    %a = affine.load %A[%i - 1] : memref<5xi32>
    affine.store %a, %B[%i] : memref<5xi32>
  }
  affine.for %i = 1 to 5 {
    %b = affine.load %B[%i] : memref<5xi32>
    // WAR: [[# @LINE + 1]]:5: error: cannot compute 'S_i_0' at loop 'i' of 'S_i_1': the consumer would overwrite A before the producer reads it; dependence on A from store A[i] to load A[i - 1] has direction (<) over (i)
    affine.store %b, %A[%i] : memref<5xi32>
  }
  return
}

// RUN: not allo-opt %s -p 'compute-at{func="guarded" producer="S_i_0" consumer="S_i_1" loop="j"}' 2>&1 | filecheck %s --check-prefix=IF
// The consumer's loop j runs only for some i: the producer would skip rows.
func.func @guarded(%A: memref<4x4xi32>, %B: memref<4x4xi32>, %C: memref<4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %a, %B[%i, %j] : memref<4x4xi32>
    }
  }
  affine.for %i = 0 to 4 {
    // IF: invalid.mlir:[[# @LINE + 1]]:5: error: cannot compute 'S_i_0' at loop 'j' of 'S_i_1': loop 'j' is inside 'affine.if', not directly inside a loop
    affine.if affine_set<(d0) : (d0 - 2 >= 0)>(%i) {
      affine.for %j = 0 to 4 {
        %b = affine.load %B[%i, %j] : memref<4x4xi32>
        affine.store %b, %C[%i, %j] : memref<4x4xi32>
      }
    }
  }
  return
}

// Bounds inference computes the producer again per consumer iteration: it
// must be recomputable, and its windows well defined.
// RUN: not allo-opt %s -p 'compute-at{func="reduce" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=REDUCE
// RUN: not allo-opt %s -p 'compute-at{func="called" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=CALLED
// RUN: not allo-opt %s -p 'compute-at{func="rewrite" producer="S_i_0" consumer="S_i_1" loop="i"}' 2>&1 | filecheck %s --check-prefix=REWRITE
// RUN: not allo-opt %s -p 'compute-at{func="outside" producer="S_i_0" consumer="S_i_1" loop="j"}' 2>&1 | filecheck %s --check-prefix=OUTSIDE
func.func @reduce(%A: memref<6x4xi32>, %B: memref<6xi32>, %C: memref<5xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %k = 0 to 4 {
      %a = affine.load %A[%i, %k] : memref<6x4xi32>
      // REDUCE: invalid.mlir:[[# @LINE + 1]]:7: error: {{.*}}do not have the same trip count; bounds inference does not apply: the producer reads B, which it also writes (a reduction or a recurrence), so computing it again per consumer iteration would change the result
      %b = affine.load %B[%i] : memref<6xi32>
      %s = arith.addi %a, %b : i32
      affine.store %s, %B[%i] : memref<6xi32>
    }
  }
  affine.for %i = 0 to 5 {
    %x = affine.load %B[%i] : memref<6xi32>
    %y = affine.load %B[%i + 1] : memref<6xi32>
    %s = arith.addi %x, %y : i32
    affine.store %s, %C[%i] : memref<5xi32>
  }
  return
}

func.func private @tick(memref<6xi32>)

func.func @called(%A: memref<6xi32>, %B: memref<6xi32>, %C: memref<5xi32>) {
  affine.for %i = 0 to 6 {
    %a = affine.load %A[%i] : memref<6xi32>
    affine.store %a, %B[%i] : memref<6xi32>
    // CALLED: invalid.mlir:[[# @LINE + 1]]:5: error: {{.*}}bounds inference does not apply: the producer holds 'func.call'; bounds inference computes the producer again per consumer iteration and only recomputes loads, stores and arithmetic
    func.call @tick(%A) : (memref<6xi32>) -> ()
  }
  affine.for %i = 0 to 5 {
    %x = affine.load %B[%i + 1] : memref<6xi32>
    affine.store %x, %C[%i] : memref<5xi32>
  }
  return
}

func.func @rewrite(%A: memref<6xi32>, %C: memref<5xi32>) {
  %B = memref.alloc() : memref<6xi32>
  affine.for %i = 0 to 6 {
    %a = affine.load %A[%i] : memref<6xi32>
    affine.store %a, %B[%i] : memref<6xi32>
  }
  affine.for %i = 0 to 5 {
    %x = affine.load %B[%i + 1] : memref<6xi32>
    affine.store %x, %C[%i] : memref<5xi32>
    // REWRITE: invalid.mlir:[[# @LINE + 1]]:5: error: {{.*}}bounds inference does not apply: the consumer writes B, which the producer computes; bounds inference would compute it again over the consumer's values
    affine.store %x, %B[%i] : memref<6xi32>
  }
  return
}

func.func @outside(%A: memref<6x3xi32>, %C: memref<5x3xi32>) {
  %B = memref.alloc() : memref<6x3xi32>
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 3 {
      %a = affine.load %A[%i, %j] : memref<6x3xi32>
      affine.store %a, %B[%i, %j] : memref<6x3xi32>
    }
  }
  affine.for %i = 0 to 5 {
    // OUTSIDE: invalid.mlir:[[# @LINE + 1]]:5: error: {{.*}}bounds inference does not apply: the consumer reads B outside loop 'j': load B[i + 1, 0]
    %x = affine.load %B[%i + 1, 0] : memref<6x3xi32>
    affine.for %j = 0 to 3 {
      %y = affine.load %B[%i, %j] : memref<6x3xi32>
      %s = arith.addi %x, %y : i32
      affine.store %s, %C[%i, %j] : memref<5x3xi32>
    }
  }
  return
}
