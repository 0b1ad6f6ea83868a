// B[x] = (A[x] + A[x+1] + A[x+2]) / 3 over 16 outputs.
func.func @blur1d(%A: memref<18xf32>, %B: memref<16xf32>) {
  %three = arith.constant 3.0 : f32
  affine.for %x = 0 to 16 {
    %a0 = affine.load %A[%x] : memref<18xf32>
    %a1 = affine.load %A[%x + 1] : memref<18xf32>
    %a2 = affine.load %A[%x + 2] : memref<18xf32>
    %s0 = arith.addf %a0, %a1 : f32
    %s1 = arith.addf %s0, %a2 : f32
    %r = arith.divf %s1, %three : f32
    affine.store %r, %B[%x] : memref<16xf32>
  }
  return
}
