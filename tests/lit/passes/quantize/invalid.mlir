// RUN: allo-opt %s --split-input-file --verify-diagnostics -p 'quantize{func="f" buffer="A" type="fixed<16,8>"}'
// RUN: not allo-opt %s --split-input-file -p 'quantize{func="f" buffer="X" type="i8"}' 2>&1 | filecheck %s --check-prefix=NAME
// RUN: not allo-opt %s --split-input-file -p 'quantize{func="f" buffer="A" type="fixed<8,9>"}' 2>&1 | filecheck %s --check-prefix=SPEC
// RUN: not allo-opt %s --split-input-file -p 'quantize{func="f" buffer="A" type="i1"}' 2>&1 | filecheck %s --check-prefix=BOOL
// RUN: not allo-opt %s --split-input-file -p 'quantize{func="f" buffer="A" type="index"}' 2>&1 | filecheck %s --check-prefix=INDEX

// NAME: error: in function 'f': unknown buffer 'X'; existing buffers: A
// SPEC: error: quantize: fractional bits 9 exceed width 8 in 'fixed<8,9>'
// BOOL: error: quantize: i1: only fixed-point, integer (wider than i1) and float elements can be quantized, not i1
// INDEX: error: quantize: index: only fixed-point, integer (wider than i1) and float elements can be quantized, not index

// A buffer that crosses calls is quantized with its aliases; each must allow it.
func.func @g(%B: memref<4xf32>) {
  // expected-error@+1 {{cannot change the element type of 'B' of 'g' (an alias of 'A' of 'f' across calls): 'memref.subview' uses it}}
  %s = memref.subview %B[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
  return
}

func.func @f(%A: memref<4xf32>) {
  func.call @g(%A) : (memref<4xf32>) -> ()
  return
}

// -----

// expected-error@+1 {{cannot change the element type of parameter #0 of 'ext' (an alias of 'A' of 'f' across calls): 'ext' is only declared, its body cannot follow}}
func.func private @ext(memref<4xf32>)

func.func @f(%A: memref<4xf32>) {
  func.call @ext(%A) : (memref<4xf32>) -> ()
  return
}

// -----

func.func @f(%A: f32) {
  return
}

func.func @top(%B: f32) {
  // expected-error@+1 {{quantize: 'A' is part of the interface of '@f', which is called here; propagating a type change through calls is done by composition, not yet available}}
  func.call @f(%B) : (f32) -> ()
  return
}

// -----

func.func @f(%A: memref<4xf32>) {
  // expected-error@+1 {{quantize: buffer 'A' is used by 'memref.subview', which quantize does not handle (only loads, stores, deallocation and returns)}}
  %s = memref.subview %A[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
  return
}

// -----

// expected-error@+1 {{quantize: buffer 'A' of type memref<4xi1>: only fixed-point, integer (wider than i1) and float elements can be quantized, not i1}}
func.func @f(%A: memref<4xi1>) {
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{quantize: buffer 'A' of type memref<4xindex>: only fixed-point, integer (wider than i1) and float elements can be quantized, not index}}
  %A = memref.alloc() : memref<4xindex>
  return
}
