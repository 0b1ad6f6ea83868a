// RUN: allo-opt %s -p 'array-partition{func="f" buffer="A" kind="cyclic" dim=2 factor=4},array-partition{func="f" buffer="A" kind="block" dim=1 factor=2},array-partition{func="f" buffer="T" kind="complete" dim=0},array-partition{func="f" buffer="V" kind="complete" dim=3},array-partition{func="f" buffer="V" kind="cyclic" dim=1 factor=2}' | filecheck %s
// RUN: allo-opt %s -p 'array-partition{func="f" buffer="A" kind="cyclic" dim=2 factor=4},array-partition{func="f" buffer="A" kind="block" dim=1 factor=2},array-partition{func="f" buffer="T" kind="complete" dim=0},array-partition{func="f" buffer="V" kind="complete" dim=3},array-partition{func="f" buffer="V" kind="cyclic" dim=1 factor=2}' -t hls-cpp | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s --pipeline %S/Inputs/partition.yaml | filecheck %s --check-prefix=YAML
// RUN: allo-opt %s -p 'array-partition{func="f" buffer="V" kind="block" dim=0 factor=2}' -t hls-cpp | filecheck %s --check-prefix=ALL

// The partition is part of the memref type: the parameter, every access,
// the local alloc, the returned value and the function type all carry it.
// Two applications on dims 2 then 1 of A combine into one layout.
// CHECK-LABEL: func.func @f(
// CHECK-SAME:    %A: memref<8x8xf32, #fpga.partition<[block 2, cyclic 4]>>
// CHECK-SAME:    %V: memref<4x6x8xi32, #fpga.partition<[cyclic 2, none, complete]>>
// CHECK-SAME:    -> memref<8x8xf32, #fpga.partition<[complete, complete]>>
// CHECK:       %T = memref.alloc() {name = "T"} : memref<8x8xf32, #fpga.partition<[complete, complete]>>
// CHECK:       affine.load %A[%i, %j] : memref<8x8xf32, #fpga.partition<[block 2, cyclic 4]>>
// CHECK:       affine.store %{{.*}}, %T[%i, %j] : memref<8x8xf32, #fpga.partition<[complete, complete]>>
// CHECK:       affine.load %V[0, %k, %l] : memref<4x6x8xi32, #fpga.partition<[cyclic 2, none, complete]>>
// CHECK:       func.return %T : memref<8x8xf32, #fpga.partition<[complete, complete]>>

// One pragma per partitioned dimension, numbered from 1, after the
// signature for parameters (the returned T is an output parameter) and
// after the declaration for local arrays.
// HLS-LABEL: void f(float A[8][8], int32_t V[4][6][8], float T[8][8]) {
// HLS-NEXT:    #pragma HLS array_partition variable=A block factor=2 dim=1
// HLS-NEXT:    #pragma HLS array_partition variable=A cyclic factor=4 dim=2
// HLS-NEXT:    #pragma HLS array_partition variable=V cyclic factor=2 dim=1
// HLS-NEXT:    #pragma HLS array_partition variable=V complete dim=3
// HLS-NEXT:    #pragma HLS array_partition variable=T complete dim=1
// HLS-NEXT:    #pragma HLS array_partition variable=T complete dim=2
// HLS-NEXT:    l_i: for (int i = 0; i < 8; i++) {

// YAML-LABEL: void f(float A[8][8], int32_t V[4][6][8], float T[8][8]) {
// YAML-NEXT:    #pragma HLS array_partition variable=A cyclic factor=2 dim=2
// YAML-NEXT:    #pragma HLS array_partition variable=V block factor=3 dim=2
// YAML-NEXT:    l_i: for (int i = 0; i < 8; i++) {
// YAML-LABEL: void g(float out[4][4]) {
// YAML-NEXT:    float L[4][4][2];
// YAML-NEXT:    #pragma HLS array_partition variable=L complete dim=1
// YAML-NEXT:    #pragma HLS array_partition variable=L cyclic factor=2 dim=3
// YAML-NEXT:    l_i: for (int i = 0; i < 4; i++) {

// dim 0 partitions every dimension alike: one pragma each.
// ALL-LABEL: void f(float A[8][8], int32_t V[4][6][8], float T[8][8]) {
// ALL-NEXT:    #pragma HLS array_partition variable=V block factor=2 dim=1
// ALL-NEXT:    #pragma HLS array_partition variable=V block factor=2 dim=2
// ALL-NEXT:    #pragma HLS array_partition variable=V block factor=2 dim=3
// ALL-NEXT:    l_i: for (int i = 0; i < 8; i++) {

func.func @f(%A: memref<8x8xf32>, %V: memref<4x6x8xi32>) -> memref<8x8xf32> {
  %T = memref.alloc() {name = "T"} : memref<8x8xf32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %a = affine.load %A[%i, %j] : memref<8x8xf32>
      affine.store %a, %T[%i, %j] : memref<8x8xf32>
    }
  }
  affine.for %k = 0 to 6 {
    affine.for %l = 0 to 8 {
      %v = affine.load %V[0, %k, %l] : memref<4x6x8xi32>
      affine.store %v, %V[1, %k, %l] : memref<4x6x8xi32>
    }
  }
  return %T : memref<8x8xf32>
}

func.func @g(%out: memref<4x4xf32>) {
  %L = memref.alloca() {name = "L"} : memref<4x4x2xf32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %L[%i, %j, 0] : memref<4x4x2xf32>
      affine.store %v, %out[%i, %j] : memref<4x4xf32>
    }
  }
  return
}
