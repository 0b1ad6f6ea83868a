// The shape of an imported model: the inputs first and the outputs last
// (out-parameters) with the model's names, weights as constant globals read
// with memref.get_global, bands named after the ONNX nodes (`fc/1` ->
// `fc_1`, `relu.1` -> `relu_1`), loops i, j, k by depth. Inputs/tiny.onnx
// is Inputs/make_model.py's `tiny`: y = relu(x * w^T + b), w = [[0, 1, 2],
// [3, 4, 5]] / 8, b = [0, 1] / 8.

// RUN: allo-import %S/Inputs/tiny.onnx | filecheck %s
// CHECK:      memref.global "private" constant @[[W:fc_1_w1?]] : memref<3x2xf32> = dense<{{\[\[}}0.000000e+00, 3.750000e-01], [1.250000e-01, 5.000000e-01], [2.500000e-01, 6.250000e-01]]>
// CHECK:      memref.global "private" constant @[[B:fc_1_w1?]] : memref<2xf32> = dense<[0.000000e+00, 1.250000e-01]>
// CHECK:      func.func @tiny(%x: memref<1x3xf32>, %y: memref<1x2xf32>) {
// CHECK-DAG:    %[[B]] = memref.get_global @[[B]] : memref<2xf32>
// CHECK-DAG:    %[[W]] = memref.get_global @[[W]] : memref<3x2xf32>
// CHECK:        affine.for %i = 0 to 1 {
// CHECK:        } {loop_name = "i", op_name = "fc_1"}
// CHECK:        affine.for %k = 0 to 3 {
// CHECK-NEXT:     affine.load %x
// CHECK-NEXT:     affine.load %[[W]]
// CHECK:        } {loop_name = "k"}
// CHECK:        } {loop_name = "i", op_name = "fc_1_1"}
// CHECK:        affine.load %[[B]]
// CHECK:        } {loop_name = "i", op_name = "fc_1_2"}
// CHECK:        arith.cmpf ugt
// CHECK:        } {loop_name = "i", op_name = "relu_1"}
// CHECK-NEXT:   func.return

// One function per layer, called in order; weights live in their layer.
// RUN: allo-import %S/Inputs/tiny.onnx --layers-as-functions | filecheck %s --check-prefix=FUNCS
// FUNCS:      func.func @fc_1(%x: memref<1x3xf32>, %y: memref<1x2xf32>) {
// FUNCS:        memref.get_global
// FUNCS:        op_name = "fc_1"
// FUNCS:        op_name = "fc_1_2"
// FUNCS:      func.func @relu_1(%y: memref<1x2xf32>) {
// FUNCS:        op_name = "relu_1"
// FUNCS:      func.func @tiny(%x: memref<1x3xf32>, %y: memref<1x2xf32>) {
// FUNCS-NEXT:   func.call @fc_1(%x, %y) : (memref<1x3xf32>, memref<1x2xf32>) -> ()
// FUNCS-NEXT:   func.call @relu_1(%y) : (memref<1x2xf32>) -> ()
// FUNCS-NEXT:   func.return

// The import is allo-opt's input as it is.
// RUN: allo-import %S/Inputs/tiny.onnx | allo-opt --pipeline fpga | filecheck %s --check-prefix=HLS
// HLS: static const float {{.*}}[3][2] = {{\{\{}}0.0f, 0.375f}, {0.125f, 0.5f}, {0.25f, 0.625f}};
// HLS: void tiny(float x[1][3], float y[1][2]) {
// HLS: l_fc_1_1_i: for (int i = 0; i < 1; i++) {
// HLS: l_k: for (int k = 0; k < 3; k++) {

// REQUIRES: onnx
