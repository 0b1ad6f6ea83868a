// cf.assert is checked in C simulation and left out of synthesis.
// RUN: allo-opt %s -t hls-cpp | filecheck %s

// CHECK:      #include <cassert>
// CHECK:      bool ok = n == 4;
// CHECK-NEXT: #ifndef __SYNTHESIS__
// CHECK-NEXT: assert(ok && "expected \"4\" rows");
// CHECK-NEXT: #endif
func.func @f(%n: index) {
  %c4 = arith.constant 4 : index
  %ok = arith.cmpi eq, %n, %c4 : index
  cf.assert %ok, "expected \"4\" rows"
  return
}
