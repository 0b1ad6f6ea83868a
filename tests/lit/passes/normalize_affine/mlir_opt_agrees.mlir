// REQUIRES: mlir-opt
// mlir-opt-22 gives the same verdicts as allo-opt on the same snippets:
// the same errors on the same lines, and no error on the valid ones; and
// allo-opt's output of the valid ones (maps normalized to dimensions),
// split and tile included, is accepted.
// RUN: mlir-opt-22 --split-input-file --verify-diagnostics %S/dims_symbols_invalid.mlir
// RUN: mlir-opt-22 --split-input-file %S/dims_symbols_valid.mlir > /dev/null
// RUN: allo-opt --split-input-file %S/dims_symbols_valid.mlir | mlir-opt-22 --split-input-file > /dev/null
// RUN: allo-opt %S/Inputs/remainder.mlir -p 'loop-tile{func="f" loops="i","j" factors=4,3}' | mlir-opt-22 > /dev/null
