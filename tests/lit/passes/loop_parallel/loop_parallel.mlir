// RUN: allo-opt %s -p 'loop-parallel{func="f" loop="j"}' | filecheck %s
// RUN: allo-opt %s -p 'loop-parallel{func="prefix" loop="i"}' | filecheck %s --check-prefix=ROWS
// The parallel primitive sets a unit attribute and changes nothing else.

// CHECK-LABEL: func.func @f
// CHECK:       affine.for %i = 0 to 4 {
// CHECK-NEXT:    affine.for %j = 0 to 6 {
// CHECK-NEXT:      %v = affine.load %A[%i, %j] : memref<4x6xf32>
// CHECK-NEXT:      affine.store %v, %B[%i, %j] : memref<4x6xf32>
// CHECK-NEXT:    } {loop_name = "j", fpga.parallel}
// CHECK-NEXT:  } {loop_name = "i", op_name = "S_i_0"}
func.func @f(%A: memref<4x6xf32>, %B: memref<4x6xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %v = affine.load %A[%i, %j] : memref<4x6xf32>
      affine.store %v, %B[%i, %j] : memref<4x6xf32>
    }
  }
  return
}

// Rows are independent even though each row is a running sum, and an
// in-place update of the same element in one iteration is no dependence
// between iterations.
// ROWS-LABEL: func.func @prefix
// ROWS:       } {loop_name = "j"}
// ROWS-NEXT:  } {loop_name = "i", op_name = "S_i_0", fpga.parallel}
func.func @prefix(%C: memref<8x8xi32>) {
  affine.for %i = 0 to 8 {
    affine.for %j = 1 to 8 {
      %p = affine.load %C[%i, %j - 1] : memref<8x8xi32>
      %c = affine.load %C[%i, %j] : memref<8x8xi32>
      %s = arith.addi %p, %c : i32
      affine.store %s, %C[%i, %j] : memref<8x8xi32>
    }
  }
  return
}
