// The csynth-like report: functions with latency, interval and resources,
// then each function's loops with trip count, II target -> achieved, what
// limits it, depth and latency. Warnings go to stderr only.
// RUN: allo-opt %s -t qor 2>/dev/null | filecheck %s
// RUN: allo-opt %s -t 'qor{device=u280}' 2>/dev/null | filecheck %s
// RUN: not allo-opt %s -t 'qor{device=nope}' 2>&1 | filecheck %s --check-prefix=DEVICE

// CHECK:      == allo-xdsl QoR estimate (model of Vitis HLS C synthesis) ==
// CHECK-NEXT: Device: u280 (xcu280-fsvh2892-2L-e), clock 3.33 ns
// CHECK-NEXT: Top: scale
// CHECK:      | Function | Latency | ms    | Interval | DSP      | BRAM18K  |
// CHECK:      | scale    | {{[0-9]+}} |
// CHECK:      + Loops of 'scale':
// CHECK:      | Loop | Trip count | II target -> achieved | Limited by | Depth | Latency |
// CHECK:      | i    | 64         | 1 -> 2                | memory     |
// CHECK:      Top 'scale' uses DSP {{[0-9.]+}}%, BRAM18K 0.0%, URAM 0.0% of u280: it fits.

// DEVICE: error: qor: unknown device 'nope'; known devices: u280

func.func @scale(%A: memref<64x4xf32>, %out: memref<64xf32>) {
  affine.for %i = 0 to 64 {
    %a0 = affine.load %A[%i, 0] : memref<64x4xf32>
    %a1 = affine.load %A[%i, 1] : memref<64x4xf32>
    %a2 = affine.load %A[%i, 2] : memref<64x4xf32>
    %s = arith.addf %a0, %a1 : f32
    %t = arith.addf %s, %a2 : f32
    affine.store %t, %out[%i] : memref<64xf32>
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
