"""
Importing what other tools produce: foreign MLIR (Polygeist, ScaleHLS,
CIRCT, torch-mlir, upstream mlir-opt) as allo-xdsl's input."""
