// RUN: allo-opt %s | filecheck %s
// Names come from induction variables; existing names are kept; each nest's
// outermost loop gets a band name counted per function.

// CHECK-LABEL: func.func @two_nests
func.func @two_nests(%A: memref<4x4xf32>) {
  %c = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xf32>
      affine.store %v, %A[%j, %i] : memref<4x4xf32>
    }
  }
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%i, %i] : memref<4x4xf32>
    affine.store %v, %A[%i, 0] : memref<4x4xf32>
  } {loop_name = "diag"}
  affine.for %k = 0 to 4 {
    affine.store %c, %A[%k, %k] : memref<4x4xf32>
  } {op_name = "mine"}
  func.return
}
// CHECK:      } {loop_name = "j"}
// CHECK-NEXT: } {loop_name = "i", op_name = "S_i_0"}
// CHECK:      } {loop_name = "diag", op_name = "S_diag_1"}
// CHECK:      } {loop_name = "k", op_name = "mine"}

// Bands are counted per function.
// CHECK-LABEL: func.func @other
// CHECK: } {loop_name = "i", op_name = "S_i_0"}
func.func @other(%A: memref<4xf32>) {
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%i] : memref<4xf32>
    affine.store %v, %A[%i] : memref<4xf32>
  }
  func.return
}
