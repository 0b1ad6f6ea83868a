// RUN: allo-opt %s -p 'compute-at{func="two" producer="S_i_0" consumer="S_i_1" loop="j"}' | filecheck %s --check-prefix=AT-J
// RUN: allo-opt %s -p 'compute-at{func="two" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=AT-I
// RUN: allo-opt %s -p 'compute-at{func="shifted" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=SHIFT
// RUN: allo-opt %s -p 'compute-at{func="behind" producer="S_i_0" consumer="S_i_1" loop="j"}' | filecheck %s --check-prefix=BEHIND
// RUN: allo-opt %s -p 'compute-at{func="read_ahead" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=WAR

// At the innermost loop the producer's body runs right before the
// consumer's, for the same (i, j); its loops are gone.
// AT-J-LABEL: func.func @two
// AT-J:       affine.for %i = 0 to 4 {
// AT-J-NEXT:    affine.for %j = 0 to 5 {
// AT-J-NEXT:      %a = affine.load %A[%i, %j] : memref<4x5xi32>
// AT-J-NEXT:      %b = arith.addi %a, %one : i32
// AT-J-NEXT:      affine.store %b, %B[%i, %j] : memref<4x5xi32>
// AT-J-NEXT:      %[[B:.*]] = affine.load %B[%i, %j] : memref<4x5xi32>
// AT-J-NEXT:      %c = arith.muli %[[B]], %two : i32
// AT-J-NEXT:      affine.store %c, %C[%i, %j] : memref<4x5xi32>
// AT-J-NEXT:    } {loop_name = "j"}
// AT-J-NEXT:  } {loop_name = "i", op_name = "S_i_1"}
// AT-J-NEXT:  func.return

// At the outer loop the producer keeps its inner loop, which runs before the
// consumer's inner loop; it is renamed since the consumer has a loop 'j'.
// AT-I-LABEL: func.func @two
// AT-I:       affine.for %i = 0 to 4 {
// AT-I-NEXT:    affine.for %[[PJ:.*]] = 0 to 5 {
// AT-I-NEXT:      %a = affine.load %A[%i, %[[PJ]]] : memref<4x5xi32>
// AT-I-NEXT:      %b = arith.addi %a, %one : i32
// AT-I-NEXT:      affine.store %b, %B[%i, %[[PJ]]] : memref<4x5xi32>
// AT-I-NEXT:    } {loop_name = "S_i_0.j"}
// AT-I-NEXT:    affine.for %[[CJ:.*]] = 0 to 5 {
// AT-I-NEXT:      %{{.*}} = affine.load %B[%i, %[[CJ]]] : memref<4x5xi32>
// AT-I:         } {loop_name = "j"}
// AT-I-NEXT:  } {loop_name = "i", op_name = "S_i_1"}
// AT-I-NEXT:  func.return
func.func @two(%A: memref<4x5xi32>, %B: memref<4x5xi32>, %C: memref<4x5xi32>) {
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<4x5xi32>
      %b = arith.addi %a, %one : i32
      affine.store %b, %B[%i, %j] : memref<4x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%i, %j] : memref<4x5xi32>
      %c = arith.muli %b, %two : i32
      affine.store %c, %C[%i, %j] : memref<4x5xi32>
    }
  }
  return
}

// Loops with the same trip count but different bounds are matched with a
// shift: the producer's i is the consumer's i + 1. The consumer reads
// B[i + 1], which the producer now writes in the same iteration.
// SHIFT-LABEL: func.func @shifted
// SHIFT:       affine.for %i = 0 to 5 {
// SHIFT-NEXT:    %a = affine.load %A[%i + 1] : memref<6xi32>
// SHIFT-NEXT:    affine.store %a, %B[%i + 1] : memref<6xi32>
// SHIFT-NEXT:    %b = affine.load %B[%i + 1] : memref<6xi32>
// SHIFT-NEXT:    affine.store %b, %C[%i] : memref<5xi32>
// SHIFT-NEXT:  } {loop_name = "i", op_name = "S_i_1"}
func.func @shifted(%A: memref<6xi32>, %B: memref<6xi32>, %C: memref<5xi32>) {
  affine.for %i = 1 to 6 {
    %a = affine.load %A[%i] : memref<6xi32>
    affine.store %a, %B[%i] : memref<6xi32>
  }
  affine.for %i = 0 to 5 {
    %b = affine.load %B[%i + 1] : memref<6xi32>
    affine.store %b, %C[%i] : memref<5xi32>
  }
  return
}

// Reading what an earlier iteration produced (B[i - 1][j]) stays legal.
// BEHIND-LABEL: func.func @behind
// BEHIND:       affine.for %i = 1 to 5 {
// BEHIND-NEXT:    affine.for %j = 0 to 5 {
// BEHIND-NEXT:      %a = affine.load %A[%i, %j] : memref<5x5xi32>
// BEHIND-NEXT:      affine.store %a, %B[%i, %j] : memref<5x5xi32>
// BEHIND-NEXT:      %b = affine.load %B[%i + -1, %j] : memref<5x5xi32>
// BEHIND-NEXT:      affine.store %b, %C[%i + -1, %j] : memref<4x5xi32>
// BEHIND-NEXT:    } {loop_name = "j"}
// BEHIND-NEXT:  } {loop_name = "i", op_name = "S_i_1"}
func.func @behind(%A: memref<5x5xi32>, %B: memref<5x5xi32>, %C: memref<4x5xi32>) {
  affine.for %i = 1 to 5 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<5x5xi32>
      affine.store %a, %B[%i, %j] : memref<5x5xi32>
    }
  }
  affine.for %i = 1 to 5 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%i - 1, %j] : memref<5x5xi32>
      affine.store %b, %C[%i - 1, %j] : memref<4x5xi32>
    }
  }
  return
}

// The producer reads A[i + 1] and the consumer then overwrites A[i]: fused,
// A[i] was read one iteration earlier, so this is legal. An op between the
// nests that touches neither A nor B stays where it is.
// WAR-LABEL: func.func @read_ahead
// WAR:       %x = affine.load %C[0] : memref<4xi32>
// WAR-NEXT:  affine.for %i = 0 to 4 {
// WAR-NEXT:    %a = affine.load %A[%i + 1] : memref<5xi32>
// WAR-NEXT:    affine.store %a, %B[%i] : memref<4xi32>
// WAR-NEXT:    %b = affine.load %B[%i] : memref<4xi32>
// WAR-NEXT:    %c = arith.addi %b, %x : i32
// WAR-NEXT:    affine.store %c, %A[%i] : memref<5xi32>
// WAR-NEXT:  } {loop_name = "i", op_name = "S_i_1"}
func.func @read_ahead(%A: memref<5xi32>, %B: memref<4xi32>, %C: memref<4xi32>) {
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i + 1] : memref<5xi32>
    affine.store %a, %B[%i] : memref<4xi32>
  }
  %x = affine.load %C[0] : memref<4xi32>
  affine.for %i = 0 to 4 {
    %b = affine.load %B[%i] : memref<4xi32>
    %c = arith.addi %b, %x : i32
    affine.store %c, %A[%i] : memref<5xi32>
  }
  return
}
