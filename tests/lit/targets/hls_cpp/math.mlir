// math ops map to the <cmath> overloads of their float type.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK:       #include <cmath>
// CHECK-NOT:   #include
// CHECK-LABEL: void f(float x, float y, float z, double d, int32_t n, int32_t *out0) {
// CHECK-NEXT:    float a = std::sqrt(x);
// CHECK-NEXT:    float b = std::exp(a);
// CHECK-NEXT:    float c = std::log(b);
// CHECK-NEXT:    float e = std::fabs(c);
// CHECK-NEXT:    float g = std::pow(e, y);
// CHECK-NEXT:    float h = std::sin(g);
// CHECK-NEXT:    float i = std::cos(h);
// CHECK-NEXT:    float j = std::tanh(i);
// CHECK-NEXT:    float k = std::floor(j);
// CHECK-NEXT:    float l = std::ceil(k);
// CHECK-NEXT:    float m = std::fma(l, y, z);
// CHECK-NEXT:    float o = 1.0f / std::sqrt(m);
// CHECK-NEXT:    float p = std::round(o);
// CHECK-NEXT:    float q = std::nearbyint(p);
// CHECK-NEXT:    float r = std::trunc(q);
// CHECK-NEXT:    float s = std::atan2(r, x);
// CHECK-NEXT:    float t = std::copysign(s, y);
// CHECK-NEXT:    float u = std::pow(t, (float)n);
// CHECK-NEXT:    double v = std::log2(d);
// CHECK-NEXT:    double w = 1.0 / std::sqrt(v);
// CHECK-NEXT:    int32_t ai = n < 0 ? -n : n;
// CHECK-NEXT:    *out0 = ai;
func.func @f(%x: f32, %y: f32, %z: f32, %d: f64, %n: i32) -> i32 {
  %a = math.sqrt %x : f32
  %b = math.exp %a : f32
  %c = math.log %b : f32
  %e = math.absf %c : f32
  %g = math.powf %e, %y : f32
  %h = math.sin %g : f32
  %i = math.cos %h : f32
  %j = math.tanh %i : f32
  %k = math.floor %j : f32
  %l = math.ceil %k : f32
  %m = math.fma %l, %y, %z : f32
  %o = math.rsqrt %m : f32
  %p = math.round %o : f32
  %q = math.roundeven %p : f32
  %r = math.trunc %q : f32
  %s = math.atan2 %r, %x : f32
  %t = math.copysign %s, %y : f32
  %u = math.fpowi %t, %n : f32, i32
  %v = math.log2 %d : f64
  %w = math.rsqrt %v : f64
  %ai = math.absi %n : i32
  return %ai : i32
}
