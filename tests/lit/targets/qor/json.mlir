// The JSON of DESIGN.md section 12.
// RUN: allo-opt %s -t qor-json 2>/dev/null | filecheck %s

// CHECK:      "model": "allo-xdsl-qor 1",
// CHECK:      "device": {
// CHECK-NEXT:   "name": "u280",
// CHECK:        "clock_ns": 3.33,
// CHECK-NEXT:   "dsp": 9024,
// CHECK-NEXT:   "bram18k": 4032,
// CHECK:      "top": "acc",
// CHECK:      "functions": {
// CHECK-NEXT:   "acc": {
// CHECK-NEXT:     "latency": {{[0-9]+}},
// CHECK-NEXT:     "interval": {{[0-9]+}},
// CHECK:          "resources": {
// CHECK-NEXT:       "dsp": {{[0-9]+}},
// CHECK-NEXT:       "bram18k": 0,
// CHECK:          "loops": [
// CHECK:              "name": "k",
// CHECK-NEXT:         "label": "l_k",
// CHECK-NEXT:         "parent": null,
// CHECK-NEXT:         "trip_count": 64,
// CHECK-NEXT:         "pipelined": true,
// CHECK-NEXT:         "ii_target": 1,
// CHECK-NEXT:         "ii": 4,
// CHECK-NEXT:         "ii_limit": "recurrence",
// CHECK-NEXT:         "ii_reason": "acc: arith.addf chain of 4 cycles, distance 1",
// CHECK-NEXT:         "depth": {{[0-9]+}},
// CHECK-NEXT:         "latency": {{[0-9]+}},

func.func @acc(%A: memref<64xf32>, %out: memref<1xf32>) {
  %zero = arith.constant 0.0 : f32
  %r = affine.for %k = 0 to 64 iter_args(%acc = %zero) -> (f32) {
    %a = affine.load %A[%k] : memref<64xf32>
    %s = arith.addf %acc, %a : f32
    affine.yield %s : f32
  } {loop_name = "k", fpga.pipeline_ii = 1 : i64}
  affine.store %r, %out[0] : memref<1xf32>
  return
}
