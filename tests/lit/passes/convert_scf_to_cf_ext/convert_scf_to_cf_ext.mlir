// RUN: allo-opt %s -p convert-scf-to-cf-ext | filecheck %s
// RUN: allo-opt %s -p convert-scf-to-cf-ext | mlir-opt-22 --verify-each > /dev/null

// scf.while becomes a header block and a latch; loop attributes move to the
// latch (the branch back to the header), for scf.for too.
// CHECK-LABEL: func.func @f(
// CHECK:         cf.br ^[[HEAD:.*]](%{{.*}}, %{{.*}} : i32, i32)
// CHECK:       ^[[HEAD]](%x: i32, %k: i32):
// CHECK:         %more = arith.cmpi sgt, %x, %{{.*}} : i32
// CHECK-NEXT:    cf.cond_br %more, ^[[BODY:.*]](%x, %k : i32, i32), ^[[EXIT:.*]](%x, %k : i32, i32)
// CHECK:       ^[[BODY]](%y: i32, %j: i32):
// CHECK:         cf.br ^[[HEAD]](%{{.*}}, %{{.*}} : i32, i32) {loop_name = "halve"}
// CHECK:       ^[[EXIT]](%{{.*}}: i32, %[[STEPS:.*]]: i32):
// CHECK:         cf.br ^[[FOR:.*]](%{{.*}} : index)
// CHECK:       ^[[FOR]](%i: index):
// CHECK:         cf.br ^[[FOR]](%{{.*}} : index) {hls.pipeline_ii = 1 : i64}
// CHECK-NOT:     scf.
func.func @f(%n: i32, %A: memref<4xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r:2 = scf.while (%x = %n, %k = %zero) : (i32, i32) -> (i32, i32) {
    %more = arith.cmpi sgt, %x, %zero : i32
    scf.condition(%more) %x, %k : i32, i32
  } do {
  ^bb0(%y: i32, %j: i32):
    %h = arith.shrsi %y, %one : i32
    %j1 = arith.addi %j, %one : i32
    scf.yield %h, %j1 : i32, i32
  } attributes {loop_name = "halve"}
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %r#1, %A[%i] : memref<4xi32>
  } {hls.pipeline_ii = 1 : i64}
  return %r#1 : i32
}

// REQUIRES: mlir-opt
