// RUN: not allo-opt %s -p 'buffer-to-stream{func="f" buffer="F" depth=-1}' 2>&1 | filecheck %s --check-prefix=DEPTH
// DEPTH: invalid_options.mlir:35:3: error: cannot stream 'F': depth must be >= 1 (or 0 for the element count), got -1

// RUN: not allo-opt %s -p 'buffer-to-stream{func="f" buffer="F" consumers=g,g}' 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: error: cannot stream 'F': consumer 'g' is named twice

// RUN: not allo-opt %s -p 'buffer-to-stream{func="f" buffer="F" consumers=g,S_i_1}' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: invalid_options.mlir:40:3: error: cannot stream 'F': unknown consumer 'S_i_1'; existing consumers: band, g (consumers are named by callee or band)

// RUN: not allo-opt %s -p 'buffer-to-stream{func="f" buffer="F" consumers=g}' 2>&1 | filecheck %s --check-prefix=UNNAMED
// UNNAMED: invalid_options.mlir:41:3: error: cannot stream 'F': band 'band' (at {{.*}}invalid_options.mlir:41:3) also reads it; name it in 'consumers' too

// RUN: not allo-opt %S/Inputs/same_consumer.mlir -p 'buffer-to-stream{func="same" buffer="F" consumers=g}' 2>&1 | filecheck %s --check-prefix=SAME
// SAME: same_consumer.mlir:17:3: error: cannot stream 'F': two consumers are named 'g' ('@g' (called at {{.*}}same_consumer.mlir:16:3) and '@g' (called at {{.*}}same_consumer.mlir:17:3)); a fork needs consumers with different names

// A stream is never also array-partitioned, whatever the order.
// RUN: not allo-opt %s -p 'buffer-to-stream{func="f" buffer="F" consumers=g,band},array-partition{func="f" buffer="F" kind="complete"}' 2>&1 | filecheck %s --check-prefix=PART-AFTER
// PART-AFTER: invalid_options.mlir:35:3: error: cannot partition 'F': it is a stream (!fpga.stream<f32, 8>, made by 'to'), not an array
// RUN: not allo-opt %s -p 'array-partition{func="f" buffer="F" kind="cyclic" factor=2},buffer-to-stream{func="f" buffer="F" consumers=g,band}' 2>&1 | filecheck %s --check-prefix=PART-BEFORE
// PART-BEFORE: invalid_options.mlir:35:3: error: cannot stream 'F': it is array-partitioned (memref<8xf32, #fpga.partition<[cyclic 2]>>); a stream is never also partitioned: drop one of 'partition' and 'to'

// In a pipeline, the error points at the step and names where it arose.
// RUN: not allo-opt %s --pipeline %S/Inputs/unnamed_fork.yaml 2>&1 | filecheck %s --check-prefix=YAML
// YAML: unnamed_fork.yaml:3:7: error: step 'to' of the schedule of 'f': cannot stream 'F': it has two consumers, '@g' (called at {{.*}}invalid_options.mlir:[[# @LINE + 16]]:3) and band 'band' (at {{.*}}invalid_options.mlir:[[# @LINE + 17]]:3); a stream has one consumer: to fork it, name them all in 'consumers' (one stream each)

func.func @g(%F: memref<8xf32>, %D: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %f = affine.load %F[%i] : memref<8xf32>
    affine.store %f, %D[%i] : memref<8xf32>
  }
  return
}

func.func @f(%A: memref<8xf32>, %D: memref<8xf32>, %E: memref<8xf32>) {
  %F = memref.alloc() {name = "F"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    affine.store %a, %F[%i] : memref<8xf32>
  }
  func.call @g(%F, %D) : (memref<8xf32>, memref<8xf32>) -> ()
  affine.for %i = 0 to 8 {
    %f = affine.load %F[%i] : memref<8xf32>
    affine.store %f, %E[%i] : memref<8xf32>
  } {op_name = "band"}
  return
}
