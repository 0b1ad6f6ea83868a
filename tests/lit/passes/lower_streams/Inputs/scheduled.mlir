// Producer and consumer functions joined by `to` under a dataflow top.
sched.schedule @pc {
  sched.to "B" depth 2
  sched.dataflow
}
func.func @producer(%A: memref<8xi32>, %B: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = arith.addi %a, %a : i32
    affine.store %b, %B[%i] : memref<8xi32>
  }
  return
}
func.func @consumer(%B: memref<8xi32>, %C: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %b = affine.load %B[%i] : memref<8xi32>
    %c = arith.muli %b, %b : i32
    affine.store %c, %C[%i] : memref<8xi32>
  }
  return
}
func.func @pc(%A: memref<8xi32>, %C: memref<8xi32>) {
  %B = memref.alloc() {name = "B"} : memref<8xi32>
  func.call @producer(%A, %B) : (memref<8xi32>, memref<8xi32>) -> ()
  func.call @consumer(%B, %C) : (memref<8xi32>, memref<8xi32>) -> ()
  return
}
