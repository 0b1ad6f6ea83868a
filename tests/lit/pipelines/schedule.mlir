// YAML schedules: templates, per-function steps, and located errors.

// RUN: allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/templates.yaml | filecheck %s
// CHECK-LABEL: void scale(
// CHECK:      l_x_outer: for
// CHECK:      l_x_inner: for
// CHECK-NEXT: #pragma HLS pipeline II=1
// CHECK-LABEL: void shift(
// CHECK:      l_x_outer: for
// CHECK-NEXT: #pragma HLS unroll factor=2
// CHECK:      l_x_inner: for
// CHECK-NEXT: #pragma HLS pipeline II=1

// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/unknown_primitive.yaml 2>&1 | filecheck %s --check-prefix=PRIM
// PRIM: unknown_primitive.yaml:3:7: error: unknown primitive 'splitt'; expected one of: apply, {{.*}}split

// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/bad_argument.yaml 2>&1 | filecheck %s --check-prefix=ARG
// ARG: bad_argument.yaml:3:14: error: argument 'factor' of 'split' expects an integer, got 'many'

// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/unknown_function.yaml 2>&1 | filecheck %s --check-prefix=FUNC
// FUNC: unknown_function.yaml:2:3: error: schedule of unknown function 'scael'; existing functions: scale, shift

// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/unknown_loop.yaml 2>&1 | filecheck %s --check-prefix=LOOP
// LOOP: unknown_loop.yaml:4:7: error: step 'pipeline' of the schedule of 'scale': in function 'scale': unknown loop 'x'; existing loops: S_x_0:x.inner, S_x_0:x.outer

// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/unknown_template.yaml 2>&1 | filecheck %s --check-prefix=TEMPLATE
// TEMPLATE: unknown_template.yaml:5:14: error: unknown template 'slow'; existing templates: fast

// An enumerated argument (fpga's enum attributes) names the values it takes.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/bad_keyword.yaml 2>&1 | filecheck %s --check-prefix=KEYWORD
// KEYWORD: bad_keyword.yaml:3:18: error: argument 'kind' of 'partition' must be one of cyclic, block, complete, got 'diagonal'

// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/bad_keyword_type.yaml 2>&1 | filecheck %s --check-prefix=KEYWORD-TYPE
// KEYWORD-TYPE: bad_keyword_type.yaml:3:18: error: argument 'mode' of 'interface' expects one of m_axi, s_axilite, got 3
