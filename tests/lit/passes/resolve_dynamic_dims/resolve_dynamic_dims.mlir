// Dynamic dimensions of arguments take the extent the loops bound (on
// input), or the one stated with `sizes`; calls through memref.cast follow.
// RUN: allo-opt %s | filecheck %s
// RUN: allo-opt %s -p 'resolve-dynamic-dims{sizes="free:B=7"}' | filecheck %s --check-prefix=SIZES
// A YAML pipeline states sizes in its passes, after the schedules.
// RUN: allo-opt %s --pipeline %S/Inputs/sizes.yaml | filecheck %s --check-prefix=YAML

// CHECK-LABEL: func.func @tri(%A: memref<5x4xf64>, %x: memref<6xf64>)
// CHECK: %d = arith.constant 5 : index
func.func @tri(%A: memref<?x4xf64>, %x: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %d = memref.dim %A, %c0 : memref<?x4xf64>
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to affine_map<(d0) -> (d0 + 1)>(%i) {
      %a = affine.load %A[%i, %j] : memref<?x4xf64>
      affine.store %a, %x[%i + %j - 3] : memref<?xf64>
    }
  }
  return
}

// CHECK-LABEL: func.func @main
// CHECK: %A = memref.alloc() : memref<5x4xf64>
// CHECK-NEXT: %x = memref.alloc() : memref<6xf64>
// CHECK-NEXT: func.call @tri(%A, %x) : (memref<5x4xf64>, memref<6xf64>) -> ()
func.func @main() {
  %A = memref.alloc() : memref<5x4xf64>
  %x = memref.alloc() : memref<6xf64>
  %a = memref.cast %A : memref<5x4xf64> to memref<?x4xf64>
  %b = memref.cast %x : memref<6xf64> to memref<?xf64>
  func.call @tri(%a, %b) : (memref<?x4xf64>, memref<?xf64>) -> ()
  return
}

// Nothing bounds %B here: it stays dynamic on input; `sizes` states it.
// CHECK-LABEL: func.func @free(%B: memref<?xi32>, %n: index)
// SIZES-LABEL: func.func @free(%B: memref<7xi32>, %n: index)
// YAML:        void free(int32_t B[7], int n) {
// YAML:          #pragma HLS pipeline II=1
func.func @free(%B: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : i32
  affine.for %i = 0 to %n {
    affine.store %c0, %B[%i] : memref<?xi32>
  }
  return
}
