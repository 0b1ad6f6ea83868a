// Discardable attributes of dialects allo-xdsl does not load (Polygeist's
// llvm/dlti/polygeist ones, ScaleHLS's hls directives) are read as opaque
// attributes and printed back as they were; unknown ops stay errors.
// RUN: allo-opt %s | filecheck %s
// RUN: allo-opt %s | allo-opt | filecheck %s
// RUN: allo-opt %s -t hls-cpp | filecheck %s --check-prefix=CPP

// CHECK: builtin.module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi32>>, #dlti.dl_entry<"dlti.endianness", "little">>, llvm.data_layout = "e-m:e-i64:64-n32:64", llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"}
// CHECK: func.func @kernel(%A: memref<4xf32>) attributes {llvm.linkage = #llvm.linkage<external>, func_directive = #hls.func_directive<pipeline=false, targetInterval=1>, top_func}
// CHECK: %y = arith.addf %x, %x {phism.op = #phism.tag<"s0">} : f32
// CHECK: } {loop_name = "i", loop_directive = #hls.loop_directive<pipeline=true, targetII=1>, scop.parallel, op_name = "S_i_0"}
// CPP: void kernel(float A[4]) {
// CPP: l_i: for (int i = 0; i < 4; i++) {
module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi32>>, #dlti.dl_entry<"dlti.endianness", "little">>, llvm.data_layout = "e-m:e-i64:64-n32:64", llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel(%A: memref<4xf32>) attributes {llvm.linkage = #llvm.linkage<external>, func_directive = #hls.func_directive<pipeline=false, targetInterval=1>, top_func} {
    affine.for %i = 0 to 4 {
      %x = affine.load %A[%i] : memref<4xf32>
      %y = arith.addf %x, %x {phism.op = #phism.tag<"s0">} : f32
      affine.store %y, %A[%i] : memref<4xf32>
    } {loop_directive = #hls.loop_directive<pipeline=true, targetII=1>, scop.parallel}
    return
  }
}
