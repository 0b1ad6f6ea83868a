// RUN: allo-opt %s -p 'bind-storage{func="f" buffer="A" impl="uram" type="ram_2p"},bind-storage{func="f" buffer="T" impl="lutram" type="ram_1p"},bind-storage{func="f" buffer="T" impl="bram" type="ram_s2p"}' | filecheck %s
// RUN: allo-opt %s --pipeline %S/Inputs/storage.yaml | filecheck %s --check-prefix=HLS

// The binding is a discardable attribute: in arg_attrs for a parameter, on
// the alloc for a local buffer; a second binding replaces the first.
// CHECK-LABEL: func.func @f(%A: memref<8x8xf32> {fpga.bind_storage = {impl = "uram", type = "ram_2p"}}, %n: index) -> memref<8xf32> {
// CHECK-NEXT:    %T = memref.alloc() {name = "T", fpga.bind_storage = {impl = "bram", type = "ram_s2p"}} : memref<8xf32>

// After the partition pragmas of the same array: parameters after the
// signature, the returned T (an output parameter) after them, the local L
// after its declaration.
// HLS-LABEL: void f(float A[8][8], int n, float T[8]) {
// HLS-NEXT:    #pragma HLS array_partition variable=A cyclic factor=2 dim=2
// HLS-NEXT:    #pragma HLS bind_storage variable=A type=ram_t2p impl=bram
// HLS-NEXT:    #pragma HLS bind_storage variable=T type=ram_1p impl=lutram
// HLS-NEXT:    float L[8];
// HLS-NEXT:    #pragma HLS bind_storage variable=L type=ram_2p impl=uram
// HLS-NEXT:    l_i: for (int i = 0; i < 8; i++) {

func.func @f(%A: memref<8x8xf32>, %n: index) -> memref<8xf32> {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  %L = memref.alloc() {name = "L"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i, %i] : memref<8x8xf32>
    affine.store %a, %L[%i] : memref<8xf32>
    %l = affine.load %L[%i] : memref<8xf32>
    affine.store %l, %T[%i] : memref<8xf32>
  }
  return %T : memref<8xf32>
}
