// RUN: allo-opt %s -p lower-affine-ext | filecheck %s
// RUN: allo-opt %s -p lower-affine-ext | mlir-opt-22 --verify-each > /dev/null

// Bounds with operands, max/min of several results (compare and select),
// hints carried to scf.for, mod with the sign correction, affine.if.
// CHECK-LABEL: func.func @f(
// CHECK:         %[[LB:.*]] = arith.select
// CHECK:         %[[UB:.*]] = arith.select
// CHECK:         %[[STEP:.*]] = arith.constant 3 : index
// CHECK:         scf.for %i = %[[LB]] to %[[UB]] step %[[STEP]] {
// CHECK:           %[[I5:.*]] = arith.addi %i, %{{.*}} : index
// CHECK:           %[[REM:.*]] = arith.remsi %[[I5]], %{{.*}} : index
// CHECK:           %[[NEG:.*]] = arith.cmpi slt, %[[REM]], %{{.*}} : index
// CHECK:           %[[FIX:.*]] = arith.addi %[[REM]], %{{.*}} : index
// CHECK:           %[[MOD:.*]] = arith.select %[[NEG]], %[[FIX]], %[[REM]] : index
// CHECK:           %v = memref.load %A[%[[MOD]]] : memref<16xi32>
// CHECK:           %[[C:.*]] = arith.cmpi sge, %{{.*}}, %{{.*}} : index
// CHECK:           scf.if %[[C]] {
// CHECK:             memref.store
// CHECK:           }{keep}
// CHECK:         } {loop_name = "i", hls.pipeline_ii = 1 : i64, op_name = "S_i_0"}
// CHECK-NOT:     affine.
func.func @f(%A: memref<16xi32>, %n: index) {
  affine.for %i = max affine_map<(d0) -> (2, d0 - 10)>(%n)
      to min affine_map<(d0) -> (d0, 14)>(%n) step 3 {
    %v = affine.load %A[(%i - 5) mod 4] : memref<16xi32>
    affine.if affine_set<(d0) : (d0 - 4 >= 0)>(%i) {
      affine.store %v, %A[%i] : memref<16xi32>
    } {keep}
  } {hls.pipeline_ii = 1 : i64}
  return
}

// REQUIRES: mlir-opt
