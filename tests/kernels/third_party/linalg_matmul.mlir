// linalg.matmul and linalg.copy on memrefs.
func.func @matmul(%a: memref<3x4xi32>, %b: memref<4x2xi32>, %c: memref<3x2xi32>, %d: memref<3x2xi32>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<3x2xi32>)
  linalg.matmul ins(%a, %b : memref<3x4xi32>, memref<4x2xi32>) outs(%c : memref<3x2xi32>)
  linalg.copy ins(%c : memref<3x2xi32>) outs(%d : memref<3x2xi32>)
  return
}
