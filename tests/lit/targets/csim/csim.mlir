// RUN: allo-opt %s --pipeline csim | filecheck %s
// RUN: allo-opt %s -t 'csim{top=scale}' | filecheck %s --check-prefix=SCALE

// The test bench calls the only uncalled function, with its callees before it.
// CHECK: void scale(float A[16])
// CHECK: void top(float A[16], float B[16])
// CHECK: int main(int argc, char **argv) {
// CHECK:   allo_csim::load<float>(dir, "arg0.bin", &arg0[0], 16);
// CHECK:   ::top(arg0, arg1);
// CHECK:   allo_csim::save<float>(dir, "arg1.out.bin", &arg1[0], 16);

// SCALE-NOT: void top(
// SCALE: ::scale(arg0);

func.func @scale(%A: memref<16xf32>) {
  %two = arith.constant 2.0 : f32
  affine.for %x = 0 to 16 {
    %v = affine.load %A[%x] : memref<16xf32>
    %w = arith.mulf %v, %two : f32
    affine.store %w, %A[%x] : memref<16xf32>
  }
  func.return
}
func.func @top(%A: memref<16xf32>, %B: memref<16xf32>) {
  func.call @scale(%A) : (memref<16xf32>) -> ()
  affine.for %x = 0 to 16 {
    %v = affine.load %A[%x] : memref<16xf32>
    affine.store %v, %B[%x] : memref<16xf32>
  }
  func.return
}
