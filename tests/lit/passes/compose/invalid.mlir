// Conflicts: two different partitions of one dimension in one alias class.
// The error names both origins (function, buffer, and the schedule step or
// the input line) and how the buffers alias.

// Schedules apply callee-first: top's step is written first in the YAML, yet
// linear's step is the first origin.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/conflict_calls.yaml 2>&1 | filecheck %s --check-prefix=CALLS
// CALLS: conflict_calls.yaml:4:7: error: step 'partition' of the schedule of 'top': conflicting partitions of dimension 2: block 2 from 'out' of 'linear' (set by step 'partition' at {{.*}}conflict_calls.yaml:6:7) and cyclic 2 from 't1' of 'top' (set by step 'partition' at {{.*}}conflict_calls.yaml:4:7); the buffers alias across calls: 'out' of 'linear' -> 't1' of 'top'{{$}}

// Two callers of one function.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/conflict_callers.yaml 2>&1 | filecheck %s --check-prefix=CALLERS
// CALLERS: conflict_callers.yaml:5:7: error: step 'partition' of the schedule of 'second': conflicting partitions of dimension 1: cyclic 2 from 'a' of 'first' (set by step 'partition' at {{.*}}conflict_callers.yaml:3:7) and block 2 from 'b' of 'second' (set by step 'partition' at {{.*}}conflict_callers.yaml:5:7); the buffers alias across calls: 'a' of 'first' -> 'v' of 'scale' -> 'b' of 'second'{{$}}

// A returned buffer.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/conflict_returned.yaml 2>&1 | filecheck %s --check-prefix=RETURNED
// RETURNED: conflict_returned.yaml:5:7: error: step 'partition' of the schedule of 'consume': conflicting partitions of dimension 1: cyclic 2 from 'r' of 'produce' (set by step 'partition' at {{.*}}conflict_returned.yaml:3:7) and block 4 from 'c' of 'consume' (set by step 'partition' at {{.*}}conflict_returned.yaml:5:7); the buffers alias across calls: 'r' of 'produce' -> 't' of 'chain' -> 'c' of 'consume'{{$}}

// A global.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/conflict_globals.yaml 2>&1 | filecheck %s --check-prefix=GLOBALS
// GLOBALS: conflict_globals.yaml:5:7: error: step 'partition' of the schedule of 'use_lut_again': conflicting partitions of dimension 1: cyclic 2 from 'lut' of 'use_lut' (set by step 'partition' at {{.*}}conflict_globals.yaml:3:7) and complete from 'table' of 'use_lut_again' (set by step 'partition' at {{.*}}conflict_globals.yaml:5:7); the buffers alias across calls: 'lut' of 'use_lut' -> global '@lut' -> 'table' of 'use_lut_again'{{$}}

// An instance: the copy for call site 1 aliases add's y through t2.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/conflict_instance.yaml 2>&1 | filecheck %s --check-prefix=INSTANCE
// INSTANCE: conflict_instance.yaml:6:7: error: step 'partition' of the schedule of 'add': conflicting partitions of dimension 1: block 2 from 'out' of 'linear_1' (set by step 'partition' at {{.*}}conflict_instance.yaml:4:7) and block 4 from 'y' of 'add' (set by step 'partition' at {{.*}}conflict_instance.yaml:6:7); the buffers alias across calls: 'out' of 'linear_1' -> 't2' of 'top' -> 'y' of 'add'{{$}}

// Passes run from the command line are the origins when no schedule is.
// RUN: not allo-opt %S/Inputs/kernels.mlir -p 'array-partition{func="linear" buffer="out" kind="block" dim=2 factor=2},array-partition{func="add" buffer="y" kind="cyclic" dim=2 factor=4}' 2>&1 | filecheck %s --check-prefix=PASSES
// PASSES: kernels.mlir:21:1: error: conflicting partitions of dimension 2: block 2 from 'out' of 'linear' (set by pass 'array-partition') and cyclic 4 from 'y' of 'add' (set by pass 'array-partition'); the buffers alias across calls: 'out' of 'linear' -> 't2' of 'top' -> 'y' of 'add'{{$}}

// One buffer partitioned twice on one dimension by its own schedule.
// RUN: not allo-opt %S/Inputs/kernels.mlir --pipeline %S/Inputs/twice.yaml 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: twice.yaml:6:7: error: step 'partition' of the schedule of 'top': cannot partition 't1': dimension 1 is already partitioned (cyclic 2); {{.*}}; it was set by step 'partition' at {{.*}}twice.yaml:5:7

// Layouts of the input: compose finds the two get_globals of @w disagree.
// RUN: not allo-opt %s -p compose 2>&1 | filecheck %s --check-prefix=INPUT
// INPUT: invalid.mlir:[[# @LINE + 12]]:3: error: conflicting partitions of dimension 1: cyclic 2 from 'x' of 'f' (declared in the input at {{.*}}invalid.mlir:[[# @LINE + 8]]:3) and block 2 from 'y' of 'g' (declared in the input at {{.*}}invalid.mlir:[[# @LINE + 12]]:3); the buffers alias across calls: 'x' of 'f' -> global '@w' -> 'y' of 'g'{{$}}

// A partition of the input, then a different one by a step.
// RUN: not allo-opt %s -p 'array-partition{func="leaf" buffer="A" kind="block" dim=1 factor=2}' 2>&1 | filecheck %s --check-prefix=DECLARED
// DECLARED: invalid.mlir:[[# @LINE + 12]]:1: error: cannot partition 'A': dimension 1 is already partitioned (cyclic 2); {{.*}}; it was declared in the input at {{.*}}invalid.mlir:[[# @LINE + 12]]:1

"memref.global"() <{sym_name = "w", type = memref<8xf32>, initial_value, sym_visibility = "private"}> : () -> ()
func.func @f() {
  %x = memref.get_global @w : memref<8xf32, #fpga.partition<[cyclic 2]>>
  func.return
}
func.func @g() {
  %y = memref.get_global @w : memref<8xf32, #fpga.partition<[block 2]>>
  func.return
}

func.func @leaf(%A: memref<8xf32, #fpga.partition<[cyclic 2]>>) {
  func.return
}
func.func @caller(%B: memref<8xf32, #fpga.partition<[cyclic 2]>>) {
  func.call @leaf(%B) : (memref<8xf32, #fpga.partition<[cyclic 2]>>) -> ()
  func.return
}
