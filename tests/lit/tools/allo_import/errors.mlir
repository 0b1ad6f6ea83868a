// allo-import's error contract: `FILE: error: ...` on one line, exit 1, no
// traceback, and no output file.

// The models are Inputs/make_model.py's (committed: a few hundred bytes).
// RUN: rm -rf %t && mkdir -p %t

// RUN: not allo-import %S/Inputs/dynamic.onnx -o %t/out.mlir 2>&1 | filecheck %s --check-prefix=DYN
// DYN: dynamic.onnx: error: input 'x' has the dynamic dimension 'batch' (dimension 0); fix it with --dim batch=SIZE
// DYN-NOT: Traceback
// RUN: not test -e %t/out.mlir

// RUN: not allo-import %S/Inputs/dynamic.onnx --dim n=2 2>&1 | filecheck %s --check-prefix=BADDIM
// BADDIM: dynamic.onnx: error: --dim names n, which the model has not; its symbolic dimensions: batch

// RUN: not allo-import %S/Inputs/tiny.onnx --dim batch 2>&1 | filecheck %s --check-prefix=DIMSYNTAX
// DIMSYNTAX: allo-import: error: --dim expects NAME=SIZE, got 'batch'

// RUN: not allo-import %S/Inputs/unsupported.onnx -o %t/out.mlir 2>&1 | filecheck %s --check-prefix=UNSUP
// UNSUP: unsupported.onnx: error: unsupported ONNX operator Frobnicate (node 'frob1'): torch-mlir has no conversion for it
// UNSUP-NOT: Traceback
// RUN: not test -e %t/out.mlir

// RUN: not allo-import %S/Inputs/missing.onnx 2>&1 | filecheck %s --check-prefix=MISSING
// MISSING: missing.onnx: error: cannot read '{{.*}}missing.onnx': no such file

// RUN: not allo-import %S/Inputs/text.onnx 2>&1 | filecheck %s --check-prefix=NOTONNX
// NOTONNX: text.onnx: error: not an ONNX model
// NOTONNX-NOT: Traceback

// RUN: allo-import %S/Inputs/dynamic.onnx --dim batch=2 -o %t/ok.mlir
// RUN: filecheck %s --check-prefix=FIXED < %t/ok.mlir
// FIXED: func.func @tiny(%x: memref<2x3xf32>, %y: memref<2x2xf32>)

// REQUIRES: onnx
