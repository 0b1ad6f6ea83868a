// What the HLS C++ target cannot express is a located error naming the op
// or type, never a traceback or wrong code.
// RUN: allo-opt %s -t hls-cpp --split-input-file --verify-diagnostics

func.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{hls-cpp: unsupported operation 'math.ctpop'}}
  %b = math.ctpop %a : i32
  return %b : i32
}

// -----

// expected-error@+1 {{hls-cpp: unsupported type f16}}
func.func @f(%a: f16) {
  return
}

// -----

// expected-error@+1 {{hls-cpp: dynamic shapes are not supported (memref<?xf32>)}}
func.func @f(%A: memref<?xf32>) {
  return
}

// -----

// expected-error@+1 {{hls-cpp: memref layout strided<[1, 4]> is not supported}}
func.func @f(%A: memref<4x4xf32, strided<[1, 4]>>) {
  return
}

// -----

func.func @f(%A: memref<4xf32>) {
  func.call @g(%A) : (memref<4xf32>) -> ()
  return
}

func.func @g(%A: memref<4xf32>) {
  // expected-error@+1 {{hls-cpp: recursive call to '@f' is not supported}}
  func.call @f(%A) : (memref<4xf32>) -> ()
  return
}

// -----

func.func @f(%A: memref<4x4xf32>) {
  // expected-error@+1 {{hls-cpp: rank-reducing memref.subview is not supported}}
  %v = memref.subview %A[0, 0][1, 4][1, 1] : memref<4x4xf32> to memref<4xf32, strided<[1]>>
  return
}

// -----

func.func @g(%A: memref<2x4xf32, strided<[4, 1]>>) {
  return
}

func.func @f(%A: memref<4x4xf32>) {
  %v = memref.subview %A[0, 0][2, 4][1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1]>>
  // expected-error@+1 {{hls-cpp: passing a memref.subview to a call is not supported}}
  func.call @g(%v) : (memref<2x4xf32, strided<[4, 1]>>) -> ()
  return
}

// -----

func.func @f(%c: i1, %A: memref<4xf32>, %B: memref<4xf32>) {
  // expected-error@+1 {{hls-cpp: 'scf.if' with a memref-typed result or loop-carried value is not supported}}
  %m = scf.if %c -> (memref<4xf32>) {
    scf.yield %A : memref<4xf32>
  } else {
    scf.yield %B : memref<4xf32>
  }
  return
}

// -----

func.func @f(%A: memref<4xf32>) {
  // expected-error@+1 {{hls-cpp: unsupported operation 'memref.cast'}}
  %c = "memref.cast"(%A) : (memref<4xf32>) -> memref<?xf32>
  return
}

// -----

// expected-error@+1 {{hls-cpp: functions with several blocks (unstructured control flow) are not supported}}
func.func @f(%c: i1) {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  return
^bb2:
  return
}

// -----

// expected-error@+1 {{hls-cpp: a constant global needs an initial value}}
memref.global "private" constant @w : memref<4xf32> = uninitialized

// -----

// expected-error@+1 {{hls-cpp: unsupported type vector<4xf32>}}
func.func @f() -> vector<4xf32> {
  %v = arith.constant dense<1.0> : vector<4xf32>
  return %v : vector<4xf32>
}

// -----

func.func @f(%A: memref<4xf32>) {
  // expected-error@+1 {{hls-cpp: unsupported type f16}}
  %c = arith.constant 1.0 : f16
  %e = arith.extf %c : f16 to f32
  affine.store %e, %A[0] : memref<4xf32>
  return
}

// -----

func.func @f(%A: memref<4xindex>) {
  // expected-error@+1 {{hls-cpp: index constant 5000000000 does not fit the C++ int that holds index values}}
  %c = arith.constant 5000000000 : index
  affine.store %c, %A[0] : memref<4xindex>
  return
}

// -----

func.func @g(%A: memref<16xf32>) {
  affine.for %i = 0 to 16 {
    %v = affine.load %A[%i] : memref<16xf32>
    affine.store %v, %A[%i] : memref<16xf32>
  }
  return
}

// expected-error@+1 {{hls-cpp: unsupported operation 'sched.schedule' at module level; apply the schedules first (-p apply-schedules)}}
sched.schedule @g {
  sched.pipeline "i" ii 1
}

// -----

func.func @f(%s: !fpga.stream<i32, 2>, %c: i1) {
  // expected-error@+1 {{hls-cpp: 'scf.if' with a stream-typed result or loop-carried value is not supported}}
  %t = scf.if %c -> (!fpga.stream<i32, 2>) {
    scf.yield %s : !fpga.stream<i32, 2>
  } else {
    scf.yield %s : !fpga.stream<i32, 2>
  }
  return
}
