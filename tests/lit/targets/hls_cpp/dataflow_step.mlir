// The error cites the schedule step that made the region, and the
// vitis-project target refuses the region as -t hls-cpp does.
// RUN: not allo-opt %s --pipeline %S/Inputs/dataflow_form.yaml -t hls-cpp 2>&1 | filecheck %s
// RUN: not allo-opt %s --pipeline %S/Inputs/dataflow_form.yaml -t 'vitis-project{top="acc"}' -o %t.dir 2>&1 | filecheck %s
// RUN: test ! -e %t.dir
// RUN: allo-opt %s --pipeline %S/Inputs/dataflow_form.yaml -t mlir | filecheck %s --check-prefix=MLIR

// CHECK: dataflow_step.mlir:17:3: error: dataflow function 'acc' (made dataflow at {{.*}}dataflow_form.yaml:4:7) is not canonical: loop 'acc' (at {{.*}}dataflow_step.mlir:17:3) reads 'tmp', which it writes (data must flow forward between processes); fold the zero-init band of 'tmp' into its producer
// MLIR: fpga.dataflow

func.func @acc(%A: memref<4xf32>, %B: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  %tmp = memref.alloc() {name = "tmp"} : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.store %z, %tmp[%i] : memref<4xf32>
  } {loop_name = "zero"}
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xf32>
    %t = affine.load %tmp[%i] : memref<4xf32>
    %s = arith.addf %a, %t : f32
    affine.store %s, %tmp[%i] : memref<4xf32>
  } {loop_name = "acc"}
  affine.for %i = 0 to 4 {
    %t = affine.load %tmp[%i] : memref<4xf32>
    affine.store %t, %B[%i] : memref<4xf32>
  } {loop_name = "back"}
  func.return
}
