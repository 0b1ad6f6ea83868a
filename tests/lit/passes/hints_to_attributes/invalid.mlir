// RUN: not allo-opt %s -p hints-to-attributes 2>&1 | filecheck %s

// The verifier rejects unknown fpga attributes on input already.
// CHECK: invalid.mlir:[[# @LINE + 2]]:3: error: 'affine.for' op unknown attribute 'fpga.pipeline'
func.func @f(%A: memref<8xi32>) {
  affine.for %i = 0 to 8 {
  } {fpga.pipeline = 1 : i64}
  return
}
