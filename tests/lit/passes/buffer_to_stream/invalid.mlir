// RUN: allo-opt %s --split-input-file --verify-diagnostics -p 'buffer-to-stream{func="f" buffer="T"}'

// Every chunk streams buffer T of @f; the error points at the op at fault.

// expected-error@+1 {{cannot stream 'T': it is a parameter of 'f'; apply 'to' in the function that allocates the buffer}}
func.func @f(%T: memref<4xf32>) {
  func.return
}

// -----

func.func @f() {
  // expected-error@+1 {{cannot stream 'T': it is array-partitioned (memref<4xf32, #fpga.partition<[complete]>>); a stream is never also partitioned}}
  %T = memref.alloc() {name = "T"} : memref<4xf32, #fpga.partition<[complete]>>
  func.return
}

// -----

func.func @f() {
  // expected-error@+1 {{cannot stream 'T': it has a storage binding (fpga.bind_storage); a stream is a FIFO, not a RAM}}
  %T = memref.alloc() {name = "T", fpga.bind_storage = {impl = "bram", type = "ram_2p"}} : memref<4xf32>
  func.return
}

// -----

func.func @f() {
  // expected-error@+1 {{cannot stream 'T': it is already a stream}}
  %T = fpga.stream_create "T" : !fpga.stream<f32, 4>
  func.return
}

// -----

func.func @f(%v: f32) {
  // expected-error@+1 {{cannot stream 'T': nothing reads it (no consumer)}}
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @f(%C: memref<4xf32>) {
  // expected-error@+1 {{cannot stream 'T': nothing writes it (no producer)}}
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @f(%v: f32, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  // expected-error@+1 {{cannot stream 'T': it has two producers, band 'S_i_0' (at}}
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @g(%T: memref<4xf32>, %C: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}
func.func @f(%v: f32, %C: memref<4xf32>, %D: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  func.call @g(%T, %C) : (memref<4xf32>, memref<4xf32>) -> ()
  // expected-error@+1 {{cannot stream 'T': it has two consumers, '@g' (called at}}
  func.call @g(%T, %D) : (memref<4xf32>, memref<4xf32>) -> ()
  func.return
}

// -----

func.func @f(%A: memref<4xf32>, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xf32>
    affine.store %a, %T[%i] : memref<4xf32>
    // expected-error@+1 {{cannot stream 'T': band 'S_i_0' (at}}
    %t = affine.load %T[%i] : memref<4xf32>
    %u = arith.addf %t, %a : f32
    affine.store %u, %T[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

// The GEMM of a 2mm that accumulates into its output cannot stream it.
func.func @gemm(%A: memref<4x4xf32>, %C: memref<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.store %zero, %C[%i, %j] : memref<4x4xf32>
      affine.for %k = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<4x4xf32>
        %c = affine.load %C[%i, %j] : memref<4x4xf32>
        %s = arith.addf %a, %c : f32
        affine.store %s, %C[%i, %j] : memref<4x4xf32>
      }
    }
  }
  func.return
}
func.func @f(%A: memref<4x4xf32>, %D: memref<4x4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xf32>
  // expected-error@+1 {{cannot stream 'T': '@gemm' (called at}}
  func.call @gemm(%A, %T) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %t = affine.load %T[%i, %j] : memref<4x4xf32>
      affine.store %t, %D[%i, %j] : memref<4x4xf32>
    }
  }
  func.return
}

// -----

