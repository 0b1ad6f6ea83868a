// allo-opt runs the pipeline the circt target declares when the module is
// not ready (after_any_pipeline.mlir): a bad option is still an error. The
// target alone (stock xdsl-opt, or `emit_circt` from Python) only prints: what
// upstream tools cannot read is an error that names the pass that removes it
// (every case: tests/unit/test_circt_export.py).
// RUN: not allo-opt %s -t 'circt{level=llvm}' 2>&1 | filecheck %s --check-prefix=LEVEL
// RUN: not xdsl-opt %s -t circt 2>&1 | filecheck %s --check-prefix=ALONE
// RUN: allo-opt %s -t circt | filecheck %s --check-prefix=LOWERED

// LEVEL: allo-opt: error: circt target: unknown level 'llvm'; expected one of: affine, scf, cf
// ALONE: attribute 'fpga.pipeline_ii' on 'affine.for' reaches the circt export (run the 'hints-to-attributes' pass; the circt pipeline does)
// LOWERED: } {loop_name = "i", hls.pipeline_ii = 1 : i64

func.func @hint(%A: memref<4xi32>) {
  affine.for %i = 0 to 4 {
  } {fpga.pipeline_ii = 1 : i64}
  return
}
