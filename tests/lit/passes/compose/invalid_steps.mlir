// RUN: allo-opt %s --split-input-file --verify-diagnostics -p apply-schedules

// Instances: call sites are numbered from 0 in program order.

func.func @leaf(%A: memref<8xf32>) {
  func.return
}
func.func @top(%A: memref<8xf32>) {
  func.call @leaf(%A) : (memref<8xf32>) -> ()
  func.call @leaf(%A) : (memref<8xf32>) -> ()
  func.return
}
// expected-error@+1 {{instance 'leaf@2': 'leaf' has 2 call sites (numbered 0 to 1 in program order)}}
sched.schedule @"leaf@2" {
  sched.inline
}

// -----

func.func @leaf(%A: memref<8xf32>) {
  func.return
}
// expected-error@+1 {{instance 'leaf@0': 'leaf' is never called}}
sched.schedule @"leaf@0" {
  sched.inline
}

// -----

func.func @leaf(%A: memref<8xf32>) {
  func.return
}
// expected-error@+1 {{instance 'leav@0': unknown function 'leav'; existing functions: leaf}}
sched.schedule @"leav@0" {
  sched.inline
}

// -----

func.func @leaf(%A: memref<8xf32>) {
  func.return
}
// expected-error@+1 {{schedule of malformed instance 'leaf@01'; expected FUNCTION@N (N: the 0-based index of a call site of FUNCTION)}}
sched.schedule "leaf@01" {
  sched.inline
}

// -----

// An alias whose type cannot change: the callee takes a view of its parameter.
func.func @leaf(%A: memref<8xf32>) {
  %v = memref.subview %A[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  func.return
}
func.func @top(%B: memref<8xf32>) {
  func.call @leaf(%B) : (memref<8xf32>) -> ()
  func.return
}
sched.schedule @top {
  // expected-error@+1 {{step 'partition' of the schedule of 'top': cannot change the partition of 'A' of 'leaf' (an alias of 'B' of 'top' across calls): 'memref.subview' uses it (at }}
  sched.partition "B" kind cyclic dim 1 factor 2
}

// -----

// An alias defined by an op that cannot be retyped.
func.func @leaf(%A: memref<8xf32>) {
  func.return
}
func.func @top(%B: memref<8xf32>, %C: memref<8xf32>, %c: i1) {
  %m = arith.select %c, %B, %C : memref<8xf32>
  func.call @leaf(%m) : (memref<8xf32>) -> ()
  func.return
}
sched.schedule @leaf {
  // expected-error@+1 {{step 'partition' of the schedule of 'leaf': cannot change the partition of 'm' of 'top' (an alias of 'A' of 'leaf' across calls): 'arith.select' defines it (at }}
  sched.partition "A" kind cyclic dim 1 factor 2
}

// -----

// Recursion is an error before any step applies.
// expected-error@+1 {{recursive calls are not supported: ping -> pong -> ping}}
func.func @ping(%A: memref<8xf32>) {
  func.call @pong(%A) : (memref<8xf32>) -> ()
  func.return
}
func.func @pong(%A: memref<8xf32>) {
  func.call @ping(%A) : (memref<8xf32>) -> ()
  func.return
}
sched.schedule @pong {
  sched.partition "A" kind complete
}
