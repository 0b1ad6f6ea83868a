// Bounds inference: when the producer's loops do not match the consumer's
// one to one (other trip counts, reads ahead), the producer runs, at each
// consumer iteration, the window of its iterations that the iteration reads,
// clamped to its own bounds; a one-iteration window inside those bounds
// becomes the index itself.
// RUN: allo-opt %s -p 'compute-at{func="blur" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=BLUR
// RUN: allo-opt %s -p 'compute-at{func="stencil" producer="S_i_0" consumer="S_i_1" loop="j"}' | filecheck %s --check-prefix=STENCIL
// RUN: allo-opt %s -p 'compute-at{func="shifted" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=SHIFT
// RUN: allo-opt %s -p 'compute-at{func="clamped" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=CLAMP
// RUN: allo-opt %s -p 'compute-at{func="taps" producer="S_i_0" consumer="S_i_1" loop="i"}' | filecheck %s --check-prefix=TAPS

// Producer 0..10, consumer 0..8 reading B[i], B[i + 1], B[i + 2].
// BLUR-LABEL: func.func @blur
// BLUR:       affine.for %[[I:.*]] = 0 to 8 {
// BLUR-NEXT:    affine.for %[[P:.*]] = affine_map<(d0) -> (d0)>(%[[I]]) to affine_map<(d0) -> ((d0 + 3))>(%[[I]]) {
// BLUR-NEXT:      affine.load %A[%[[P]]]
// BLUR:           affine.store %{{.*}}, %B[%[[P]]]
// BLUR-NEXT:    } {loop_name = "S_i_0.i"}
// BLUR-NEXT:    affine.load %B[%[[I]]]
// BLUR:       } {loop_name = "i", op_name = "S_i_1"}
// BLUR-LABEL: func.func @stencil

// A 5-point stencil at loop j: a 3x3 window of B per (i, j).
// STENCIL-LABEL: func.func @stencil
// STENCIL:       affine.for %[[I:.*]] = 1 to 5 {
// STENCIL-NEXT:    affine.for %[[J:.*]] = 1 to 6 {
// STENCIL-NEXT:      affine.for %[[PI:.*]] = affine_map<(d0) -> ((d0 + -1))>(%[[I]]) to affine_map<(d0) -> ((d0 + 2))>(%[[I]]) {
// STENCIL-NEXT:        affine.for %[[PJ:.*]] = affine_map<(d0) -> ((d0 + -1))>(%[[J]]) to affine_map<(d0) -> ((d0 + 2))>(%[[J]]) {
// STENCIL-NEXT:          affine.load %A[%[[PI]], %[[PJ]]]
// STENCIL:             } {loop_name = "S_i_0.j"}
// STENCIL-NEXT:      } {loop_name = "S_i_0.i"}
// STENCIL-NEXT:      affine.load %B[%[[I]] + -1, %[[J]]]

// Producer 0..9, consumer 0..6 reading B[i + 2]: one iteration, i + 2.
// SHIFT-LABEL: func.func @shifted
// SHIFT:       affine.for %[[I:.*]] = 0 to 6 {
// SHIFT-NEXT:    affine.load %A[%[[I]] + 2]
// SHIFT-NEXT:    arith.muli
// SHIFT-NEXT:    affine.store %{{.*}}, %B[%[[I]] + 2]
// SHIFT-NEXT:    affine.load %B[%[[I]] + 2]

// B[0] and B[9] are not the producer's: its window is clamped to 0..8.
// CLAMP-LABEL: func.func @clamped
// CLAMP:       affine.for %[[I:.*]] = 0 to 8 {
// CLAMP-NEXT:    affine.for %{{.*}} = max affine_map<(d0) -> ((d0 + -1), 0)>(%[[I]]) to min affine_map<(d0) -> ((d0 + 2), 8)>(%[[I]]) {

// The reads come from a loop inside the fusion point: B[i + r], r in 0..2.
// TAPS-LABEL: func.func @taps
// TAPS:       affine.for %[[I:.*]] = 0 to 7 {
// TAPS-NEXT:    affine.for %{{.*}} = affine_map<(d0) -> (d0)>(%[[I]]) to affine_map<(d0) -> ((d0 + 3))>(%[[I]]) {
// TAPS:         } {loop_name = "S_i_0.i"}
// TAPS-NEXT:    affine.for %{{.*}} = 0 to 3 {


