// RUN: allo-opt %s -p 'materialize-unroll{func="sum" loop="k" factor=4}' | filecheck %s --check-prefix=REM
// RUN: allo-opt %s -p 'materialize-unroll{func="sum" loop="k" factor=5}' | filecheck %s --check-prefix=DIV
// RUN: allo-opt %s -p 'materialize-unroll{func="sum" loop="k" factor=0}' | filecheck %s --check-prefix=FULL
// RUN: allo-opt %s -p 'materialize-unroll{func="nest"}' | filecheck %s --check-prefix=ANNOT
// RUN: allo-opt %s -p 'materialize-unroll{func="tri" loop="j" factor=3}' | filecheck %s --check-prefix=VAR
// RUN: allo-opt %s -p 'loop-unroll{func="sum" loop="k" factor=4},materialize-unroll' | filecheck %s --check-prefix=REM
// RUN: allo-opt %s -p 'materialize-unroll{func="tiled" loop="ii" factor=0}' | filecheck %s --check-prefix=GUARD
// RUN: allo-opt %s -p 'materialize-unroll{func="tiled" loop="ii" factor=3}' | filecheck %s --check-prefix=GPART

// 10 iterations by 4: an unrolled loop over 0..8 step 4, then a remainder
// loop over 8..10; the accumulator threads through the copies and into the
// remainder.
// REM-LABEL: func.func @sum
// REM:       %zero = arith.constant 0 : i32
// REM-NEXT:  %[[MAIN:.*]] = affine.for %k = 0 to 8 step 4 iter_args(%acc = %zero) -> (i32) {
// REM-NEXT:    %a = affine.load %A[%k] : memref<10xi32>
// REM-NEXT:    %s = arith.addi %acc, %a : i32
// REM-NEXT:    %a_1 = affine.load %A[%k + 1] : memref<10xi32>
// REM-NEXT:    %s_1 = arith.addi %s, %a_1 : i32
// REM-NEXT:    %a_2 = affine.load %A[%k + 2] : memref<10xi32>
// REM-NEXT:    %s_2 = arith.addi %s_1, %a_2 : i32
// REM-NEXT:    %a_3 = affine.load %A[%k + 3] : memref<10xi32>
// REM-NEXT:    %s_3 = arith.addi %s_2, %a_3 : i32
// REM-NEXT:    affine.yield %s_3 : i32
// REM-NEXT:  } {loop_name = "k", op_name = "S_k_0"}
// REM-NEXT:  %r = affine.for %[[K:.*]] = 8 to 10 iter_args(%[[ACC:.*]] = %[[MAIN]]) -> (i32) {
// REM-NEXT:    %[[A:.*]] = affine.load %A[%[[K]]] : memref<10xi32>
// REM-NEXT:    %[[S:.*]] = arith.addi %[[ACC]], %[[A]] : i32
// REM-NEXT:    affine.yield %[[S]] : i32
// REM-NEXT:  } {loop_name = "k.rem", op_name = "S_k_0.rem"}
// REM-NEXT:  func.return %r : i32

// 5 divides 10: no remainder loop.
// DIV-LABEL: func.func @sum
// DIV:       %r = affine.for %k = 0 to 10 step 5 iter_args(%acc = %zero) -> (i32) {
// DIV-COUNT-5: affine.load
// DIV:       } {loop_name = "k", op_name = "S_k_0"}
// DIV-NEXT:  func.return %r : i32

// Full unroll: no loop is left; indices are folded into the subscripts.
// FULL-LABEL: func.func @sum
// FULL-NOT:   affine.for
// FULL:       %a = affine.load %A[0] : memref<10xi32>
// FULL-NEXT:  %s = arith.addi %zero, %a : i32
// FULL-NEXT:  %a_1 = affine.load %A[1] : memref<10xi32>
// FULL-NEXT:  %s_1 = arith.addi %s, %a_1 : i32
// FULL:       %a_9 = affine.load %A[9] : memref<10xi32>
// FULL-NEXT:  %s_9 = arith.addi %s_8, %a_9 : i32
// FULL-NEXT:  func.return %s_9 : i32
func.func @sum(%A: memref<10xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  %r = affine.for %k = 0 to 10 iter_args(%acc = %zero) -> (i32) {
    %a = affine.load %A[%k] : memref<10xi32>
    %s = arith.addi %acc, %a : i32
    affine.yield %s : i32
  }
  return %r : i32
}

// Without a loop option, every annotated loop is unrolled, inner ones first:
// the outer full unroll copies the inner loop, already unrolled by 2. Each
// copy of the inner loop starts a band of its own and gets its own names.
// ANNOT-LABEL: func.func @nest
// ANNOT:       affine.for %j = 0 to 4 step 2 {
// ANNOT-NEXT:    %v = affine.load %A[0, %j] : memref<4x4xf32>
// ANNOT-NEXT:    affine.store %v, %A[%j, 0] : memref<4x4xf32>
// ANNOT-NEXT:    %v_1 = affine.load %A[0, %j + 1] : memref<4x4xf32>
// ANNOT-NEXT:    affine.store %v_1, %A[%j + 1, 0] : memref<4x4xf32>
// ANNOT-NEXT:  } {loop_name = "j", op_name = "S_i_0"}
// ANNOT-NEXT:  affine.for %[[J1:.*]] = 0 to 4 step 2 {
// ANNOT-NEXT:    %{{.*}} = affine.load %A[1, %[[J1]]] : memref<4x4xf32>
// ANNOT:       } {loop_name = "j.u1", op_name = "S_i_0.u1"}
// ANNOT-NEXT:  affine.for %[[J2:.*]] = 0 to 4 step 2 {
// ANNOT-NEXT:    %{{.*}} = affine.load %A[2, %[[J2]]] : memref<4x4xf32>
// ANNOT:       } {loop_name = "j.u2", op_name = "S_i_0.u2"}
// ANNOT-NEXT:  func.return
// ANNOT-NOT:   fpga.unroll
func.func @nest(%A: memref<4x4xf32>) {
  affine.for %i = 0 to 3 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xf32>
      affine.store %v, %A[%j, %i] : memref<4x4xf32>
    } {fpga.unroll = 2 : i64}
  } {fpga.unroll = 0 : i64}
  return
}

