// A caller that passes a dynamic memref (not a cast of the static type)
// keeps the callee's dimension dynamic: with the pass run alone, an error
// at that call.
// RUN: not allo-opt %s -p resolve-dynamic-dims 2>&1 | filecheck %s

// CHECK: invalid_calls.mlir:[[# @LINE + 10]]:3: error: resolve-dynamic-dims: cannot give argument 'A' of 'k' the type memref<4xf32>: this call passes something other than a memref.cast of that type
func.func @k(%A: memref<?xf32>) {
  %z = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.store %z, %A[%i] : memref<?xf32>
  }
  return
}

func.func @main(%B: memref<?xf32>) {
  func.call @k(%B) : (memref<?xf32>) -> ()
  return
}
