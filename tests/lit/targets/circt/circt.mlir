// RUN: allo-opt %s --pipeline circt | filecheck %s --check-prefix=AFFINE
// RUN: allo-opt %s --pipeline circt-scf | filecheck %s --check-prefix=SCF
// RUN: allo-opt %s --pipeline circt-cf | filecheck %s --check-prefix=CF
// RUN: allo-opt %s --pipeline circt-cf | mlir-opt-22 --verify-each > /dev/null
// RUN: allo-opt %s --pipeline circt | mlir-opt-22 --lower-affine --convert-scf-to-cf | filecheck %s --check-prefix=UPSTREAM

// The schedule is applied, the partition becomes hls.partition, the hints
// become hls.* attributes, the returned buffer an output argument.
sched.schedule @gemm {
  sched.pipeline "j" ii 1
  sched.partition "A" kind cyclic dim 2 factor 2
}

// AFFINE-LABEL: func.func @gemm(
// AFFINE-SAME:    %A: memref<4x4xi32> {hls.partition = [{dim = 2 : i64, kind = "cyclic", factor = 2 : i64}]}, %B: memref<4x4xi32>, %out0: memref<4x4xi32>) {
// AFFINE:         affine.for %k = 0 to 4
// AFFINE:         } {loop_name = "j", hls.pipeline_ii = 1 : i64}
// AFFINE-NOT:     sched.
// AFFINE-NOT:     fpga.
// SCF:            scf.for %j =
// SCF:            } {loop_name = "j", hls.pipeline_ii = 1 : i64}
// SCF-NOT:        affine.
// CF:             cf.br ^{{.*}} {loop_name = "j", hls.pipeline_ii = 1 : i64}
// CF-NOT:         scf.
// UPSTREAM:       func.func @gemm(%{{.*}}: memref<4x4xi32> {hls.partition =
func.func @gemm(%A: memref<4x4xi32>, %B: memref<4x4xi32>) -> memref<4x4xi32> {
  %C = memref.alloc() : memref<4x4xi32>
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %s = affine.for %k = 0 to 4 iter_args(%acc = %zero) -> (i32) {
        %a = affine.load %A[%i, %k] : memref<4x4xi32>
        %b = affine.load %B[%k, %j] : memref<4x4xi32>
        %p = arith.muli %a, %b : i32
        %t = arith.addi %acc, %p : i32
        affine.yield %t : i32
      }
      affine.store %s, %C[%i, %j] : memref<4x4xi32>
    }
  }
  return %C : memref<4x4xi32>
}

// REQUIRES: mlir-opt
