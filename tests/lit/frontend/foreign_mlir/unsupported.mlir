// What the HLS C++ target does not take from foreign inputs is a located
// error naming the construct.
// RUN: allo-opt %s -t hls-cpp --split-input-file --verify-diagnostics

// expected-error@+1 {{hls-cpp: unsupported type vector<4xf32>}}
func.func @f(%a: vector<4xf32>, %b: vector<4xf32>) -> vector<4xf32> {
  %c = arith.addf %a, %b : vector<4xf32>
  return %c : vector<4xf32>
}

// -----

func.func @f(%a: memref<8xf32>, %o: memref<8xf32>) {
  affine.for %i = 0 to 8 step 4 {
    // expected-error@+1 {{hls-cpp: unsupported operation 'affine.vector_load'}}
    %v = affine.vector_load %a[%i] : memref<8xf32>, vector<4xf32>
    affine.vector_store %v, %o[%i] : memref<8xf32>, vector<4xf32>
  }
  return
}

// -----

// expected-error@+1 {{hls-cpp: functions with several blocks (unstructured control flow) are not supported}}
func.func @f(%a: memref<4xi32>, %c: i1) {
  %one = arith.constant 1 : i32
  %i0 = arith.constant 0 : index
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  memref.store %one, %a[%i0] : memref<4xi32>
  cf.br ^bb2
^bb2:
  return
}
