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

// Names keep the input's spelling, `_N` included (xDSL alone drops a
// trailing `_N`); the printed IR shows them as written.
// CHECK-LABEL: func.func @suffixes
// CHECK-SAME:    (%A_1: memref<4xf32>, %A_2: memref<4xf32>)
// CHECK:         affine.for %i_1 = 0 to 4 {
// CHECK:           affine.store %{{.*}}, %A_1[%i_1]
// CHECK:         } {loop_name = "i_1", op_name = "S_i_1_0"}
// CHECK:         } {loop_name = "i", op_name = "S_i_1"}
func.func @suffixes(%A_1: memref<4xf32>, %A_2: memref<4xf32>) {
  affine.for %i_1 = 0 to 4 {
    %v = affine.load %A_2[%i_1] : memref<4xf32>
    affine.store %v, %A_1[%i_1] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %v = affine.load %A_1[%i] : memref<4xf32>
    affine.store %v, %A_2[%i] : memref<4xf32>
  }
  func.return
}

// Loops of one band that share a name get `#k` (0-based, program order):
// the two sweeps of jacobi-2d inside the time loop, and sibling `%j`s.
// CHECK-LABEL: func.func @jacobi
// CHECK:             } {loop_name = "j#0"}
// CHECK-NEXT:      } {loop_name = "i#0"}
// CHECK:             } {loop_name = "j#1"}
// CHECK-NEXT:      } {loop_name = "i#1"}
// CHECK-NEXT:    } {loop_name = "t", op_name = "S_t_0"}
func.func @jacobi(%A: memref<6xf32>, %B: memref<6xf32>) {
  affine.for %t = 0 to 2 {
    affine.for %i = 1 to 5 {
      affine.for %j = 0 to 1 {
        %v = affine.load %A[%i - 1] : memref<6xf32>
        affine.store %v, %B[%i] : memref<6xf32>
      }
    }
    affine.for %i = 1 to 5 {
      affine.for %j = 0 to 1 {
        %v = affine.load %B[%i + 1] : memref<6xf32>
        affine.store %v, %A[%i] : memref<6xf32>
      }
    }
  }
  func.return
}

// CHECK-LABEL: func.func @siblings
// CHECK:           } {loop_name = "j#0"}
// CHECK:           } {loop_name = "j#1"}
// CHECK-NEXT:    } {loop_name = "i", op_name = "S_i_0"}
// A name unique in its band is kept, even if another band has it too.
// CHECK:         } {loop_name = "j", op_name = "S_j_1"}
func.func @siblings(%A: memref<4x4xf32>) {
  %c = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.store %c, %A[%i, %j] : memref<4x4xf32>
    }
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xf32>
      affine.store %v, %A[%j, %i] : memref<4x4xf32>
    }
  }
  affine.for %j = 0 to 4 {
    affine.store %c, %A[%j, %j] : memref<4x4xf32>
  }
  func.return
}

// Existing names that clash in one band are told apart as well (a second
// run changes nothing: `#k` names are unique).
// CHECK-LABEL: func.func @given
// CHECK:           } {loop_name = "x#0"}
// CHECK:           } {loop_name = "x#1"}
// CHECK-NEXT:    } {loop_name = "i", op_name = "S_i_0"}
func.func @given(%A: memref<4xf32>) {
  %c = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.store %c, %A[%j] : memref<4xf32>
    } {loop_name = "x"}
    affine.for %k = 0 to 4 {
      affine.store %c, %A[%k] : memref<4xf32>
    } {loop_name = "x"}
  }
  func.return
}
