// What the input preparation cannot take is a located error naming the
// construct.
// RUN: allo-opt %s --split-input-file --verify-diagnostics

func.func @f(%p: i32) {
  // expected-error@+1 {{Operation llvm.call is not registered}}
  "llvm.call"() : () -> ()
  return
}

// -----

func.func @f(%A: memref<8xf32>) -> f32 {
  // expected-error@+1 {{'affine.parallel' with reductions is not supported}}
  %r = affine.parallel (%i) = (0) to (8) reduce ("addf") -> (f32) {
    %x = affine.load %A[%i] : memref<8xf32>
    affine.yield %x : f32
  }
  return %r : f32
}

// -----

func.func @f(%A: memref<8xf32>, %z: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  // expected-error@+1 {{'scf.parallel' with reductions (init) is not supported}}
  %r = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%z) -> f32 {
    %x = memref.load %A[%i] : memref<8xf32>
    scf.reduce(%x : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return
}

// -----

func.func @f(%A: memref<1xvector<4xf32>>) {
  // expected-error@+1 {{'llvm.mlir.undef' of type vector<4xf32> is not supported}}
  %u = llvm.mlir.undef : vector<4xf32>
  affine.store %u, %A[0] : memref<1xvector<4xf32>>
  return
}

// -----

// expected-error@+1 {{expected 'dense<...>' or 'uninitialized' as the initial value of a memref.global}}
memref.global "private" constant @w : memref<4xf32> = dense_resource<blob>

// -----

func.func @f(%A: memref<?xf32>, %B: memref<?xf32>) {
  // expected-error@+1 {{'memref.copy' of memrefs with dynamic dimensions (memref<?xf32>) is not supported}}
  memref.copy %A, %B : memref<?xf32> to memref<?xf32>
  return
}

// -----

func.func @f(%A: memref<8x8xf32>, %n: index) {
  // expected-error@+1 {{'memref.subview' with dynamic sizes or strides is not supported}}
  %v = memref.subview %A[0, 0] [%n, 4] [1, 1] : memref<8x8xf32> to memref<?x4xf32, strided<[8, 1]>>
  %c0 = arith.constant 0 : index
  %x = memref.load %v[%c0, %c0] : memref<?x4xf32, strided<[8, 1]>>
  return
}

// -----

func.func @f(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>, %c: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{'linalg.matmul' on tensors is not supported: bufferize to memrefs first}}
  %r = linalg.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// -----

// Only dialects allo-xdsl does not load are read opaquely: a misspelt
// attribute of one it loads stays an error.
// expected-error@+1 {{'fpga.partiton' is not registered}}
func.func @f(%A: memref<4xf32, #fpga.partiton<[cyclic 2]>>) {
  return
}
