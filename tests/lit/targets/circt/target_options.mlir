// The level is an option of the target: stock xdsl-opt passes it through
// the Target spec (allo-opt selects it with the circt-scf/circt-cf
// pipelines).
// RUN: xdsl-opt %s -t 'circt{level=scf}' | filecheck %s --check-prefix=SCF
// RUN: xdsl-opt %s -t 'circt{level=cf}' | filecheck %s --check-prefix=CF
// RUN: xdsl-opt %s -t 'circt{level=cf}' | mlir-opt-22 --verify-each > /dev/null

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
