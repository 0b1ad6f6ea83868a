// Upstream-MLIR style: scf.parallel over memref.load/store (the output of
// convert-linalg-to-parallel-loops), a 2-D add with a broadcast row.
func.func @add_bias(%x: memref<3x4xi32>, %bias: memref<4xi32>, %y: memref<3x4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c3, %c4) step (%c1, %c1) {
    %a = memref.load %x[%i, %j] : memref<3x4xi32>
    %b = memref.load %bias[%j] : memref<4xi32>
    %s = arith.addi %a, %b : i32
    memref.store %s, %y[%i, %j] : memref<3x4xi32>
    scf.reduce
  }
  return
}
