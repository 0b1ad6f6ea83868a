// RUN: allo-opt %s --split-input-file --verify-diagnostics -p apply-schedules

func.func @f() {
  func.return
}
// expected-error@+1 {{schedule of unknown function 'g'; existing functions: f}}
sched.schedule @g {
  sched.inline
}

// -----

func.func @f(%A: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%i] : memref<4xf32>
    affine.store %v, %A[%i] : memref<4xf32>
  }
  func.return
}
sched.schedule @f {
  sched.split "i" factor 2
  // expected-error@+1 {{step 'pipeline' of the schedule of 'f': in function 'f': unknown loop 'i'; existing loops: S_i_0:i.inner, S_i_0:i.outer}}
  sched.pipeline "i"
}

// -----

// expected-error@+1 {{recursive calls are not supported: f -> g -> f}}
func.func @f(%n: i32) {
  func.call @g(%n) : (i32) -> ()
  func.return
}
func.func @g(%n: i32) {
  func.call @f(%n) : (i32) -> ()
  func.return
}
sched.schedule @f {
  sched.inline
}

// -----

func.func @f(%A: memref<4xf32>) {
  func.return
}
sched.schedule @f {
  // expected-error@+1 {{step 'split' of the schedule of 'f': in function 'f': unknown loop 'i'; existing loops: (none)}}
  sched.split "i" factor 2
}
