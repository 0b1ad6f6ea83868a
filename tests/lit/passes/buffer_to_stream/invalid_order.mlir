// RUN: allo-opt %s --split-input-file --verify-diagnostics -p apply-schedules

// A stream delivers its k-th put to its k-th get: every step after `to`
// that would change the order of either side is refused, naming the step,
// the stream and both loop orders (allo_xdsl/analysis/stream_order.py).

// The fuzz-found case of issue 11: reorder of the consumer after `to`.
func.func @top(%A1: memref<8x8xi32>) -> memref<8x2xi32> {
  %T2 = memref.alloc() : memref<8x2xi32>
  %B3 = memref.alloc() : memref<8x2xi32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 2 {
      %v1 = affine.load %A1[3, %i] : memref<8x8xi32>
      affine.store %v1, %T2[%i, %j] : memref<8x2xi32>
    }
  }
  affine.for %x = 0 to 8 {
    affine.for %y = 0 to 2 {
      %v2 = affine.load %T2[%x, %y] : memref<8x2xi32>
      %v3 = affine.load %A1[%x, %x] : memref<8x8xi32>
      %v4 = arith.addi %v2, %v3 : i32
      affine.store %v4, %B3[%x, %y] : memref<8x2xi32>
    }
  }
  func.return %B3 : memref<8x2xi32>
}
sched.schedule @top {
  sched.to "T2"
  sched.dataflow
  // expected-error@+1 {{step 'reorder' of the schedule of 'top': 'reorder' would break stream 'T2' of 'top': band 'S_x_1' would read it in loop order (y, x), but band 'S_i_0' writes it in loop order (i, j): at y = 0, x = 1 it reads T2[1, 0] where the stream delivers T2[0, 1]; a stream is read in the order it is written, element by element: apply 'reorder' before 'to', or not at all}}
  sched.reorder ["y", "x"]
  sched.pipeline "y" ii 1
}

// -----

// The same copy, 2x3, reordering the producer.
func.func @top(%A: memref<2x3xi32>, %B: memref<2x3xi32>) {
  %T = memref.alloc() {name = "T"} : memref<2x3xi32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 3 {
      %a = affine.load %A[%i, %j] : memref<2x3xi32>
      affine.store %a, %T[%i, %j] : memref<2x3xi32>
    }
  }
  affine.for %x = 0 to 2 {
    affine.for %y = 0 to 3 {
      %t = affine.load %T[%x, %y] : memref<2x3xi32>
      affine.store %t, %B[%x, %y] : memref<2x3xi32>
    }
  }
  func.return
}
sched.schedule @top {
  sched.to "T"
  // expected-error@+1 {{'reorder' would break stream 'T' of 'top': band 'S_x_1' would read it in loop order (x, y), but band 'S_i_0' writes it in loop order (j, i): at x = 0, y = 1 it reads T[0, 1] where the stream delivers T[1, 0]}}
  sched.reorder ["j", "i"]
}

// -----

// Tiling the consumer.
func.func @top(%A: memref<4x4xi32>, %B: memref<4x4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %a, %T[%i, %j] : memref<4x4xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 4 {
      %t = affine.load %T[%x, %y] : memref<4x4xi32>
      affine.store %t, %B[%x, %y] : memref<4x4xi32>
    }
  }
  func.return
}
sched.schedule @top {
  sched.to "T"
  // expected-error@+1 {{'tile' would break stream 'T' of 'top': band 'S_x_1' would read it in loop order (x.outer, y.outer, x.inner, y.inner), but band 'S_i_0' writes it in loop order (i, j): at x.outer = 0, y.outer = 0, x.inner = 1, y.inner = 0 it reads T[1, 0] where the stream delivers T[0, 2]}}
  sched.tile ["x", "y"] factors [2, 2]
}

// -----

// Tiling the producer.
func.func @top(%A: memref<4x4xi32>, %B: memref<4x4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %a, %T[%i, %j] : memref<4x4xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 4 {
      %t = affine.load %T[%x, %y] : memref<4x4xi32>
      affine.store %t, %B[%x, %y] : memref<4x4xi32>
    }
  }
  func.return
}
sched.schedule @top {
  sched.to "T"
  // expected-error@+1 {{'tile' would break stream 'T' of 'top': band 'S_x_1' would read it in loop order (x, y), but band 'S_i_0' writes it in loop order (i.outer, j.outer, i.inner, j.inner): at x = 0, y = 2 it reads T[0, 2] where the stream delivers T[1, 0]}}
  sched.tile ["i", "j"] factors [2, 2]
}

// -----

// Splitting keeps the order; reordering the split loops does not.
func.func @top(%A: memref<4x4xi32>, %B: memref<4x4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %a, %T[%i, %j] : memref<4x4xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 4 {
      %t = affine.load %T[%x, %y] : memref<4x4xi32>
      affine.store %t, %B[%x, %y] : memref<4x4xi32>
    }
  }
  func.return
}
sched.schedule @top {
  sched.to "T"
  sched.split "y" factor 2
  // expected-error@+1 {{'reorder' would break stream 'T' of 'top': band 'S_x_1' would read it in loop order (x, y.inner, y.outer), but band 'S_i_0' writes it in loop order (i, j): at x = 0, y.inner = 0, y.outer = 1 it reads T[0, 2] where the stream delivers T[0, 1]}}
  sched.reorder ["y.inner", "y.outer"]
}