func.func @f(%v: f32, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  // expected-error@+1 {{cannot stream 'T': the consumer band 'S_i_0' (at}}
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @f(%v: f32, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 8 {
    // expected-error@+1 {{writes T[(i) floordiv 2] twice: T[0] again at i = 1}}
    affine.store %v, %T[%i floordiv 2] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @f(%v: f32, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    // expected-error@+1 {{reads T[i] twice: T[0] again at i = 0; a consumer reads every element once, in the order the producer writes them}}
    %u = affine.load %T[%i] : memref<4xf32>
    %s = arith.addf %t, %u : f32
    affine.store %s, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

// The issue's example: a consumer that reads ahead.
func.func @f(%A: memref<8xf32>, %C: memref<7xf32>) {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    affine.store %a, %T[%i] : memref<8xf32>
  }
  affine.for %i = 0 to 7 {
    // expected-error@+1 {{reads T[i + 1] before the producer writes it: at i = 0 it reads T[1], but the stream delivers T[0] first}}
    %t = affine.load %T[%i + 1] : memref<8xf32>
    affine.store %t, %C[%i] : memref<7xf32>
  }
  func.return
}

// -----

// A transposed read: out of order on the second element.
func.func @f(%A: memref<3x3xf32>, %C: memref<3x3xf32>) {
  %T = memref.alloc() {name = "T"} : memref<3x3xf32>
  affine.for %i = 0 to 3 {
    affine.for %j = 0 to 3 {
      %a = affine.load %A[%i, %j] : memref<3x3xf32>
      affine.store %a, %T[%i, %j] : memref<3x3xf32>
    }
  }
  affine.for %i = 0 to 3 {
    affine.for %j = 0 to 3 {
      // expected-error@+1 {{reads T[j, i] before the producer writes it: at i = 0, j = 1 it reads T[1, 0], but the stream delivers T[0, 1] first}}
      %t = affine.load %T[%j, %i] : memref<3x3xf32>
      affine.store %t, %C[%i, %j] : memref<3x3xf32>
    }
  }
  func.return
}

// -----

func.func @f(%v: f32, %C: memref<8xf32>) {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<8xf32>
  }
  affine.for %i = 0 to 5 {
    // expected-error@+1 {{reads T[i], which the producer never writes (T[4] at i = 4)}}
    %t = affine.load %T[%i] : memref<8xf32>
    affine.store %t, %C[%i] : memref<8xf32>
  }
  func.return
}

// -----

func.func @f(%v: f32, %C: memref<8xf32>) {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    affine.store %v, %T[%i] : memref<8xf32>
  }
  // expected-error@+1 {{does not read every element the producer writes: T[4] and 3 more would stay in the stream}}
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<8xf32>
    affine.store %t, %C[%i] : memref<8xf32>
  }
  func.return
}

// -----

func.func @f(%v: f32, %c: i1, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    // expected-error@+1 {{the order of its accesses in band 'S_i_0' (at}}
    scf.if %c {
      affine.store %v, %T[%i] : memref<4xf32>
    }
  }
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @f(%v: f32, %n: index, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  // expected-error@+1 {{a subscript or bound depends on 'n', known only at run time}}
  affine.store %v, %T[%n] : memref<4xf32>
  affine.for %i = 0 to 1 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}

// -----

func.func @h(%T: memref<4xf32>) {
  func.return
}
func.func @g(%T: memref<4xf32>) {
  func.call @h(%T) : (memref<4xf32>) -> ()
  func.return
}
func.func @f(%v: f32) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  // expected-error@+1 {{cannot stream 'T': '@g' passes it on to '@h' at}}
  func.call @g(%T) : (memref<4xf32>) -> ()
  func.return
}

// -----

func.func @g(%T: memref<4xf32>, %C: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %t = affine.load %T[%i] : memref<4xf32>
    affine.store %t, %C[%i] : memref<4xf32>
  }
  func.return
}
func.func @other(%C: memref<4xf32>) {
  // expected-error@+1 {{cannot stream 'T': it would also become a stream as 'X' of 'other', which aliases it across calls}}
  %X = memref.alloc() {name = "X"} : memref<4xf32>
  func.call @g(%X, %C) : (memref<4xf32>, memref<4xf32>) -> ()
  func.return
}
func.func @f(%v: f32, %C: memref<4xf32>) {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %v, %T[%i] : memref<4xf32>
  }
  func.call @g(%T, %C) : (memref<4xf32>, memref<4xf32>) -> ()
  func.return
}

// -----

func.func @g(%A: memref<4xf32>, %B: memref<4xf32>) {
  func.return
}
func.func @f() {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  // expected-error@+1 {{cannot stream 'T': it is passed twice to '@g'}}
  func.call @g(%T, %T) : (memref<4xf32>, memref<4xf32>) -> ()
  func.return
}

// -----

func.func private @g(memref<4xf32>)
func.func @f() {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  // expected-error@+1 {{cannot stream 'T': it is passed to '@g', which has no body}}
  func.call @g(%T) : (memref<4xf32>) -> ()
  func.return
}

// -----

func.func @g(%T: memref<4xf32> {fpga.bind_storage = {impl = "uram", type = "ram_2p"}}) {
  func.return
}
func.func @f() {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  // expected-error@+1 {{cannot stream 'T': '@g' binds the storage of its parameter #0; a stream is a FIFO, not a RAM}}
  func.call @g(%T) : (memref<4xf32>) -> ()
  func.return
}

// -----

func.func @f() -> memref<4xf32> {
  %T = memref.alloc() {name = "T"} : memref<4xf32>
  // expected-error@+1 {{cannot stream 'T': 'func.return' uses it at}}
  func.return %T : memref<4xf32>
}
