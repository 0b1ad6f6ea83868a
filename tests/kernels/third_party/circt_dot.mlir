// CIRCT HLS-test style: an integer dot product with a loop-carried value
// (iter_args), returned as a scalar.
func.func @dot(%a: memref<8xi32>, %b: memref<8xi32>) -> i32 {
  %c0 = arith.constant 0 : i32
  %sum = affine.for %i = 0 to 8 iter_args(%acc = %c0) -> (i32) {
    %x = affine.load %a[%i] : memref<8xi32>
    %y = affine.load %b[%i] : memref<8xi32>
    %p = arith.muli %x, %y : i32
    %s = arith.addi %acc, %p : i32
    affine.yield %s : i32
  }
  return %sum : i32
}
