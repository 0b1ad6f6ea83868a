// RUN: allo-opt %s --split-input-file --verify-diagnostics -t circt

// Without the circt pipeline, what upstream tools cannot read is an error
// that names the pass that removes it.
func.func @hint(%A: memref<4xi32>) {
  // expected-error@+1 {{attribute 'fpga.pipeline_ii' on 'affine.for' reaches the circt export (run the 'hints-to-attributes' pass; the circt pipeline does)}}
  affine.for %i = 0 to 4 {
  } {fpga.pipeline_ii = 1 : i64}
  return
}

// -----

// expected-error@+1 {{partition layout #fpga.partition<[cyclic 2]> in 'func.func' reaches the circt export (run the 'strip-layouts' pass; the circt pipeline does)}}
func.func @layout(%A: memref<4xi32, #fpga.partition<[cyclic 2]>>) {
  return
}

// -----

// expected-error@+1 {{fixed-point type !allo.fixed<16, 8> in 'func.func' reaches the circt export: fixed point must first be lowered to integers (run the 'lower-fixed-point' pass; the circt pipeline does)}}
func.func @fixed(%A: memref<4x!allo.fixed<16, 8>>) {
  return
}

// -----

func.func @stream() {
  // expected-error@+1 {{'fpga.stream_create' reaches the circt export: streams must first become buffers (run the 'lower-streams' pass; the circt pipeline does)}}
  %s = fpga.stream_create : !fpga.stream<i32, 2>
  return
}

// -----

// expected-error@+1 {{'sched.schedule' is left in the circt export: schedules must be applied first (run the 'apply-schedules' pass; the circt pipeline does)}}
sched.schedule @f {
  sched.pipeline "i" ii 1
}

// -----

// expected-error@+1 {{attribute 'fpga.bind_storage' on 'func.func' reaches the circt export (run the 'hints-to-attributes' pass; the circt pipeline does)}}
func.func @storage(%A: memref<4xi32> {fpga.bind_storage = {impl = "bram", type = "ram_2p"}}) {
  return
}
