// affine.if (MLIR's custom syntax: set aliases or inline sets, results,
// else regions, implicit yields) and affine.max print and read back
// unchanged, also through the generic form.
// RUN: allo-opt %s | allo-opt | filecheck %s
// RUN: allo-opt %s --print-op-generic | allo-opt | filecheck %s

#set = affine_set<(d0, d1) : (d0 - d1 >= 0)>

// CHECK-LABEL: func.func @branches(
func.func @branches(%A: memref<10x10xf32>, %B: memref<10x10xf32>) {
  %neg = arith.constant -1.0 : f32
  affine.for %i = 0 to 10 {
    affine.for %j = 0 to 10 {
      // CHECK: affine.if affine_set<(d0, d1) : ((d0 + (d1 * -1)) >= 0)>(%i, %j) {
      // CHECK-NEXT: %v = affine.load %A[%i, %j] : memref<10x10xf32>
      // CHECK-NEXT: affine.store %v, %B[%i, %j] : memref<10x10xf32>
      // CHECK-NEXT: } else {
      // CHECK-NEXT: affine.store %neg, %B[%i, %j] : memref<10x10xf32>
      // CHECK-NEXT: }
      affine.if #set(%i, %j) {
        %v = affine.load %A[%i, %j] : memref<10x10xf32>
        affine.store %v, %B[%i, %j] : memref<10x10xf32>
      } else {
        affine.store %neg, %B[%i, %j] : memref<10x10xf32>
      }
      // CHECK-NEXT: affine.if affine_set<(d0) : ((d0 + -4) == 0)>(%j) {
      // CHECK-NEXT: }
      // CHECK-NOT: else
      affine.if affine_set<(d0) : (d0 - 4 == 0)>(%j) {
      }
    }
  }
  func.return
}

// CHECK-LABEL: func.func @results(
func.func @results(%i: index, %x: f32) -> (f32, index) {
  // CHECK: %r = affine.if affine_set<(d0) : ((d0 + -1) >= 0, ((d0 * -1) + 8) >= 0)>(%i) -> f32 {
  // CHECK-NEXT: affine.yield %x : f32
  // CHECK-NEXT: } else {
  // CHECK-NEXT: %z = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT: affine.yield %z : f32
  // CHECK-NEXT: }
  %r = affine.if affine_set<(d0) : (d0 - 1 >= 0, -d0 + 8 >= 0)>(%i) -> f32 {
    affine.yield %x : f32
  } else {
    %z = arith.constant 0.0 : f32
    affine.yield %z : f32
  }
  // CHECK-NEXT: %p, %q = affine.if affine_set<(d0) : (d0 >= 0)>(%i) -> (f32, index) {
  // CHECK-NEXT: affine.yield %r, %i : f32, index
  // CHECK-NEXT: } else {
  // CHECK-NEXT: %n = affine.if affine_set<(d0) : ((d0 + -2) >= 0)>(%i) -> index {
  // CHECK-NEXT: affine.yield %i : index
  // CHECK-NEXT: } else {
  // CHECK-NEXT: %c = arith.constant 0 : index
  // CHECK-NEXT: affine.yield %c : index
  // CHECK-NEXT: }
  // CHECK-NEXT: affine.yield %x, %n : f32, index
  // CHECK-NEXT: } {tag = "nested"}
  %p, %q = affine.if affine_set<(d0) : (d0 >= 0)>(%i) -> (f32, index) {
    affine.yield %r, %i : f32, index
  } else {
    %n = affine.if affine_set<(d0) : (d0 - 2 >= 0)>(%i) -> (index) {
      affine.yield %i : index
    } else {
      %c = arith.constant 0 : index
      affine.yield %c : index
    }
    affine.yield %x, %n : f32, index
  } {tag = "nested"}
  // CHECK-NEXT: func.return %p, %q : f32, index
  func.return %p, %q : f32, index
}

// CHECK-LABEL: func.func @max(
func.func @max(%i: index, %j: index) -> (index, index, index) {
  // CHECK-NEXT: %a = affine.max affine_map<(d0, d1) -> (d0, d1, 4)>(%i, %j)
  %a = affine.max affine_map<(d0, d1) -> (d0, d1, 4)>(%i, %j)
  // CHECK-NEXT: %b = affine.max affine_map<(d0) -> ((d0 + -2), 0)>(%i) {tag}
  %b = affine.max affine_map<(d0) -> (d0 - 2, 0)>(%i) {tag}
  // CHECK-NEXT: %c = affine.max affine_map<() -> (3)>()
  %c = affine.max affine_map<() -> (3)>()
  // CHECK-NEXT: func.return %a, %b, %c : index, index, index
  func.return %a, %b, %c : index, index, index
}
