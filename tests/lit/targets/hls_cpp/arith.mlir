// Constants (inlined, typed, exact) and integer/float ops: signedness views,
// i1 arithmetic, casts, comparisons, select, min/max, bit casts.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK:       #include <cstdint>
// CHECK-NEXT:  #include <cmath>
// CHECK-NEXT:  #include <limits>
// CHECK-NEXT:  #include <cstring>
// CHECK-EMPTY:
// CHECK-NEXT:  #include "ap_int.h"
// CHECK-EMPTY:
// CHECK-NEXT:  template <typename To, typename From>
// CHECK-NEXT:  static inline To allo_bit_cast(From x) {
// CHECK:       template <typename T>
// CHECK-NEXT:  static inline T allo_minimumf(T a, T b) {

// CHECK-LABEL: void constants(
// CHECK:         F[0] = 0.1f;
// CHECK-NEXT:    F[0] = 3.0f;
// CHECK-NEXT:    F[0] = 1e+20f;
// CHECK-NEXT:    F[0] = std::numeric_limits<float>::infinity();
// CHECK-NEXT:    F[0] = -std::numeric_limits<float>::infinity();
// CHECK-NEXT:    F[0] = std::numeric_limits<float>::quiet_NaN();
// CHECK-NEXT:    F[0] = -0.0f;
// CHECK-NEXT:    F[0] = 1e-45f;
// CHECK-NEXT:    D[0] = 0.1;
// CHECK-NEXT:    D[0] = 2.0;
// CHECK-NEXT:    D[0] = 1e-300;
// CHECK-NEXT:    D[0] = -std::numeric_limits<double>::infinity();
// CHECK-NEXT:    I[0] = 5LL;
// CHECK-NEXT:    I[0] = (-9223372036854775807LL - 1);
// CHECK-NEXT:    I[0] = 9223372036854775807LL;
// CHECK-NEXT:    J[0] = (-2147483647 - 1);
// CHECK-NEXT:    J[0] = -1;
// CHECK-NEXT:    B[0] = true;
// CHECK-NEXT:    B[1] = false;
// CHECK-NEXT:    N[0] = ap_int<12>(-5LL);
// CHECK-NEXT:    W[0] = ap_int<80>("-1", 10);
// CHECK-NEXT:    X[0] = -56;
// CHECK-NEXT:  }
func.func @constants(%F: memref<8xf32>, %D: memref<4xf64>, %I: memref<6xi64>, %J: memref<4xi32>, %B: memref<2xi1>, %N: memref<3xi12>, %W: memref<1xi80>, %X: memref<2xi8>) {
  %f0 = arith.constant 0.1 : f32
  %f1 = arith.constant 3.0 : f32
  %f2 = arith.constant 1.0e20 : f32
  %f3 = arith.constant 0x7F800000 : f32
  %f4 = arith.constant 0xFF800000 : f32
  %f5 = arith.constant 0x7FC00000 : f32
  %f6 = arith.constant -0.0 : f32
  %f7 = arith.constant 1.4e-45 : f32
  %d0 = arith.constant 0.1 : f64
  %d1 = arith.constant 2.0 : f64
  %d2 = arith.constant 1.0e-300 : f64
  %d3 = arith.constant 0xFFF0000000000000 : f64
  %i0 = arith.constant 5 : i64
  %i1 = arith.constant -9223372036854775808 : i64
  %i2 = arith.constant 9223372036854775807 : i64
  %j0 = arith.constant -2147483648 : i32
  %j1 = arith.constant 4294967295 : i32
  %b0 = arith.constant true
  %b1 = arith.constant false
  %n0 = arith.constant -5 : i12
  %w0 = arith.constant 1208925819614629174706175 : i80
  %x0 = arith.constant 200 : i8
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  memref.store %f0, %F[%c0] : memref<8xf32>
  memref.store %f1, %F[%c0] : memref<8xf32>
  memref.store %f2, %F[%c0] : memref<8xf32>
  memref.store %f3, %F[%c0] : memref<8xf32>
  memref.store %f4, %F[%c0] : memref<8xf32>
  memref.store %f5, %F[%c0] : memref<8xf32>
  memref.store %f6, %F[%c0] : memref<8xf32>
  memref.store %f7, %F[%c0] : memref<8xf32>
  memref.store %d0, %D[%c0] : memref<4xf64>
  memref.store %d1, %D[%c0] : memref<4xf64>
  memref.store %d2, %D[%c0] : memref<4xf64>
  memref.store %d3, %D[%c0] : memref<4xf64>
  memref.store %i0, %I[%c0] : memref<6xi64>
  memref.store %i1, %I[%c0] : memref<6xi64>
  memref.store %i2, %I[%c0] : memref<6xi64>
  memref.store %j0, %J[%c0] : memref<4xi32>
  memref.store %j1, %J[%c0] : memref<4xi32>
  memref.store %b0, %B[%c0] : memref<2xi1>
  memref.store %b1, %B[%c1] : memref<2xi1>
  memref.store %n0, %N[%c0] : memref<3xi12>
  memref.store %w0, %W[%c0] : memref<1xi80>
  memref.store %x0, %X[%c0] : memref<2xi8>
  return
}

