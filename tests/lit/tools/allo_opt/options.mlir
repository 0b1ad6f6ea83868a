// RUN: allo-opt --version | filecheck %s --check-prefix=VERSION
// VERSION: allo-opt {{[0-9]+\.[0-9]+\.[0-9]+}}

// RUN: allo-opt --list-passes | filecheck %s --check-prefix=PASSES
// PASSES: allo-xdsl passes:
// PASSES: apply-schedules
// PASSES: name-loops
// PASSES: other passes (xDSL and plugins):
// PASSES: canonicalize

// RUN: allo-opt --list-pipelines | filecheck %s --check-prefix=PIPELINES
// PIPELINES: fpga {{.*}}HLS C++

// Input from stdin, output to a file.
// RUN: cat %S/Inputs/ok.mlir | allo-opt - -o %t.mlir && filecheck %s --check-prefix=STDIN < %t.mlir
// STDIN: func.func @f(%a: memref<4xi32>)
// STDIN: affine.for %i = 0 to 4 {
// STDIN: } {loop_name = "i", op_name = "S_i_0"}

// RUN: allo-opt %S/Inputs/ok.mlir -p cse,canonicalize --print-ir-after-all 2>&1 >/dev/null | filecheck %s --check-prefix=AFTER
// AFTER: // -----// IR after cse //----- //
// AFTER: // -----// IR after canonicalize //----- //

// RUN: allo-opt %S/Inputs/ok.mlir -p cse --timing 2>&1 >/dev/null | filecheck %s --check-prefix=TIMING
// TIMING: step {{.*}} time (s)
// TIMING-NEXT: parse
// TIMING-NEXT: cse
// TIMING: total

// Chunks are independent; errors in one chunk carry the file's line numbers.
// RUN: allo-opt --split-input-file %S/Inputs/chunks.mlir | filecheck %s --check-prefix=SPLIT
// SPLIT: func.func @first
// SPLIT: // -----
// SPLIT: func.func @second
// RUN: not allo-opt --split-input-file %S/Inputs/chunks_bad.mlir 2>&1 | filecheck %s --check-prefix=SPLITBAD
// SPLITBAD: chunks_bad.mlir:7:{{[0-9]+}}: error: 'func.return' op

// --verify-diagnostics checks the expected-error annotations.
// RUN: allo-opt --split-input-file --verify-diagnostics %S/Inputs/chunks_expected.mlir
// RUN: not allo-opt --split-input-file --verify-diagnostics %S/Inputs/chunks_bad.mlir 2>&1 | filecheck %s --check-prefix=UNEXPECTED
// UNEXPECTED: unexpected {{.*}}chunks_bad.mlir:7:{{[0-9]+}}: error:
