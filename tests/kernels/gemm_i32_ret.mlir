// Returns A * B for 6x5 by 5x7 i32 matrices, accumulating in iter_args.
func.func @gemm_i32(%A: memref<6x5xi32>, %B: memref<5x7xi32>) -> memref<6x7xi32> {
  %C = memref.alloc() : memref<6x7xi32>
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 7 {
      %sum = affine.for %k = 0 to 5 iter_args(%acc = %zero) -> (i32) {
        %a = affine.load %A[%i, %k] : memref<6x5xi32>
        %b = affine.load %B[%k, %j] : memref<5x7xi32>
        %p = arith.muli %a, %b : i32
        %s = arith.addi %acc, %p : i32
        affine.yield %s : i32
      }
      affine.store %sum, %C[%i, %j] : memref<6x7xi32>
    }
  }
  return %C : memref<6x7xi32>
}
