// RUN: rm -rf %t && allo-opt %s -p 'vitis-interfaces{top="scale"}' -t 'vitis-project{top=scale}' -o %t
// RUN: filecheck %s --check-prefix=TCL < %t/run_hls.tcl
// RUN: filecheck %s --check-prefix=HEADER < %t/kernel.h
// RUN: filecheck %s --check-prefix=KERNEL < %t/kernel.cpp
// RUN: filecheck %s --check-prefix=TB < %t/tb.cpp
// RUN: filecheck %s --check-prefix=README < %t/README.md

// TCL:      open_project -reset scale_prj
// TCL-NEXT: set_top scale
// TCL-NEXT: add_files kernel.cpp
// TCL-NEXT: add_files kernel.h
// TCL-NEXT: add_files -tb tb.cpp -cflags "-std=c++14"
// TCL-NEXT: open_solution -reset solution1 -flow_target vitis
// TCL-NEXT: set_part {xcu280-fsvh2892-2L-e}
// TCL-NEXT: create_clock -period 3.33 -name default
// TCL-NEXT: csim_design
// TCL-NEXT: csynth_design
// TCL-NEXT: cosim_design
// TCL-NEXT: export_design -format xo

// HEADER:      #include <cstdint>
// HEADER:      void scale(int32_t x[6], int32_t n, int32_t y[6], int32_t *out1);

// KERNEL:      #include "kernel.h"
// KERNEL:      void scale(int32_t x[6], int32_t n, int32_t y[6], int32_t *out1) {
// KERNEL-NEXT:   #pragma HLS interface m_axi port=x offset=slave bundle=gmem0

// The golden inputs (x in [-8, 8)), the call, the comparisons, exact for
// integers.
// TB:      int main() {
// TB-NEXT:   static int32_t arg0[6];
// TB-NEXT:   static const int32_t arg0_in[6] = {{[{]}}{{(-?[0-9]+LL, ){5}-?[0-9]+LL}}};
// TB:        int32_t arg1 = {{-?[0-9]+}}LL;
// TB-NEXT:   static int32_t ret0[6];
// TB-NEXT:   int32_t ret1;
// TB-NEXT:   scale(arg0, arg1, ret0, &ret1);
// TB:          check("arg0", k, (&arg0[0])[k], arg0_out[k], true);
// TB:          check("ret0", k, (&ret0[0])[k], ret0_out[k], true);
// TB-NEXT:   check("ret1", 0, ret1, {{-?[0-9]+}}LL, true);
// TB:        return errors ? 1 : 0;

// README: vitis_hls -f run_hls.tcl

// RUN: not allo-opt %s -t vitis-project 2>&1 | filecheck %s --check-prefix=NO-DIR
// NO-DIR: error: target 'vitis-project' writes a directory: give it with -o DIR
// RUN: not allo-opt %s -t 'vitis-project{device=u999}' -o %t.bad 2>&1 | filecheck %s --check-prefix=DEVICE
// DEVICE: error: unknown device 'u999'

func.func @scale(%x: memref<6xi32>, %n: i32) -> (memref<6xi32>, i32) {
  %y = memref.alloc() {name = "y"} : memref<6xi32>
  %z = arith.constant 0 : i32
  %t = affine.for %i = 0 to 6 iter_args(%acc = %z) -> (i32) {
    %v = affine.load %x[%i] : memref<6xi32>
    %p = arith.muli %v, %n : i32
    affine.store %p, %y[%i] : memref<6xi32>
    %s = arith.addi %acc, %p : i32
    affine.yield %s : i32
  }
  return %y, %t : memref<6xi32>, i32
}
