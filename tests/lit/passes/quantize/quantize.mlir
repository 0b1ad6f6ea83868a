// RUN: allo-opt %s -p 'quantize{func="gemm" buffer="C" type="fixed<16,8>"}' | filecheck %s --check-prefix=GEMM
// RUN: allo-opt %s -p 'quantize{func="gemm" buffer="A" type="fixed<8,4>"},quantize{func="gemm" buffer="B" type="fixed<8,4>"},quantize{func="gemm" buffer="C" type="fixed<16,8>"}' | filecheck %s --check-prefix=ALL
// RUN: allo-opt %s -p 'quantize{func="gemm" buffer="A" type="ufixed<8,8>"}' | filecheck %s --check-prefix=LOAD
// RUN: allo-opt %s -p 'quantize{func="ints" buffer="t" type="ui8"}' | filecheck %s --check-prefix=INT
// RUN: allo-opt %s -p 'quantize{func="ints" buffer="R" type="i12"}' | filecheck %s --check-prefix=RET
// RUN: allo-opt %s -p 'quantize{func="scalar" buffer="x" type="fixed<8,4>"}' | filecheck %s --check-prefix=SCALAR
// RUN: allo-opt %s -p 'quantize{func="gemm" buffer="C" type="f64"}' | filecheck %s --check-prefix=F64
// RUN: allo-opt %s -p 'quantize{func="gemm" buffer="C" type="f32"}' | filecheck %s --check-prefix=SAME
// RUN: allo-opt %s -p apply-schedules | filecheck %s --check-prefix=SCHED

// The multiply-accumulate feeds only C: it runs in C's new type, its
// float operands cast to it; C's own load needs no cast.
// GEMM-LABEL: func.func @gemm(%A: memref<4x4xf32>, %B: memref<4x4xf32>, %C: memref<4x4x!allo.fixed<16, 8>>) {
// GEMM:         %a = affine.load %A[%i, %k] : memref<4x4xf32>
// GEMM-NEXT:    %0 = allo.cast %a : f32 to !allo.fixed<16, 8>
// GEMM-NEXT:    %b = affine.load %B[%k, %j] : memref<4x4xf32>
// GEMM-NEXT:    %1 = allo.cast %b : f32 to !allo.fixed<16, 8>
// GEMM-NEXT:    %c = affine.load %C[%i, %j] : memref<4x4x!allo.fixed<16, 8>>
// GEMM-NEXT:    %p = allo.mul %0, %1 : !allo.fixed<16, 8>
// GEMM-NEXT:    %s = allo.add %c, %p : !allo.fixed<16, 8>
// GEMM-NEXT:    affine.store %s, %C[%i, %j] : memref<4x4x!allo.fixed<16, 8>>

// Quantized inputs enter the fixed-point multiply as they are (it computes
// in full precision): no cast is left.
// ALL-LABEL: func.func @gemm(%A: memref<4x4x!allo.fixed<8, 4>>, %B: memref<4x4x!allo.fixed<8, 4>>, %C: memref<4x4x!allo.fixed<16, 8>>) {
// ALL-NOT:     allo.cast
// ALL:         %p = allo.mul %a, %b : (!allo.fixed<8, 4>, !allo.fixed<8, 4>) -> !allo.fixed<16, 8>
// ALL-NEXT:    %s = allo.add %c, %p : !allo.fixed<16, 8>
// ALL-LABEL: func.func @ints(

// A buffer that is only read: its loads are cast back, the algorithm is
// unchanged.
// LOAD-LABEL: func.func @gemm(%A: memref<4x4x!allo.ufixed<8, 8>>,
// LOAD:         %a = affine.load %A[%i, %k] : memref<4x4x!allo.ufixed<8, 8>>
// LOAD-NEXT:    %a_1 = allo.cast %a : !allo.ufixed<8, 8> to f32
// LOAD:         %p = arith.mulf %a_1, %b : f32

func.func @gemm(%A: memref<4x4xf32>, %B: memref<4x4xf32>, %C: memref<4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<4x4xf32>
        %b = affine.load %B[%k, %j] : memref<4x4xf32>
        %c = affine.load %C[%i, %j] : memref<4x4xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x4xf32>
      }
    }
  }
  return
}

