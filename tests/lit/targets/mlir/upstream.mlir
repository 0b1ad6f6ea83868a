// allo-opt's MLIR output of upstream-only input is accepted by mlir-opt-22
// (linalg on memrefs is lowered to affine loops on input).
// REQUIRES: mlir-opt
// RUN: allo-opt %s | mlir-opt-22 | filecheck %s
// RUN: allo-opt %s -t mlir -p canonicalize,cse | mlir-opt-22 > /dev/null

// CHECK-LABEL: func.func @many
// CHECK: scf.for
// CHECK: math.sqrt
// CHECK: affine.for %{{.*}} = 0 to 4 {
// CHECK: affine.min
// CHECK: cf.cond_br
func.func @many(%A: memref<4x4xf32>, %B: memref<4x4xf32>, %C: memref<4x4xf32>, %n: index, %x: f64) -> (i32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (f32) {
    %v = memref.load %A[%i, %i] : memref<4x4xf32>
    %r = math.sqrt %v : f32
    %t = arith.addf %acc, %r : f32
    scf.yield %t : f32
  }
  %cmp = arith.cmpf olt, %s, %z : f32
  %sel = scf.if %cmp -> (f32) {
    %neg = arith.negf %s : f32
    scf.yield %neg : f32
  } else {
    scf.yield %s : f32
  }
  %tr = arith.truncf %x : f64 to f32
  %sum = arith.addf %sel, %tr : f32
  %i32 = arith.fptosi %sum : f32 to i32
  %ix = arith.index_cast %n : index to i32
  %w = arith.addi %i32, %ix : i32
  linalg.matmul ins(%A, %B : memref<4x4xf32>, memref<4x4xf32>) outs(%C : memref<4x4xf32>)
  %tmp = memref.alloc() : memref<8xi16>
  %sub = memref.subview %A[0, 0] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1]>>
  affine.for %k = 0 to 4 step 2 {
    %e = affine.load %C[%k, %k + 1] : memref<4x4xf32>
    %m = affine.min affine_map<(d0) -> (d0 + 2, 3)>(%k)
    %l = affine.apply affine_map<(d0) -> (d0 floordiv 2)>(%k)
    memref.store %e, %A[%m, %l] : memref<4x4xf32>
    affine.store %e, %A[%l, %k] : memref<4x4xf32>
  }
  %big = arith.cmpi sgt, %w, %ix : i32
  cf.cond_br %big, ^bb1, ^bb2
^bb1:
  func.return %w, %sum : i32, f32
^bb2:
  func.return %ix, %s : i32, f32
}
