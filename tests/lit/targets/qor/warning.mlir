// A requested II the model says cannot be met: a warning on stderr located
// at the YAML step that asked for it, with the cause and a fix; the output
// and the exit code are those without the warning.
// RUN: allo-opt %S/Inputs/gemm.mlir --pipeline %S/Inputs/gemm_k_pipelined.yaml -t hls-cpp >%t.cpp 2>%t.err && filecheck %s < %t.err
// RUN: allo-opt %S/Inputs/gemm.mlir --pipeline %S/Inputs/gemm_k_pipelined.yaml -t qor >%t.txt 2>%t.err && filecheck %s < %t.err
// RUN: allo-opt %S/Inputs/gemm.mlir --pipeline %S/Inputs/gemm_k_pipelined.yaml -t hls-cpp 2>/dev/null | filecheck %s --check-prefix=CPP
// RUN: allo-opt %S/Inputs/gemm.mlir -t hls-cpp >%t.cpp 2>%t.err && filecheck %s --check-prefix=NONE --allow-empty < %t.err

// CHECK: gemm_k_pipelined.yaml:7:7: warning: loop 'k' cannot reach II=1: 'C_buf' is read and written through arith.addf (4 cycles) with distance 1, so II=4; ask for II=4, or reorder so the reduction loop is outside
// CPP: #pragma HLS pipeline II=1
// NONE-NOT: warning
