// The third-party corpus (tests/kernels/third_party) goes through
// `allo-opt -t hls-cpp` as it is; C simulation of each is in
// tests/unit/test_third_party.py.
// RUN: allo-opt %S/../../../../kernels/third_party/polygeist_gemm.mlir -t hls-cpp | filecheck %s --check-prefix=GEMM
// RUN: allo-opt %S/../../../../kernels/third_party/polygeist_atax.mlir -t hls-cpp | filecheck %s --check-prefix=ATAX
// RUN: allo-opt %S/../../../../kernels/third_party/polygeist_syrk.mlir -t hls-cpp | filecheck %s --check-prefix=SYRK
// RUN: allo-opt %S/../../../../kernels/third_party/scalehls_gemm.mlir -t hls-cpp | filecheck %s --check-prefix=SCALEHLS
// RUN: allo-opt %S/../../../../kernels/third_party/torch_mlir_linear.mlir -t hls-cpp | filecheck %s --check-prefix=TORCH
// RUN: allo-opt %S/../../../../kernels/third_party/linalg_conv_relu.mlir -t hls-cpp | filecheck %s --check-prefix=CONV
// RUN: allo-opt %S/../../../../kernels/third_party/upstream_scf_parallel.mlir -t hls-cpp | filecheck %s --check-prefix=SCF
// A schedule names the loops of an imported kernel like any other's.
// RUN: allo-opt %S/../../../../kernels/third_party/polygeist_gemm.mlir -p 'loop-pipeline{func="kernel_gemm" loop="arg10" ii=1}' -t hls-cpp | filecheck %s --check-prefix=SCHED

// GEMM: void kernel_gemm(
// GEMM: double arg5[6][7],
// GEMM: double arg6[6][5],
// GEMM: double arg7[5][7]

// ATAX:      double arg2[4][6],
// ATAX-NEXT: double arg3[6],
// ATAX-NEXT: double arg4[6],
// ATAX-NEXT: double arg5[4]
// ATAX:      double alloca[1];
// ATAX: alloca[0] = 0.0;

// SYRK:      double arg4[5][5],
// SYRK-NEXT: double arg5[5][4]
// SYRK: for (int arg7 = 0; arg7 < arg6 + 1; arg7++) {

// SCALEHLS: void gemm(float alpha, float beta, float C[4][6], float A[4][3], float B[3][6]) {

// TORCH: static const float g_constant_3x4xf32[3][4] = {{[{][{]}}0.5f, -1.0f, 0.25f, 2.0f}, {1.5f, 0.0f, -0.5f, 1.0f}, {-2.0f, 0.75f, 1.0f, -0.25f{{[}][}]}};
// TORCH: assert(true_1 && "mismatching batch size");
// TORCH: float v = arg0[0][arg3 / 2][arg3 % 2];
// TORCH: arg1[copy_d0][copy_d1 + 1] = v;

// CONV: l_conv_2d_nchw_fchw_d6: for
// CONV: allo_maximumf(

// SCF: l_i: for (int i = 0; i < 3; i++) {
// SCF:   l_j: for (int j = 0; j < 4; j++) {

// SCHED: l_arg10: for (int arg10 = 0; arg10 < 7; arg10++) {
// SCHED-NEXT: #pragma HLS pipeline II=1
