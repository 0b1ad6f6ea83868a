// The circt target declares the pipeline it needs (circt, circt-scf or
// circt-cf by level); allo-opt runs it when the module is not ready, so
// `-t circt` works after any pipeline, with or without the YAML naming it.
// RUN: allo-opt %s --pipeline %S/Inputs/schedule_only.yaml -t circt | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/with_circt.yaml -t circt | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/schedule_only.yaml -t circt | mlir-opt-22 --verify-each > /dev/null
// RUN: allo-opt %s --pipeline %S/Inputs/schedule_only.yaml -t 'circt{level=cf}' | filecheck %s --check-prefix=CF
// RUN: allo-opt %s --pipeline %S/Inputs/schedule_only.yaml -t 'circt{level=cf}' | mlir-opt-22 --verify-each > /dev/null
// RUN: allo-opt %s --pipeline %S/Inputs/schedule_only.yaml -t csim | filecheck %s --check-prefix=CSIM
// Schedules left in the input: csim's pipeline (fpga) applies them.
// RUN: allo-opt %s -t csim | filecheck %s --check-prefix=CSIM-II2
// RUN: allo-opt %s -t circt | filecheck %s --check-prefix=II2

// CHECK-LABEL: func.func @gemm(
// CHECK-SAME:    %A: memref<4x4xi32> {hls.partition = [{dim = 2 : i64, kind = "cyclic", factor = 2 : i64}]}, %B: memref<4x4xi32>, %out0: memref<4x4xi32>) {
// CHECK:         } {loop_name = "j", hls.pipeline_ii = 1 : i64}
// CHECK-NOT:     sched.
// CHECK-NOT:     fpga.
// CF:            cf.br ^{{.*}} {loop_name = "j", hls.pipeline_ii = 1 : i64}
// CF-NOT:        scf.
// CF-NOT:        affine.
// CSIM:          #pragma HLS array_partition variable=A cyclic factor=2 dim=2
// CSIM:          #pragma HLS pipeline II=1
// CSIM:          int main(int argc, char **argv) {
// CSIM-II2:      #pragma HLS pipeline II=2
// CSIM-II2:      int main(int argc, char **argv) {
// II2:           } {loop_name = "j", hls.pipeline_ii = 2 : i64}
// II2-NOT:       sched.

// The pipeline of the YAML files replaces this one: they attach their own
// schedule after it, and the later pipeline step wins.
sched.schedule @gemm {
  sched.pipeline "j" ii 2
}

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
