// scf.for (with iter_args), scf.if (with results, without else), scf.while.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK-LABEL: void scf_ops(int32_t A[16], int n, int32_t *out0, int32_t *out1) {
// CHECK-NEXT:    int32_t acc = 0;
// CHECK-NEXT:    for (int i = 0; i < n; i += 2) {
// CHECK-NEXT:      int32_t a = A[i];
// CHECK-NEXT:      bool neg = a < 0;
// CHECK-NEXT:      int32_t v;
// CHECK-NEXT:      if (neg) {
// CHECK-NEXT:        int32_t m = 0 - a;
// CHECK-NEXT:        v = m;
// CHECK-NEXT:      } else {
// CHECK-NEXT:        v = a;
// CHECK-NEXT:      }
// CHECK-NEXT:      if (neg) {
// CHECK-NEXT:        A[i] = 0;
// CHECK-NEXT:      }
// CHECK-NEXT:      int32_t s = acc + v;
// CHECK-NEXT:      acc = s;
// CHECK-NEXT:    }
// CHECK-NEXT:    int32_t x = acc;
// CHECK-NEXT:    int32_t k = 0;
// CHECK-NEXT:    int32_t r;
// CHECK-NEXT:    int32_t r_1;
// CHECK-NEXT:    while (true) {
// CHECK-NEXT:      bool more = x > 0;
// CHECK-NEXT:      r = x;
// CHECK-NEXT:      r_1 = k;
// CHECK-NEXT:      if (!more) break;
// CHECK-NEXT:      int32_t h = r >> 1;
// CHECK-NEXT:      int32_t j1 = r_1 + 1;
// CHECK-NEXT:      x = h;
// CHECK-NEXT:      k = j1;
// CHECK-NEXT:    }
// CHECK-NEXT:    *out0 = acc;
// CHECK-NEXT:    *out1 = r_1;
// CHECK-NEXT:  }
func.func @scf_ops(%A: memref<16xi32>, %n: index) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %sum = scf.for %i = %c0 to %n step %c2 iter_args(%acc = %zero) -> (i32) {
    %a = memref.load %A[%i] : memref<16xi32>
    %neg = arith.cmpi slt, %a, %zero : i32
    %v = scf.if %neg -> (i32) {
      %m = arith.subi %zero, %a : i32
      scf.yield %m : i32
    } else {
      scf.yield %a : i32
    }
    scf.if %neg {
      memref.store %zero, %A[%i] : memref<16xi32>
    }
    %s = arith.addi %acc, %v : i32
    scf.yield %s : i32
  }
  %r:2 = scf.while (%x = %sum, %k = %zero) : (i32, i32) -> (i32, i32) {
    %more = arith.cmpi sgt, %x, %zero : i32
    scf.condition(%more) %x, %k : i32, i32
  } do {
  ^bb0(%y: i32, %j: i32):
    %h = arith.shrsi %y, %one : i32
    %j1 = arith.addi %j, %one : i32
    scf.yield %h, %j1 : i32, i32
  }
  return %sum, %r#1 : i32, i32
}

// An i32 induction variable keeps its type.
// CHECK-LABEL: void int_loop(int32_t lb, int32_t ub) {
// CHECK-NEXT:    for (int32_t i = lb; i < ub; i++) {
// CHECK-NEXT:    }
func.func @int_loop(%lb: i32, %ub: i32) {
  %c1 = arith.constant 1 : i32
  scf.for %i = %lb to %ub step %c1 : i32 {
  }
  return
}
