// The level is an option of the target: stock xdsl-opt passes it through
// the Target spec. The target only prints: under xdsl-opt the lowering to
// the level is the user's passes; allo-opt runs the pipeline the target
// declares for the level (circt-scf, circt-cf) itself.
// RUN: xdsl-opt %s -p lower-affine-ext -t 'circt{level=scf}' | filecheck %s --check-prefix=SCF
// RUN: xdsl-opt %s -p lower-affine-ext,convert-scf-to-cf-ext -t 'circt{level=cf}' | filecheck %s --check-prefix=CF
// RUN: xdsl-opt %s -p lower-affine-ext,convert-scf-to-cf-ext -t 'circt{level=cf}' | mlir-opt-22 --verify-each > /dev/null
// RUN: allo-opt %s -t 'circt{level=scf}' | filecheck %s --check-prefix=SCF
// RUN: allo-opt %s -t 'circt{level=cf}' | filecheck %s --check-prefix=CF
// RUN: not xdsl-opt %s -t 'circt{level=cf}' 2>&1 | filecheck %s --check-prefix=UNLOWERED

// UNLOWERED: 'affine.for' is outside the dialects of the circt export at level 'cf'

// SCF: scf.for
// SCF-NOT: affine.
// CF: cf.cond_br
// CF-NOT: scf.
func.func @copy(%A: memref<8xi32>, %B: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xi32>
    affine.store %v, %B[%i] : memref<8xi32>
  }
  return
}

// REQUIRES: mlir-opt
