// Every error of the sched dialect: syntax errors and verifier errors.
// RUN: allo-opt %s --split-input-file --verify-diagnostics

sched.schedule @f {
  // expected-error@+1 {{unknown argument 'fator' of 'sched.split'; expected: factor}}
  sched.split "i" fator 8
}

// -----

sched.schedule @f {
  // expected-error@+1 {{argument 'factor' given twice}}
  sched.split "i" factor 8 factor 4
}

// -----

sched.schedule @f {
  // expected-error@+1 {{missing argument 'factor' of 'sched.split' (an integer)}}
  sched.split "i"
}

// -----

sched.schedule @f {
  // expected-error@+1 {{string literal expected for argument 'loop'}}
  sched.split factor 8
}

// -----

sched.schedule @f {
  // expected-error@+1 {{Expected integer literal for argument 'factor'}}
  sched.split "i" factor "8"
}

// -----

sched.schedule @f {
  // expected-error@+1 {{integer 99999999999999999999 does not fit in 64 bits}}
  sched.split "i" factor 99999999999999999999
}

// -----

sched.schedule @f {
  // expected-error@+1 {{argument 'kind' expects one of cyclic, block, complete}}
  sched.partition "A" kind cyclc factor 2
}

// -----

sched.schedule @f {
  // expected-error@+1 {{argument 'type' expects one of ram_1p, ram_2p, ram_t2p, ram_s2p}}
  sched.bind_storage "A" impl bram type ram_9p
}

// -----

sched.schedule @f {
  // `none` describes a dimension of a layout; a schedule cannot request it
  // expected-error@+1 {{argument 'kind' expects one of cyclic, block, complete}}
  sched.partition "A" kind none
}

// -----

sched.schedule @f {
  // expected-error@+1 {{argument 'mode' expects one of m_axi, s_axilite}}
  sched.interface "A" mode axis
}

// -----

sched.schedule @f {
  // expected-error@+1 {{argument 'impl' expects one of bram, uram, lutram}}
  sched.bind_storage "A" impl "bram" type ram_1p
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.split' op argument 'factor' must be >= 1, got 0}}
  sched.split "i" factor 0
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.split' op argument 'loop' must not be empty}}
  sched.split "" factor 2
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.tile' op argument 'factors' must list one integer per loop (1), got 2}}
  sched.tile ["i"] factors [4, 4]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.tile' op argument 'factors' must list one integer per loop (2), got 1}}
  sched.tile ["i", "j"] factors [4]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.tile' op argument 'factors' item 2 must be >= 1, got 0}}
  sched.tile ["i", "j"] factors [4, 0]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.reorder' op argument 'loops' must not name 'i' twice}}
  sched.reorder ["i", "j", "i"]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.reorder' op argument 'loops' must list at least 2 names, got 1}}
  sched.reorder ["i"]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.fuse' op argument 'loops' item 2 must not be empty}}
  sched.fuse ["i", ""]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.unroll' op argument 'factor' must be >= 0, got -1}}
  sched.unroll "i" factor -1
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.pipeline' op argument 'ii' must be >= 1, got 0}}
  sched.pipeline "i" ii 0
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.partition' op argument 'factor' must be >= 1 for a cyclic partition, got 0}}
  sched.partition "A" kind cyclic
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.partition' op argument 'factor' must be absent for a complete partition, got 4}}
  sched.partition "A" kind complete factor 4
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.partition' op argument 'dim' must be >= 0, got -1}}
  sched.partition "A" kind block dim -1 factor 2
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.partition' op argument 'kind' must be one of cyclic, block, complete, got 'none'}}
  "sched.partition"() <{buffer = "A", kind = #fpga<partition_kind none>, factor = 2 : i64}> : () -> ()
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.partition' op argument 'kind' must be one of cyclic, block, complete, got "cyclic"}}
  "sched.partition"() <{buffer = "A", kind = "cyclic", factor = 2 : i64}> : () -> ()
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.bind_storage' op argument 'impl' must be one of bram, uram, lutram, got #fpga<storage_type ram_1p>}}
  "sched.bind_storage"() <{buffer = "A", impl = #fpga<storage_type ram_1p>, type = #fpga<storage_type ram_1p>}> : () -> ()
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.reshape' op argument 'shape' must not be empty}}
  sched.reshape "A" shape []
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.reshape' op argument 'shape' item 2 must be >= 1, got 0}}
  sched.reshape "A" shape [4, 0]
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.to' op argument 'depth' must be >= 1, got 0}}
  sched.to "A" depth 0
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.quantize' op argument 'type' is not a valid type: fractional bits 9 exceed width 8 in 'fixed<8, 9>'}}
  sched.quantize "A" type "fixed<8, 9>"
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.quantize' op argument 'type' is not a valid type: expected fixed<W,F>, ufixed<W,F>, iN, uiN, f16, bf16, f32, f64 or index, got 'float'}}
  sched.quantize "A" type "float"
}

// -----

sched.schedule @f {
  // expected-error@+1 {{'sched.split' op argument 'factor' Expected attribute i64 but got i32}}
  "sched.split"() <{loop = "i", factor = 2 : i32}> : () -> ()
}

// -----

// expected-error@+1 {{'sched.schedule' op expected only sched primitives in the body, got 'arith.constant'}}
sched.schedule @f {
  %c = arith.constant 0 : index
}

// -----

func.func @f() {
  // expected-error@+1 {{'sched.inline' expects parent op 'sched.schedule'}}
  sched.inline
  func.return
}

// -----

// expected-error@+1 {{'sched.schedule' op expected a function name, got @f::@g}}
"sched.schedule"() <{func = @f::@g}> ({
^bb0:
}) : () -> ()

// -----

// expected-error@+1 {{'sched.schedule' op the function name must not be empty}}
sched.schedule "" {
}
