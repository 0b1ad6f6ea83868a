// The printed affine.if and affine.max are MLIR's syntax: mlir-opt-22 reads
// allo-opt's output and gives the same structure back.
// REQUIRES: mlir-opt
// RUN: allo-opt %s | mlir-opt-22 | filecheck %s

// CHECK-DAG: #[[MAX:.*]] = affine_map<{{.*}} -> (d0, {{.*}} + 2)>
// CHECK-DAG: #[[TRI:.*]] = affine_set<(d0, d1) : (d0 - d1 >= 0)>
// CHECK-DAG: #[[SYM:.*]] = affine_set<{{.*}} - d0 - 1 >= 0)>

// CHECK-LABEL: func.func @tri(
// CHECK: affine.if #[[TRI]](%{{.*}}, %{{.*}}) {
// CHECK: affine.load
// CHECK: affine.store
// CHECK: } else {
// CHECK: affine.store
// CHECK: }
// CHECK: %{{.*}} = affine.if #[[SYM]](%{{.*}}){{.*}} -> f32 {
// CHECK: affine.yield %{{.*}} : f32
// CHECK: } else {
// CHECK: affine.yield %{{.*}} : f32
// CHECK: }
// CHECK: affine.max #[[MAX]](%{{.*}})
#set = affine_set<(d0, d1) : (d0 - d1 >= 0)>
func.func @tri(%A: memref<10x10xf32>, %B: memref<10x10xf32>, %N: index) -> index {
  %neg = arith.constant -1.0 : f32
  affine.for %i = 0 to 10 {
    affine.for %j = 0 to 10 {
      affine.if #set(%i, %j) {
        %v = affine.load %A[%i, %j] : memref<10x10xf32>
        affine.store %v, %B[%i, %j] : memref<10x10xf32>
      } else {
        affine.store %neg, %B[%i, %j] : memref<10x10xf32>
      }
      %w = affine.if affine_set<(d0)[s0] : (s0 - d0 - 1 >= 0)>(%i)[%N] -> f32 {
        affine.yield %neg : f32
      } else {
        %x = affine.load %A[%j, %i] : memref<10x10xf32>
        affine.yield %x : f32
      }
      affine.store %w, %B[%j, %i] : memref<10x10xf32>
    }
  }
  %m = affine.max affine_map<(d0)[s0] -> (d0, s0 + 2)>(%N)[%N]
  func.return %m : index
}