// -----

// A reshape before `to` changes how the consumer's loops walk the buffer;
// the order is checked on the reshaped subscripts.
func.func @top(%A: memref<2x6xi32>, %B: memref<2x6xi32>) {
  %T = memref.alloc() {name = "T"} : memref<2x6xi32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<2x6xi32>
      affine.store %a, %T[%i, %j] : memref<2x6xi32>
    }
  }
  affine.for %x = 0 to 2 {
    affine.for %y = 0 to 6 {
      %t = affine.load %T[%x, %y] : memref<2x6xi32>
      affine.store %t, %B[%x, %y] : memref<2x6xi32>
    }
  }
  func.return
}
sched.schedule @top {
  sched.reshape "T" shape [12]
  sched.to "T"
  // expected-error@+1 {{'reorder' would break stream 'T' of 'top': band 'S_x_1' would read it in loop order (y, x), but band 'S_i_0' writes it in loop order (i, j): at y = 0, x = 1 it reads T[6] where the stream delivers T[1]}}
  sched.reorder ["y", "x"]
}

// -----

// `parallel` on a loop that reads a stream: its iterations may run in any order.
func.func @top(%A: memref<4xi32>, %B: memref<4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4xi32>
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xi32>
    affine.store %a, %T[%i] : memref<4xi32>
  }
  affine.for %x = 0 to 4 {
    %t = affine.load %T[%x] : memref<4xi32>
    affine.store %t, %B[%x] : memref<4xi32>
  }
  func.return
}
sched.schedule @top {
  sched.to "T"
  // expected-error@+1 {{step 'parallel' of the schedule of 'top': after 'parallel', loop 'x' of 'top' is parallel (fpga.parallel) and reads stream 'T': its iterations may run in any order, but a stream is read in the order it is written; pipeline or unroll the loop instead}}
  sched.parallel "x"
}

// -----

// ... or writes it; and `parallel` before `to` is refused by `to`.
func.func @top(%A: memref<4xi32>, %B: memref<4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4xi32>
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xi32>
    affine.store %a, %T[%i] : memref<4xi32>
  }
  affine.for %x = 0 to 4 {
    %t = affine.load %T[%x] : memref<4xi32>
    affine.store %t, %B[%x] : memref<4xi32>
  }
  func.return
}
sched.schedule @top {
  sched.parallel "i"
  // expected-error@+1 {{step 'to' of the schedule of 'top': after 'to', loop 'i' of 'top' is parallel (fpga.parallel) and writes stream 'T'}}
  sched.to "T"
}

// -----

// A fork: each consumer's stream is checked against the producer's order.
func.func @top(%A: memref<2x4xf32>, %D: memref<2x4xf32>, %E: memref<2x4xf32>) {
  %F = memref.alloc() {name = "F"} : memref<2x4xf32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<2x4xf32>
      affine.store %a, %F[%i, %j] : memref<2x4xf32>
    }
  }
  affine.for %x = 0 to 2 {
    affine.for %y = 0 to 4 {
      %f = affine.load %F[%x, %y] : memref<2x4xf32>
      affine.store %f, %D[%x, %y] : memref<2x4xf32>
    }
  } {op_name = "first"}
  affine.for %u = 0 to 2 {
    affine.for %v = 0 to 4 {
      %f = affine.load %F[%u, %v] : memref<2x4xf32>
      affine.store %f, %E[%u, %v] : memref<2x4xf32>
    }
  } {op_name = "second"}
  func.return
}
sched.schedule @top {
  sched.to "F" consumers ["first", "second"]
  // expected-error@+1 {{'reorder' would break stream 'F_second' of 'top': band 'second' would read it in loop order (v, u), but band 'F_fork' writes it in loop order (F_fork): at v = 0, u = 1 it reads F[1, 0] where the stream delivers F[0, 1]}}
  sched.reorder ["v", "u"]
}

// -----

// compute_at puts the producer into the consumer's band: that band then
// holds up to 4 elements of a stream of depth 2 and would wait on itself.
func.func @top(%A: memref<4x4xi32>, %B: memref<4x4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      affine.store %a, %T[%i, %j] : memref<4x4xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 4 {
      %t = affine.load %T[%x, %y] : memref<4x4xi32>
      affine.store %t, %B[%x, %y] : memref<4x4xi32>
    }
  }
  func.return
}
sched.schedule @top {
  sched.to "T" depth 2
  // expected-error@+1 {{'compute_at' would make band 'S_x_1' write 3 elements into stream 'T' of 'top' (depth 2) before reading them (at x = 0, j = 2): it would wait forever on itself; give 'to' a larger depth}}
  sched.compute_at "S_i_0" consumer "S_x_1" loop "x"
}