func.func @blur(%A: memref<10xi32>, %C: memref<8xi32>) {
  %B = memref.alloc() {name = "B"} : memref<10xi32>
  %three = arith.constant 3 : i32
  affine.for %i = 0 to 10 {
    %a = affine.load %A[%i] : memref<10xi32>
    %b = arith.muli %a, %three : i32
    affine.store %b, %B[%i] : memref<10xi32>
  }
  affine.for %i = 0 to 8 {
    %x = affine.load %B[%i] : memref<10xi32>
    %y = affine.load %B[%i + 1] : memref<10xi32>
    %z = affine.load %B[%i + 2] : memref<10xi32>
    %s = arith.addi %x, %y : i32
    %t = arith.subi %s, %z : i32
    affine.store %t, %C[%i] : memref<8xi32>
  }
  return
}
func.func @stencil(%A: memref<6x7xi32>, %B: memref<6x7xi32>, %C: memref<6x7xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 7 {
      %a = affine.load %A[%i, %j] : memref<6x7xi32>
      %b = arith.muli %a, %a : i32
      affine.store %b, %B[%i, %j] : memref<6x7xi32>
    }
  }
  affine.for %i = 1 to 5 {
    affine.for %j = 1 to 6 {
      %n = affine.load %B[%i - 1, %j] : memref<6x7xi32>
      %s = affine.load %B[%i + 1, %j] : memref<6x7xi32>
      %w = affine.load %B[%i, %j - 1] : memref<6x7xi32>
      %e = affine.load %B[%i, %j + 1] : memref<6x7xi32>
      %c = affine.load %B[%i, %j] : memref<6x7xi32>
      %t1 = arith.addi %n, %s : i32
      %t2 = arith.addi %w, %e : i32
      %t3 = arith.subi %t1, %t2 : i32
      %t4 = arith.muli %t3, %c : i32
      affine.store %t4, %C[%i, %j] : memref<6x7xi32>
    }
  }
  return
}
func.func @shifted(%A: memref<9xi32>, %C: memref<6xi32>) {
  %B = memref.alloc() {name = "B"} : memref<9xi32>
  affine.for %i = 0 to 9 {
    %a = affine.load %A[%i] : memref<9xi32>
    %b = arith.muli %a, %a : i32
    affine.store %b, %B[%i] : memref<9xi32>
  }
  affine.for %i = 0 to 6 {
    %b = affine.load %B[%i + 2] : memref<9xi32>
    %a = affine.load %A[%i] : memref<9xi32>
    %c = arith.subi %b, %a : i32
    affine.store %c, %C[%i] : memref<6xi32>
  }
  return
}
func.func @taps(%A: memref<9xi32>, %W: memref<3xi32>, %C: memref<7xi32>) {
  %B = memref.alloc() {name = "B"} : memref<9xi32>
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 9 {
    %a = affine.load %A[%i] : memref<9xi32>
    %b = arith.addi %a, %one : i32
    affine.store %b, %B[%i] : memref<9xi32>
  }
  affine.for %i = 0 to 7 {
    affine.for %r = 0 to 3 {
      %b = affine.load %B[%i + %r] : memref<9xi32>
      %w = affine.load %W[%r] : memref<3xi32>
      %c = affine.load %C[%i] : memref<7xi32>
      %p = arith.muli %b, %w : i32
      %s = arith.addi %c, %p : i32
      affine.store %s, %C[%i] : memref<7xi32>
    }
  }
  return
}
func.func @clamped(%A: memref<8xi32>, %C: memref<8xi32>) {
  %B = memref.alloc() {name = "B"} : memref<10xi32>
  %seven = arith.constant 7 : i32
  affine.store %seven, %B[0] : memref<10xi32>
  affine.store %seven, %B[9] : memref<10xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = arith.muli %a, %seven : i32
    affine.store %b, %B[%i + 1] : memref<10xi32>
  }
  affine.for %i = 0 to 8 {
    %x = affine.load %B[%i] : memref<10xi32>
    %y = affine.load %B[%i + 1] : memref<10xi32>
    %z = affine.load %B[%i + 2] : memref<10xi32>
    %s = arith.addi %x, %y : i32
    %t = arith.subi %s, %z : i32
    affine.store %t, %C[%i] : memref<8xi32>
  }
  return
}
