// Every primitive op prints in its custom syntax and reads back the same;
// arguments at their defaults are omitted, keyword arguments come back in
// YAML order. The generic form reads back to the same custom form.
// RUN: allo-opt %s | allo-opt | filecheck %s
// RUN: allo-opt %s --print-op-generic | allo-opt | filecheck %s
// Enumerated arguments are fpga's enum attributes, written as bare keywords:
// RUN: allo-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: sched.schedule @gemm {
sched.schedule @gemm {
  // CHECK-NEXT: sched.split "i" factor 8
  sched.split "i" factor 8
  // CHECK-NEXT: sched.tile ["i", "j"] factors [4, 2]
  sched.tile ["i", "j"] factors [4, 2]
  // CHECK-NEXT: sched.reorder ["k", "i", "j"]
  sched.reorder ["k", "i", "j"]
  // CHECK-NEXT: sched.fuse ["i", "j"]
  sched.fuse ["i", "j"]
  // CHECK-NEXT: sched.distribute "i"
  sched.distribute "i"
  // CHECK-NEXT: sched.unroll "k" factor 4
  sched.unroll "k" factor 4
  // CHECK-NEXT: sched.unroll "k"{{$}}
  sched.unroll "k" factor 0
  // CHECK-NEXT: sched.pipeline "j" ii 2 rewind
  sched.pipeline "j" rewind ii 2
  // CHECK-NEXT: sched.pipeline "S_i_0:j"{{$}}
  sched.pipeline "S_i_0:j" ii 1
  // CHECK-NEXT: sched.parallel "i"
  sched.parallel "i"
  // CHECK-NEXT: sched.compute_at "B" consumer "C" loop "j"
  sched.compute_at "B" loop "j" consumer "C"
  // CHECK-NEXT: sched.partition "A" kind cyclic dim 2 factor 8
  // GENERIC: "sched.partition"() <{buffer = "A", kind = #fpga<partition_kind cyclic>,
  sched.partition "A" kind cyclic dim 2 factor 8
  // CHECK-NEXT: sched.partition "B" kind block factor 4
  sched.partition "B" factor 4 kind block dim 0
  // CHECK-NEXT: sched.partition "C" dim 1{{$}}
  sched.partition "C" kind complete dim 1
  // CHECK-NEXT: sched.partition "D"{{$}}
  // GENERIC: "sched.partition"() <{buffer = "D", kind = #fpga<partition_kind complete>,
  sched.partition "D"
  // CHECK-NEXT: sched.reuse_at "A" loop "i" name "A_line"
  sched.reuse_at "A" loop "i" name "A_line"
  // CHECK-NEXT: sched.reuse_at "A" loop "j"{{$}}
  sched.reuse_at "A" loop "j"
  // CHECK-NEXT: sched.buffer_at "C" loop "j"
  sched.buffer_at "C" loop "j"
  // CHECK-NEXT: sched.reshape "A" shape [4, 16]
  sched.reshape "A" shape [4, 16]
  // CHECK-NEXT: sched.to "B" depth 4
  sched.to "B" depth 4
  // CHECK-NEXT: sched.to "B"{{$}}
  sched.to "B"
  // CHECK-NEXT: sched.dataflow "i"
  sched.dataflow "i"
  // CHECK-NEXT: sched.dataflow{{$}}
  sched.dataflow
  // CHECK-NEXT: sched.inline{{$}}
  sched.inline
  // CHECK-NEXT: sched.bind_storage "A" impl bram type ram_2p
  sched.bind_storage "A" type ram_2p impl bram
  // CHECK-NEXT: sched.bind_storage "C" impl uram type ram_s2p
  // GENERIC: "sched.bind_storage"() <{buffer = "C", impl = #fpga<storage_impl uram>, type = #fpga<storage_type ram_s2p>}>
  sched.bind_storage "C" impl uram type ram_s2p
  // CHECK-NEXT: sched.interface "A" mode m_axi bundle "gmem0"
  // GENERIC: "sched.interface"() <{buffer = "A", mode = #fpga<interface_mode m_axi>, bundle = "gmem0"}>
  sched.interface "A" mode m_axi bundle "gmem0"
  // CHECK-NEXT: sched.interface "n" mode s_axilite{{$}}
  sched.interface "n" mode s_axilite
  // CHECK-NEXT: sched.quantize "A" type "fixed<16,8>"
  sched.quantize "A" type "fixed<16,8>"
  // CHECK-NEXT: sched.quantize "B" type "i12" {note = "kept"}
  sched.quantize "B" type "i12" {note = "kept"}
// CHECK-NEXT: }
}

// A function name that is a string, discardable attributes, an empty body.
// CHECK: sched.schedule "top" attributes {owner = "lead"} {
// CHECK-NEXT: sched.dataflow
// CHECK-NEXT: }
sched.schedule "top" attributes {owner = "lead"} {
  sched.dataflow
}
// CHECK: sched.schedule @empty {
// CHECK-NEXT: }
sched.schedule @empty {
}
