// RUN: allo-opt %s -p check-dataflow | filecheck %s

// Canonical: one writer and one reader per buffer, a process that alone
// uses its buffer may read and write it, streams and calls are processes.
// CHECK-LABEL: func.func @canonical(
// CHECK:         fpga.dataflow

func.func @own(%X: memref<4xf32>, %Y: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %x = affine.load %X[%i] : memref<4xf32>
    affine.store %x, %Y[%i] : memref<4xf32>
  }
  func.return
}

func.func @canonical(%A: memref<4xf32>, %B: memref<4xf32>) attributes {fpga.dataflow} {
  %z = arith.constant 0.0 : f32
  %tmp = memref.alloc() {name = "tmp"} : memref<4xf32>
  %acc = memref.alloc() {name = "acc"} : memref<1xf32>
  affine.for %i = 0 to 4 {
    affine.store %z, %acc[0] : memref<1xf32>
    %a = affine.load %A[%i] : memref<4xf32>
    %s = affine.load %acc[0] : memref<1xf32>
    %t = arith.addf %a, %s : f32
    affine.store %t, %acc[0] : memref<1xf32>
    affine.store %t, %tmp[%i] : memref<4xf32>
  } {loop_name = "produce"}
  func.call @own(%tmp, %B) : (memref<4xf32>, memref<4xf32>) -> ()
  func.return
}
