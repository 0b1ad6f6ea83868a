// RUN: allo-opt %s -p 'array-partition{func="mv" buffer="M" kind="cyclic" dim=2 factor=2},loop-pipeline{func="mv" loop="j"},vitis-interfaces{top="mv"}' -t mlir | filecheck %s
// RUN: allo-opt %s -p 'array-partition{func="mv" buffer="M" kind="cyclic" dim=2 factor=2},loop-pipeline{func="mv" loop="j"},vitis-interfaces{top="mv"}' -t hls-cpp | filecheck %s --check-prefix=HLS
// RUN: allo-opt %s -p 'vitis-interfaces{top="mv"}' -t mlir | filecheck %s --check-prefix=PLAIN
// RUN: allo-opt %s --pipeline %S/Inputs/mv.yaml | filecheck %s --check-prefix=HLS

// M is partitioned and read, x is read in the pipelined loop, y is written
// in it (through the callee `acc`), n is a scalar: M and x get copies loaded
// at entry, y one stored back at exit; the partition moves from the port M
// to M_local, the ports keep their C array types.
// CHECK-LABEL: func.func @mv(
// CHECK-SAME:    %M: memref<4x6xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem0"}},
// CHECK-SAME:    %x: memref<6xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem1"}},
// CHECK-SAME:    %y: memref<4xi32> {fpga.interface = {mode = "m_axi", bundle = "gmem2"}},
// CHECK-SAME:    %n: i32 {fpga.interface = {mode = "s_axilite"}})
// CHECK-NEXT:    %M_local = memref.alloc() {name = "M_local"} : memref<4x6xi32, #fpga.partition<[none, cyclic 2]>>
// CHECK-NEXT:    affine.for %[[A:.*]] = 0 to 4 {
// CHECK-NEXT:      affine.for %[[B:.*]] = 0 to 6 {
// CHECK-NEXT:        %[[V:.*]] = affine.load %M[%[[A]], %[[B]]] : memref<4x6xi32>
// CHECK-NEXT:        affine.store %[[V]], %M_local[%[[A]], %[[B]]] : memref<4x6xi32, #fpga.partition<[none, cyclic 2]>>
// CHECK-NEXT:      } {loop_name = "M_in1", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:    } {loop_name = "M_in0"}
// CHECK-NEXT:    %x_local = memref.alloc() {name = "x_local"} : memref<6xi32>
// CHECK-NEXT:    affine.for %[[C:.*]] = 0 to 6 {
// CHECK-NEXT:      %[[W:.*]] = affine.load %x[%[[C]]] : memref<6xi32>
// CHECK-NEXT:      affine.store %[[W]], %x_local[%[[C]]] : memref<6xi32>
// CHECK-NEXT:    } {loop_name = "x_in0", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:    %y_local = memref.alloc() {name = "y_local"} : memref<4xi32>
// CHECK-NOT:     y_in0
// CHECK:         affine.load %M_local
// CHECK:         affine.load %x_local
// CHECK:         func.call @acc(%y_local,
// CHECK:         } {loop_name = "j", fpga.pipeline_ii = 1 : i64}
// CHECK:         affine.for %[[D:.*]] = 0 to 4 {
// CHECK-NEXT:      %[[U:.*]] = affine.load %y_local[%[[D]]] : memref<4xi32>
// CHECK-NEXT:      affine.store %[[U]], %y[%[[D]]] : memref<4xi32>
// CHECK-NEXT:    } {loop_name = "y_out0", fpga.pipeline_ii = 1 : i64}
// CHECK-NEXT:    func.return

// HLS-LABEL: void mv(int32_t M[4][6], int32_t x[6], int32_t y[4], int32_t n) {
// HLS-NEXT:    #pragma HLS interface m_axi port=M offset=slave bundle=gmem0
// HLS-NEXT:    #pragma HLS interface m_axi port=x offset=slave bundle=gmem1
// HLS-NEXT:    #pragma HLS interface m_axi port=y offset=slave bundle=gmem2
// HLS-NEXT:    #pragma HLS interface s_axilite port=n bundle=control
// HLS-NEXT:    #pragma HLS interface s_axilite port=return bundle=control
// HLS-NEXT:    int32_t M_local[4][6];
// HLS-NEXT:    #pragma HLS array_partition variable=M_local cyclic factor=2 dim=2
// HLS-NEXT:    l_M_in0: for (int M_in0 = 0; M_in0 < 4; M_in0++) {
// HLS-NEXT:      l_M_in1: for (int M_in1 = 0; M_in1 < 6; M_in1++) {
// HLS-NEXT:        #pragma HLS pipeline II=1
// HLS-NOT:     array_partition variable=M{{ }}

// Without partition or pipeline, no port needs a copy.
// PLAIN-LABEL: func.func @mv(
// PLAIN-NOT:     _local
// PLAIN:         func.return

func.func @acc(%y: memref<4xi32>, %i: index, %v: i32) {
  affine.store %v, %y[%i] : memref<4xi32>
  return
}

func.func @mv(%M: memref<4x6xi32>, %x: memref<6xi32>, %y: memref<4xi32>, %n: i32) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %m = affine.load %M[%i, %j] : memref<4x6xi32>
      %v = affine.load %x[%j] : memref<6xi32>
      %p = arith.muli %m, %v : i32
      %q = arith.muli %p, %n : i32
      func.call @acc(%y, %i, %q) : (memref<4xi32>, index, i32) -> ()
    }
  }
  return
}
