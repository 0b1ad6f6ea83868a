// RUN: allo-opt %s --pipeline circt -t verilog | filecheck %s
// RUN: not allo-opt %S/../../../kernels/gemm_f32.mlir --pipeline circt -t verilog 2>&1 | filecheck %s --check-prefix=FLOAT

// An integer kernel through CIRCT's handshake flow: one load port per
// memref read, a store port with its done channel, start and done tokens.
// CHECK: module copy(
// CHECK-DAG: input  [31:0] in0_ld0_data,
// CHECK-DAG: output [2:0] in0_ld0_addr,
// CHECK-DAG: output struct packed {logic [2:0] address; logic [31:0] data; } in1_st0,
// CHECK-DAG: input in1_st0_done_valid,
// CHECK-DAG: input in2_valid,
// CHECK-DAG: output out0_valid,
// CHECK: endmodule
func.func @copy(%A: memref<8xi32>, %B: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xi32>
    %w = arith.addi %v, %v : i32
    affine.store %w, %B[%i] : memref<8xi32>
  }
  return
}

// FLOAT: gemm_f32.mlir:2:1: error: verilog target: f32 in 'func.func' is floating point, which CIRCT's handshake flow cannot lower to hardware; only integer kernels become RTL
