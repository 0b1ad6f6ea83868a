// A port (or buffer) that is both streamed and partitioned: every way to ask
// for it is a located error. (`interface` on a stream and `partition` on a
// stream parameter are refused in top_interface/invalid.mlir and
// invalid_options.mlir; a stream type carries no layout.)
// RUN: not allo-opt %s --pipeline %S/Inputs/partition_before_to.yaml 2>&1 | filecheck %s --check-prefix=BEFORE
// RUN: not allo-opt %s --pipeline %S/Inputs/partition_after_to.yaml 2>&1 | filecheck %s --check-prefix=AFTER
// RUN: not allo-opt %s --pipeline %S/Inputs/partitioned_callee.yaml 2>&1 | filecheck %s --check-prefix=CALLEE

// BEFORE: partition_before_to.yaml:4:7: error: step 'to' of the schedule of 'top': cannot stream 'buf': it is array-partitioned (memref<8xf32, #fpga.partition<[cyclic 2]>>); a stream is never also partitioned: drop one of 'partition' and 'to' (at {{.*}}invalid_streamed_partitioned.mlir:22:3)
// AFTER: partition_after_to.yaml:4:7: error: step 'partition' of the schedule of 'top': cannot partition 'buf': it is a stream (!fpga.stream<f32, 8>, made by 'to'), not an array (at {{.*}}invalid_streamed_partitioned.mlir:22:3)
// The callee's parameter is partitioned first (schedules run callee-first).
// CALLEE: partitioned_callee.yaml:5:7: error: step 'to' of the schedule of 'top': cannot stream 'buf': it is array-partitioned (memref<8xf32, #fpga.partition<[cyclic 2]>>); a stream is never also partitioned: drop one of 'partition' and 'to'

func.func @consume(%A: memref<8xf32>, %out: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    affine.store %a, %out[%i] : memref<8xf32>
  } {loop_name = "c"}
  return
}
func.func @top(%in: memref<8xf32>, %out: memref<8xf32>) {
  %buf = memref.alloc() {name = "buf"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %in[%i] : memref<8xf32>
    affine.store %a, %buf[%i] : memref<8xf32>
  } {loop_name = "p"}
  func.call @consume(%buf, %out) : (memref<8xf32>, memref<8xf32>) -> ()
  return
}