// A trip count that depends on %i: the unrolled loop stops at the last
// multiple of 3 iterations, the remainder starts there (but never before
// the lower bound: its lower bound is a max).
// VAR-LABEL: func.func @tri
// VAR:       affine.for %j = affine_map<(d0) -> (d0)>(%i) to affine_map<(d0) -> ({{.*}})>(%i) step 3 {
// VAR-NEXT:    affine.store %c, %A[%i, %j] : memref<10x10xf32>
// VAR-NEXT:    affine.store %c, %A[%i, %j + 1] : memref<10x10xf32>
// VAR-NEXT:    affine.store %c, %A[%i, %j + 2] : memref<10x10xf32>
// VAR-NEXT:  } {loop_name = "j"}
// VAR-NEXT:  affine.for %[[R:.*]] = max affine_map<(d0) -> (d0, {{.*}})>(%i) to 10 {
// VAR-NEXT:    affine.store %c, %A[%i, %[[R]]] : memref<10x10xf32>
// VAR-NEXT:  } {loop_name = "j.rem"}
func.func @tri(%A: memref<10x10xf32>) {
  %c = arith.constant 1.0 : f32
  affine.for %i = 0 to 10 {
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to 10 {
      affine.store %c, %A[%i, %j] : memref<10x10xf32>
    }
  }
  return
}

// A tile loop runs at most 4 times (min(4, 10 - io)): fully unrolled, each
// copy runs under the condition that its iteration exists (io + k < 10; the
// bound 4 holds for every copy), and the accumulator passes through the
// affine.if results.
// GUARD-LABEL: func.func @tiled
// GUARD:       %r = affine.for %io = 0 to 10 step 4 iter_args(%acc = %zero) -> (i32) {
// GUARD-NEXT:    %[[N0:.*]] = affine.if affine_set<(d0) : (((d0 * -1) + 9) >= 0)>(%io) -> i32 {
// GUARD-NEXT:      %a = affine.load %A[%io] : memref<10xi32>
// GUARD-NEXT:      %[[S0:.*]] = arith.addi %acc, %a : i32
// GUARD-NEXT:      affine.yield %[[S0]] : i32
// GUARD-NEXT:    } else {
// GUARD-NEXT:      affine.yield %acc : i32
// GUARD-NEXT:    }
// GUARD-NEXT:    %[[N1:.*]] = affine.if affine_set<(d0) : (((d0 * -1) + 8) >= 0)>(%io) -> i32 {
// GUARD-NEXT:      %[[A1:.*]] = affine.load %A[%io + 1] : memref<10xi32>
// GUARD-NEXT:      %[[S1:.*]] = arith.addi %[[N0]], %[[A1]] : i32
// GUARD:         affine.if affine_set<(d0) : (((d0 * -1) + 7) >= 0)>(%io) -> i32 {
// GUARD:         %[[N3:.*]] = affine.if affine_set<(d0) : (((d0 * -1) + 6) >= 0)>(%io) -> i32 {
// GUARD-NEXT:      affine.load %A[%io + 3] : memref<10xi32>
// GUARD:         affine.yield %[[N3]] : i32
// GUARD-NEXT:  } {loop_name = "io", op_name = "S_io_0"}

// By 3, the loop steps by 3 and the copies for ii + 1 and ii + 2 check both
// upper bounds.
// GPART-LABEL: func.func @tiled
// GPART:       affine.for %ii = 0 to min affine_map<(d0) -> (4, ((d0 * -1) + 10))>(%io) step 3 iter_args(%in = %acc) -> (i32) {
// GPART-NEXT:    %a = affine.load %A[%io + %ii] : memref<10xi32>
// GPART-NEXT:    %n = arith.addi %in, %a : i32
// GPART-NEXT:    %[[N1:.*]] = affine.if affine_set<(d0, d1) : (((d0 * -1) + 2) >= 0, (((d0 * -1) + (d1 * -1)) + 8) >= 0)>(%ii, %io) -> i32 {
// GPART-NEXT:      affine.load %A[%io + %ii + 1] : memref<10xi32>
// GPART:         } else {
// GPART-NEXT:      affine.yield %n : i32
// GPART-NEXT:    }
// GPART-NEXT:    %[[N2:.*]] = affine.if affine_set<(d0, d1) : (((d0 * -1) + 1) >= 0, (((d0 * -1) + (d1 * -1)) + 7) >= 0)>(%ii, %io) -> i32 {
// GPART-NEXT:      affine.load %A[%io + %ii + 2] : memref<10xi32>
// GPART:         affine.yield %[[N2]] : i32
// GPART-NEXT:  } {loop_name = "ii"}
func.func @tiled(%A: memref<10xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  %r = affine.for %io = 0 to 10 step 4 iter_args(%acc = %zero) -> (i32) {
    %s = affine.for %ii = 0 to min affine_map<(d0) -> (4, 10 - d0)>(%io) iter_args(%in = %acc) -> (i32) {
      %a = affine.load %A[%io + %ii] : memref<10xi32>
      %n = arith.addi %in, %a : i32
      affine.yield %n : i32
    }
    affine.yield %s : i32
  }
  return %r : i32
}
