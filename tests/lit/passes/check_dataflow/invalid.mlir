// RUN: allo-opt %s --split-input-file --verify-diagnostics -p check-dataflow
// RUN: not allo-opt %s --split-input-file -p check-dataflow 2>&1 | filecheck %s

// The full messages name the buffer and every process, located.
// CHECK: invalid.mlir:15:3: error: dataflow function 'acc' is not canonical: loop 'acc' (at {{.*}}invalid.mlir:15:3) reads 'tmp', which it writes (data must flow forward between processes); fold the zero-init band of 'tmp' into its producer

// Allo's row buffer: a zero band, an accumulating band, a write-back band.
func.func @acc(%A: memref<4xf32>, %B: memref<4xf32>) attributes {fpga.dataflow} {
  %z = arith.constant 0.0 : f32
  %tmp = memref.alloc() {name = "tmp"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %z, %tmp[%i] : memref<4xf32>
  } {loop_name = "zero"}
  // expected-error@+1 {{reads 'tmp', which it writes (data must flow forward between processes); fold the zero-init band of 'tmp' into its producer}}
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xf32>
    %t = affine.load %tmp[%i] : memref<4xf32>
    %s = arith.addf %a, %t : f32
    affine.store %s, %tmp[%i] : memref<4xf32>
  } {loop_name = "acc"}
  affine.for %i = 0 to 4 {
    %t = affine.load %tmp[%i] : memref<4xf32>
    affine.store %t, %B[%i] : memref<4xf32>
  } {loop_name = "back"}
  func.return
}

// -----

// Two producers (one through a call).
func.func @fill(%X: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.store %z, %X[%i] : memref<4xf32>
  }
  func.return
}

func.func @two_writers(%A: memref<4xf32>, %B: memref<4xf32>) attributes {fpga.dataflow} {
  %tmp = memref.alloc() {name = "tmp"} : memref<4xf32>
  func.call @fill(%tmp) : (memref<4xf32>) -> ()
  // expected-error@+1 {{dataflow function 'two_writers' is not canonical: 'tmp' has 2 writing processes, call of 'fill' (at}}
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xf32>
    affine.store %a, %tmp[%i] : memref<4xf32>
  } {loop_name = "w"}
  affine.for %i = 0 to 4 {
    %t = affine.load %tmp[%i] : memref<4xf32>
    affine.store %t, %B[%i] : memref<4xf32>
  } {loop_name = "r"}
  func.return
}

// -----

// Two consumers, in a dataflow loop.
func.func @two_readers(%A: memref<2x4xf32>, %B: memref<2x4xf32>, %C: memref<2x4xf32>) {
  affine.for %t = 0 to 2 {
    %tmp = memref.alloc() {name = "tmp"} : memref<4xf32>
    affine.for %i = 0 to 4 {
      %a = affine.load %A[%t, %i] : memref<2x4xf32>
      affine.store %a, %tmp[%i] : memref<4xf32>
    } {loop_name = "w"}
    affine.for %i = 0 to 4 {
      %x = affine.load %tmp[%i] : memref<4xf32>
      affine.store %x, %B[%t, %i] : memref<2x4xf32>
    } {loop_name = "r1"}
    // expected-error@+1 {{dataflow loop 't' is not canonical: 'tmp' has 2 reading processes, loop 'r1' (at}}
    affine.for %i = 0 to 4 {
      %x = affine.load %tmp[%i] : memref<4xf32>
      affine.store %x, %C[%t, %i] : memref<2x4xf32>
    } {loop_name = "r2"}
  } {loop_name = "t", fpga.dataflow}
  func.return
}

// -----

// A statement between the processes.
func.func @stray(%A: memref<4xf32>) attributes {fpga.dataflow} {
  %z = arith.constant 0.0 : f32
  %c = arith.constant 0 : index
  // expected-error@+1 {{dataflow function 'stray' is not canonical: 'memref.store' sits between its processes; a dataflow region holds only calls and loops (move the statement into a loop or a function)}}
  memref.store %z, %A[%c] : memref<4xf32>
  func.return
}