// F64-LABEL: func.func @gemm(
// F64:         %0 = allo.cast %a : f32 to f64
// F64:         %1 = allo.cast %b : f32 to f64
// F64:         %p = arith.mulf %0, %1 : f64
// F64-NEXT:    %s = arith.addf %c, %p : f64

// SAME-LABEL: func.func @gemm(%A: memref<4x4xf32>, %B: memref<4x4xf32>, %C: memref<4x4xf32>) {
// SAME-NOT:     allo.cast

// An unsigned buffer: the retyped arithmetic is signless (arith takes no
// other), the store casts to the unsigned type. %d also feeds the loop
// bound's computation, so it keeps its type and is cast at the store.
// INT-LABEL: func.func @ints(
// INT-NEXT:    %0 = allo.cast %k : i32 to i8
// INT-NEXT:    %t = memref.alloc() : memref<8xui8>
// INT:         %v = memref.load %S[%i] : memref<8xi32>
// INT-NEXT:    %1 = allo.cast %v : i32 to i8
// INT-NEXT:    %w = arith.muli %1, %0 : i8
// INT-NEXT:    %2 = allo.cast %w : i8 to ui8
// INT-NEXT:    memref.store %2, %t[%i] : memref<8xui8>
// INT:         %3 = allo.cast %d : i32 to ui8
// INT-NEXT:    memref.store %3, %t[%c0] : memref<8xui8>
// INT:         %u = memref.load %t[%j] : memref<8xui8>
// INT-NEXT:    %u_1 = allo.cast %u : ui8 to i32
// INT-NEXT:    memref.store %u_1, %R[%j] : memref<8xi32>

// A returned buffer: the function type changes with it.
// RET-LABEL: func.func @ints(%S: memref<8xi32>, %k: i32) -> memref<8xi12> {
// RET:         %R = memref.alloc() : memref<8xi12>
// RET:         %0 = allo.cast %u : i32 to i12
// RET-NEXT:    memref.store %0, %R[%j] : memref<8xi12>
// RET:         func.return %R : memref<8xi12>

func.func @ints(%S: memref<8xi32>, %k: i32) -> memref<8xi32> {
  %t = memref.alloc() : memref<8xi32>
  %R = memref.alloc() : memref<8xi32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %S[%i] : memref<8xi32>
    %w = arith.muli %v, %k : i32
    memref.store %w, %t[%i] : memref<8xi32>
  }
  %d = arith.addi %k, %k : i32
  %di = arith.index_cast %d : i32 to index
  memref.store %d, %t[%c0] : memref<8xi32>
  scf.for %j = %c0 to %di step %c1 {
    %u = memref.load %t[%j] : memref<8xi32>
    memref.store %u, %R[%j] : memref<8xi32>
  }
  memref.dealloc %t : memref<8xi32>
  return %R : memref<8xi32>
}

// A scalar argument: its uses see it cast back.
// SCALAR-LABEL: func.func @scalar(%x: !allo.fixed<8, 4>, %y: f32) -> f32 {
// SCALAR-NEXT:    %x_1 = allo.cast %x : !allo.fixed<8, 4> to f32
// SCALAR-NEXT:    %s = arith.addf %x_1, %y : f32
func.func @scalar(%x: f32, %y: f32) -> f32 {
  %s = arith.addf %x, %y : f32
  return %s : f32
}

// The primitive as a schedule step.
// SCHED-LABEL: func.func @sched(%A: memref<4xi33>) {
// SCHED:         %0 = allo.cast %x : i64 to i33
// SCHED-NEXT:    %y = arith.addi %0, %0 : i33
// SCHED-NEXT:    affine.store %y, %A[%i] : memref<4xi33>
// SCHED-NOT:   sched.
func.func @sched(%A: memref<4xi64>) {
  affine.for %i = 0 to 4 {
    %x = arith.index_cast %i : index to i64
    %y = arith.addi %x, %x : i64
    affine.store %y, %A[%i] : memref<4xi64>
  }
  return
}
sched.schedule @sched {
  sched.quantize "A" type "i33"
}
