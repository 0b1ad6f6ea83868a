// RUN: allo-opt %s --split-input-file --verify-diagnostics -p lower-streams

// Every error of lower-streams; the error points at the op at fault.

func.func @f() {
  // expected-error@+1 {{'fpga.stream_create' has no element count ('elements N'): lower-streams sizes the buffer that replaces a stream by the number of elements put into it (the 'to' primitive records it)}}
  %s = fpga.stream_create "s" : !fpga.stream<i32, 2>
  func.return
}

// -----

func.func @f() {
  // expected-error@+1 {{!fpga.stream<memref<4xi8>, 2> in 'fpga.stream_create' carries memref<4xi8>: lower-streams makes buffers of integers, floats and fixed point only}}
  %s = fpga.stream_create elements 4 : !fpga.stream<memref<4xi8>, 2>
  func.return
}

// -----

// expected-error@+1 {{!fpga.stream<memref<4xi8>, 2> in 'func.func' carries memref<4xi8>: lower-streams makes buffers of integers, floats and fixed point only}}
func.func @f(%s: !fpga.stream<memref<4xi8>, 2>) {
  func.return
}

// -----

// expected-error@+1 {{'@f' returns a stream: lower-streams lowers streams made by fpga.stream_create and passed as parameters only}}
func.func @f() -> !fpga.stream<i32, 2> {
  %s = fpga.stream_create elements 4 : !fpga.stream<i32, 2>
  func.return %s : !fpga.stream<i32, 2>
}

// -----

func.func @f() {
  // expected-error@+1 {{'func.call' returns a stream (!fpga.stream<i32, 2>): lower-streams lowers only fpga.stream_create, fpga.stream_put, fpga.stream_get and streams passed to func.call}}
  %s = func.call @make() : () -> !fpga.stream<i32, 2>
  func.return
}
func.func private @make() -> !fpga.stream<i32, 2>

// -----

// A function that nothing calls has no buffer behind its stream parameter.
// expected-error@+1 {{'@consumer' takes a stream at parameter #1, but no call passes it one: lower-streams turns a stream into a buffer where fpga.stream_create makes it and sizes stream parameters by their callers}}
func.func @consumer(%C: memref<4xi32>, %s: !fpga.stream<i32, 2>) {
  affine.for %i = 0 to 4 {
    %v = fpga.stream_get %s : !fpga.stream<i32, 2>
    affine.store %v, %C[%i] : memref<4xi32>
  }
  func.return
}

// -----

func.func @sink(%s: !fpga.stream<i32, 2>) {
  func.return
}
func.func @f() {
  %a = fpga.stream_create elements 4 : !fpga.stream<i32, 2>
  %b = fpga.stream_create elements 6 : !fpga.stream<i32, 2>
  func.call @sink(%a) : (!fpga.stream<i32, 2>) -> ()
  // expected-error@+1 {{'@sink' is passed a stream of 6 elements at parameter #0 here, but one of 4 at}}
  func.call @sink(%b) : (!fpga.stream<i32, 2>) -> ()
  func.return
}

// -----

func.func @f() {
  %s = fpga.stream_create elements 4 : !fpga.stream<i32, 2>
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  // expected-error@+1 {{'scf.for' uses a stream (!fpga.stream<i32, 2>): lower-streams lowers only fpga.stream_create, fpga.stream_put, fpga.stream_get and streams passed to func.call}}
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %s) -> (!fpga.stream<i32, 2>) {
    scf.yield %t : !fpga.stream<i32, 2>
  }
  func.return
}

// -----

// expected-error@+1 {{'func.func' has a block argument that is a stream (!fpga.stream<i32, 2>): lower-streams lowers only fpga.stream_create, fpga.stream_put, fpga.stream_get and streams passed to func.call}}
func.func @f() {
  %s = fpga.stream_create elements 4 : !fpga.stream<i32, 2>
  cf.br ^bb1(%s : !fpga.stream<i32, 2>)
^bb1(%t: !fpga.stream<i32, 2>):
  func.return
}