// CHECK-LABEL: void ops(
// CHECK:         int32_t r0 = a / b;
// CHECK-NEXT:    int32_t r1 = (uint32_t)a % (uint32_t)b;
// CHECK-NEXT:    int32_t r2 = a / b - (a % b != 0 && (a < 0) != (b < 0));
// CHECK-NEXT:    int32_t r3 = a / b + (a % b != 0 && (a < 0) == (b < 0));
// CHECK-NEXT:    int32_t r4 = (uint32_t)a / (uint32_t)b + ((uint32_t)a % (uint32_t)b != 0);
// CHECK-NEXT:    int32_t r5 = (uint32_t)a >> (uint32_t)b;
// CHECK-NEXT:    int32_t r6 = a < b ? a : b;
// CHECK-NEXT:    int32_t r7 = (uint32_t)a > (uint32_t)b ? a : b;
// CHECK-NEXT:    bool lt = (uint32_t)a < (uint32_t)b;
// CHECK-NEXT:    bool slt = -(int)p < -(int)q;
// CHECK-NEXT:    bool sum = p ^ q;
// CHECK-NEXT:    bool prod = p & q;
// CHECK-NEXT:    int32_t e0 = (int32_t)(-(int)p);
// CHECK-NEXT:    int32_t e1 = (int32_t)p;
// CHECK-NEXT:    bool t0 = (a & 1) != 0;
// CHECK-NEXT:    int8_t t1 = (int8_t)a;
// CHECK-NEXT:    int64_t w0 = (int64_t)(uint32_t)a;
// CHECK-NEXT:    int32_t s0 = (int32_t)(int16_t)u;
// CHECK-NEXT:    float f0 = (float)(uint32_t)a;
// CHECK-NEXT:    int32_t f1 = (int32_t)(uint32_t)x;
// CHECK-NEXT:    double f2 = (double)x;
// CHECK-NEXT:    int32_t f3 = allo_bit_cast<int32_t>(x);
// CHECK-NEXT:    int idx = (int)a;
// CHECK-NEXT:    int64_t idx2 = (int64_t)idx;
// CHECK-NEXT:    bool o = x < y || x > y;
// CHECK-NEXT:    bool un = std::isnan(x) || std::isnan(y);
// CHECK-NEXT:    bool ug = !(x <= y);
// CHECK-NEXT:    float mn = allo_minimumf(x, y);
// CHECK-NEXT:    float mx = std::fmax(x, y);
// CHECK-NEXT:    float ng = -(-1.5f);
// CHECK-NEXT:    float sel = lt ? x : -1.5f;
// CHECK-NEXT:    *out0 = r0;
func.func @ops(%a: i32, %b: i32, %p: i1, %q: i1, %u: ui16, %x: f32, %y: f32) -> i32 {
  %r0 = arith.divsi %a, %b : i32
  %r1 = arith.remui %a, %b : i32
  %r2 = arith.floordivsi %a, %b : i32
  %r3 = arith.ceildivsi %a, %b : i32
  %r4 = arith.ceildivui %a, %b : i32
  %r5 = arith.shrui %a, %b : i32
  %r6 = arith.minsi %a, %b : i32
  %r7 = arith.maxui %a, %b : i32
  %lt = arith.cmpi ult, %a, %b : i32
  %slt = arith.cmpi slt, %p, %q : i1
  %sum = arith.addi %p, %q : i1
  %prod = arith.muli %p, %q : i1
  %e0 = arith.extsi %p : i1 to i32
  %e1 = arith.extui %p : i1 to i32
  %t0 = arith.trunci %a : i32 to i1
  %t1 = arith.trunci %a : i32 to i8
  %w0 = arith.extui %a : i32 to i64
  %s0 = "arith.extsi"(%u) : (ui16) -> i32
  %f0 = arith.uitofp %a : i32 to f32
  %f1 = arith.fptoui %x : f32 to i32
  %f2 = arith.extf %x : f32 to f64
  %f3 = arith.bitcast %x : f32 to i32
  %idx = arith.index_cast %a : i32 to index
  %idx2 = arith.index_cast %idx : index to i64
  %o = arith.cmpf one, %x, %y : f32
  %un = arith.cmpf uno, %x, %y : f32
  %ug = arith.cmpf ugt, %x, %y : f32
  %mn = arith.minimumf %x, %y : f32
  %mx = arith.maxnumf %x, %y : f32
  %c = arith.constant -1.5 : f32
  %ng = arith.negf %c : f32
  %sel = arith.select %lt, %x, %c : f32
  return %r0 : i32
}
