// Every error of the fpga dialect: stream types and ops, partition layouts
// (syntax, rank, call mismatch) and fpga.* hint attributes.
// RUN: allo-opt %s --split-input-file --verify-diagnostics

// expected-error@+1 {{!fpga.stream: depth must be >= 1, got 0}}
func.func @f(%s: !fpga.stream<f32, 0>) {
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{expected !fpga.stream type, got i32}}
  %s = fpga.stream_create : i32
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'fpga.stream_create' op expected integer >= 1, got 0}}
  %s = fpga.stream_create "s" elements 0 : !fpga.stream<i32, 4>
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{Expected integer literal as the element count}}
  %s = fpga.stream_create elements : !fpga.stream<i32, 4>
  return
}

// -----

func.func @f(%s: !fpga.stream<f32, 4>, %v: i32) {
  // expected-error@+1 {{'fpga.stream_put' op value type i32 does not match the element type f32 of !fpga.stream<f32, 4>}}
  "fpga.stream_put"(%s, %v) : (!fpga.stream<f32, 4>, i32) -> ()
  return
}

// -----

func.func @f(%s: !fpga.stream<f32, 4>) {
  // expected-error@+1 {{'fpga.stream_get' op result type i32 does not match the element type f32 of !fpga.stream<f32, 4>}}
  %v = "fpga.stream_get"(%s) : (!fpga.stream<f32, 4>) -> i32
  return
}

// -----

func.func @f(%s: !fpga.stream<f32, 4>, %i: index) {
  // expected-error@+1 {{'fpga.stream_get' op has 1 indices; its map takes 2}}
  %v = "fpga.stream_get"(%s, %i) <{element = affine_map<(d0, d1) -> (d0, d1)>}> : (!fpga.stream<f32, 4>, index) -> f32
  return
}

// -----

func.func @f(%s: !fpga.stream<f32, 4>, %v: f32, %i: index) {
  // expected-error@+1 {{'fpga.stream_put' op has both an element and a position}}
  "fpga.stream_put"(%s, %v, %i) <{element = affine_map<(d0) -> (d0)>, position = affine_map<(d0) -> (d0)>}> : (!fpga.stream<f32, 4>, f32, index) -> ()
  return
}

// -----

func.func @f(%s: !fpga.stream<f32, 4>, %i: index) {
  // expected-error@+1 {{'fpga.stream_get' op a position has one result}}
  %v = fpga.stream_get %s position [%i, %i] : !fpga.stream<f32, 4>
  return
}

// -----

// expected-error@+1 {{expected a partition kind (none, cyclic, block, complete)}}
func.func @f(%A: memref<8xf32, #fpga.partition<[cyclc 4]>>) {
  return
}

// -----

// expected-error@+1 {{#fpga.partition: cyclic factor must be >= 1 in dimension 1, got 0}}
func.func @f(%A: memref<8xf32, #fpga.partition<[cyclic 0]>>) {
  return
}

// -----

// expected-error@+1 {{#fpga.partition: expected at least one entry}}
func.func @f(%A: memref<8xf32, #fpga.partition<[]>>) {
  return
}

// -----

// expected-error@+1 {{#fpga.partition: no dimension is partitioned; drop the layout}}
func.func @f(%A: memref<8x8xf32, #fpga.partition<[none, none]>>) {
  return
}

// -----

// expected-error@+1 {{'func.func' op memref<8xf32, #fpga.partition<[cyclic 4, none]>>: the partition has 2 entries but the memref has rank 1}}
func.func @f(%A: memref<8xf32, #fpga.partition<[cyclic 4, none]>>) {
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'memref.alloc' op memref<8x8xf32, #fpga.partition<[complete]>>: the partition has 1 entry but the memref has rank 2}}
  %A = memref.alloc() : memref<8x8xf32, #fpga.partition<[complete]>>
  return
}

// -----

func.func @callee(%A: memref<8xf32, #fpga.partition<[cyclic 4]>>) {
  return
}
func.func @caller(%A: memref<8xf32, #fpga.partition<[cyclic 2]>>) {
  // expected-error@+1 {{'func.call' op operand type mismatch: expected operand type memref<8xf32, #fpga.partition<[cyclic 4]>>, but provided memref<8xf32, #fpga.partition<[cyclic 2]>> for operand number 0}}
  func.call @callee(%A) : (memref<8xf32, #fpga.partition<[cyclic 2]>>) -> ()
  return
}

// -----

func.func @callee(%A: memref<8xf32, #fpga.partition<[cyclic 4]>>) {
  return
}
func.func @caller(%A: memref<8xf32>) {
  // expected-error@+1 {{'func.call' op operand type mismatch: expected operand type memref<8xf32, #fpga.partition<[cyclic 4]>>, but provided memref<8xf32> for operand number 0}}
  func.call @callee(%A) : (memref<8xf32>) -> ()
  return
}

// -----

// expected-error@+1 {{'func.func' op unknown attribute 'fpga.foo'; known fpga attributes: fpga.bind_storage, fpga.dataflow, fpga.inline, fpga.interface, fpga.parallel, fpga.pipeline_ii, fpga.rewind, fpga.top, fpga.unroll}}
func.func @f() attributes {fpga.foo} {
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.pipeline_ii' must be >= 1, got 0}}
  affine.for %i = 0 to 8 {
  } {fpga.pipeline_ii = 0}
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.pipeline_ii' expects an i64 integer, got 2 : i32}}
  affine.for %i = 0 to 8 {
  } {fpga.pipeline_ii = 2 : i32}
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.unroll' must be >= 0, got -1}}
  affine.for %i = 0 to 8 {
  } {fpga.unroll = -1}
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.unroll' expects an i64 integer, got "full"}}
  affine.for %i = 0 to 8 {
  } {fpga.unroll = "full"}
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.rewind' expects a unit attribute, got true}}
  affine.for %i = 0 to 8 {
  } {fpga.pipeline_ii = 1, fpga.rewind = true}
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.rewind' requires 'fpga.pipeline_ii'}}
  affine.for %i = 0 to 8 {
  } {fpga.rewind}
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'affine.for' op attribute 'fpga.parallel' expects a unit attribute, got 1 : i64}}
  affine.for %i = 0 to 8 {
  } {fpga.parallel = 1}
  return
}

// -----

// expected-error@+1 {{'func.func' op attribute 'fpga.dataflow' expects a unit attribute, got "yes"}}
func.func @f() attributes {fpga.dataflow = "yes"} {
  return
}

// -----

// expected-error@+1 {{'func.func' op attribute 'fpga.inline' expects a unit attribute, got 0 : i64}}
func.func @f() attributes {fpga.inline = 0} {
  return
}
