// scf.parallel becomes loops marked parallel: affine.for when every bound
// and step is a constant, scf.for otherwise.
// RUN: allo-opt %s | filecheck %s

// CHECK-LABEL: func.func @constant
// CHECK:      affine.for %i = 0 to 3 {
// CHECK-NEXT:   affine.for %j = 1 to 4 step 2 {
// CHECK-NEXT:     %x = memref.load %A[%i, %j] : memref<3x4xf32>
// CHECK-NEXT:     memref.store %x, %B[%i, %j] : memref<3x4xf32>
// CHECK-NEXT:   } {loop_name = "j", fpga.parallel}
// CHECK-NEXT: } {loop_name = "i", fpga.parallel, op_name = "S_i_0"}
func.func @constant(%A: memref<3x4xf32>, %B: memref<3x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i, %j) = (%c0, %c1) to (%c3, %c4) step (%c1, %c2) {
    %x = memref.load %A[%i, %j] : memref<3x4xf32>
    memref.store %x, %B[%i, %j] : memref<3x4xf32>
  }
  return
}

// CHECK-LABEL: func.func @runtime
// CHECK:      scf.for %i = %c0 to %n step %c1 {
// CHECK-NEXT:   %x = memref.load %A[%i] : memref<8xf32>
// CHECK-NEXT:   memref.store %x, %B[%i] : memref<8xf32>
// CHECK-NEXT: } {fpga.parallel}
func.func @runtime(%A: memref<8xf32>, %B: memref<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %x = memref.load %A[%i] : memref<8xf32>
    memref.store %x, %B[%i] : memref<8xf32>
    scf.reduce
  }
  return
}
