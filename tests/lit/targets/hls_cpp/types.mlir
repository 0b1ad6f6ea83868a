// Scalar and memref types, and the headers they need.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK:      #include <cstdint>
// CHECK-EMPTY:
// CHECK-NEXT: #include "ap_int.h"
// CHECK-NEXT: #include "ap_fixed.h"
// CHECK-NEXT: #include "hls_stream.h"
// CHECK-NOT:  #include

// CHECK-LABEL: void scalars(
// CHECK-NEXT:    float a,
// CHECK-NEXT:    double b,
// CHECK-NEXT:    bool c,
// CHECK-NEXT:    int8_t d,
// CHECK-NEXT:    int16_t e,
// CHECK-NEXT:    int32_t f,
// CHECK-NEXT:    int64_t g,
// CHECK-NEXT:    uint8_t h,
// CHECK-NEXT:    uint64_t i,
// CHECK-NEXT:    int j,
// CHECK-NEXT:    ap_int<12> k,
// CHECK-NEXT:    ap_uint<5> l,
// CHECK-NEXT:    ap_int<128> m,
// CHECK-NEXT:    int32_t n
// CHECK-NEXT:  ) {
func.func @scalars(%a: f32, %b: f64, %c: i1, %d: i8, %e: i16, %f: i32, %g: i64,
                   %h: ui8, %i: ui64, %j: index, %k: i12, %l: ui5, %m: i128, %n: si32) {
  return
}

// CHECK-LABEL: void arrays(float A[4][8], int8_t B[3], double C[1], ap_int<7> D[2][2][2]) {
func.func @arrays(%A: memref<4x8xf32>, %B: memref<3xi8>, %C: memref<f64>, %D: memref<2x2x2xi7>) {
  return
}

// CHECK-LABEL: void fixed(
// CHECK-NEXT:    ap_fixed<16, 8> x,
// CHECK-NEXT:    ap_ufixed<8, 6> y,
// CHECK-NEXT:    ap_fixed<12, 12> z,
// CHECK-NEXT:    ap_fixed<16, 4> W[4]
// CHECK-NEXT:  ) {
func.func @fixed(%x: !allo.fixed<16, 8>, %y: !allo.ufixed<8, 2>, %z: !allo.fixed<12, 0>,
                 %W: memref<4x!allo.fixed<16, 12>>) {
  return
}

// CHECK-LABEL: void streams(hls::stream<float> &s, hls::stream<ap_int<9>> &t) {
// CHECK-NEXT:  }
func.func @streams(%s: !fpga.stream<f32, 4>, %t: !fpga.stream<i9, 1>) {
  return
}
