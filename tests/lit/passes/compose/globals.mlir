// A memref.global and its memref.get_globals are aliases: partitioning one
// get_global partitions the global and every other get_global of it (the
// schedule), and compose completes a module where only some get_globals
// state a layout (xDSL does not check get_global types, mlir-opt does).
// The globals are written in generic form; allo-opt prints MLIR's syntax.

// RUN: allo-opt %s -p apply-schedules | filecheck %s
// RUN: allo-opt %s -p compose | filecheck %s --check-prefix=COMPOSE

// CHECK:       memref.global "private" @lut : memref<8xi32, #fpga.partition<[cyclic 4]>> = dense<[1, 2, 3, 4, 5, 6, 7, 8]>
// CHECK:       memref.global "private" @coef : memref<8xi32> = dense<3>
// CHECK-LABEL: func.func @use_lut(
// CHECK:         %lut = memref.get_global @lut : memref<8xi32, #fpga.partition<[cyclic 4]>>
// CHECK:         affine.load %lut[%i] : memref<8xi32, #fpga.partition<[cyclic 4]>>
// CHECK-LABEL: func.func @use_lut_again(
// CHECK:         %table = memref.get_global @lut : memref<8xi32, #fpga.partition<[cyclic 4]>>
// CHECK:         affine.load %table[%i] : memref<8xi32, #fpga.partition<[cyclic 4]>>
// CHECK-NOT:   sched.

// COMPOSE:       memref.global "private" @lut : memref<8xi32> = dense<[1, 2, 3, 4, 5, 6, 7, 8]>
// COMPOSE:       memref.global "private" @coef : memref<8xi32, #fpga.partition<[block 2]>> = dense<3>
// COMPOSE-LABEL: func.func @use_lut(
// COMPOSE:         %lut = memref.get_global @lut : memref<8xi32>
// COMPOSE:         %c = memref.get_global @coef : memref<8xi32, #fpga.partition<[block 2]>>
// COMPOSE:         affine.load %c[%i] : memref<8xi32, #fpga.partition<[block 2]>>
// COMPOSE-LABEL: func.func @use_lut_again(
// COMPOSE:         %table = memref.get_global @lut : memref<8xi32>
// COMPOSE:         %c = memref.get_global @coef : memref<8xi32, #fpga.partition<[block 2]>>

"memref.global"() <{sym_name = "lut", type = memref<8xi32>, initial_value = dense<[1, 2, 3, 4, 5, 6, 7, 8]> : tensor<8xi32>, sym_visibility = "private"}> : () -> ()
"memref.global"() <{sym_name = "coef", type = memref<8xi32>, initial_value = dense<3> : tensor<8xi32>, sym_visibility = "private"}> : () -> ()

func.func @use_lut(%v: memref<8xi32>) {
  %lut = memref.get_global @lut : memref<8xi32>
  %c = memref.get_global @coef : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = affine.load %lut[%i] : memref<8xi32>
    %k = affine.load %c[%i] : memref<8xi32>
    %s = arith.addi %a, %b : i32
    %p = arith.muli %s, %k : i32
    affine.store %p, %v[%i] : memref<8xi32>
  }
  func.return
}

func.func @use_lut_again(%v: memref<8xi32>) {
  %table = memref.get_global @lut : memref<8xi32>
  %c = memref.get_global @coef : memref<8xi32, #fpga.partition<[block 2]>>
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = affine.load %table[%i] : memref<8xi32>
    %k = affine.load %c[%i] : memref<8xi32, #fpga.partition<[block 2]>>
    %s = arith.muli %a, %b : i32
    %p = arith.addi %s, %k : i32
    affine.store %p, %v[%i] : memref<8xi32>
  }
  func.return
}

sched.schedule @use_lut {
  sched.partition "lut" kind cyclic dim 1 factor 4
}
