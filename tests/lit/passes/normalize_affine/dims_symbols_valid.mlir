// Operands that MLIR accepts as dimensions or symbols are accepted (each
// chunk is checked by mlir-opt-22 too: see mlir_opt_agrees.mlir), and so is
// allo-opt's own output of split and tile (affine.min bounds).
// RUN: allo-opt --split-input-file %s | filecheck %s
// RUN: allo-opt %S/Inputs/remainder.mlir -p 'loop-split{func="f" loop="i" factor=4}' | allo-opt | filecheck %s --check-prefix=SPLIT
// RUN: allo-opt %S/Inputs/remainder.mlir -p 'loop-tile{func="f" loops="i","j" factors=4,3}' | allo-opt | filecheck %s --check-prefix=TILE
// SPLIT: to min affine_map
// TILE-COUNT-2: to min affine_map

// CHECK-LABEL: func.func @min_at_top_level
func.func @min_at_top_level(%A: memref<16xi32>, %n: index) {
  %m = affine.min affine_map<()[s0] -> (s0, 7)>()[%n]
  affine.for %i = 0 to 16 {
    %v = affine.load %A[%m] : memref<16xi32>
  }
  return
}

// -----

// CHECK-LABEL: func.func @apply_of_indices
func.func @apply_of_indices(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %k = affine.apply affine_map<(d0, d1) -> (d0 * 4 + d1)>(%i, %j)
      %v = affine.load %A[%k] : memref<16xi32>
    }
  }
  return
}

// -----

// CHECK-LABEL: func.func @argument_and_index
func.func @argument_and_index(%A: memref<16xi32>, %n: index) {
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%n + %i] : memref<16xi32>
  }
  return
}

// -----

// CHECK-LABEL: func.func @dim_of_argument
func.func @dim_of_argument(%A: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %d = memref.dim %A, %c0 : memref<?xi32>
  affine.for %i = 0 to 4 {
    %v = affine.load %A[%d] : memref<?xi32>
  }
  return
}

// -----

// affine.apply and affine.min take any index operands (mlir-opt-22 does
// not check them); their results are what must be valid where used.
// CHECK-LABEL: func.func @apply_and_min_of_anything
func.func @apply_and_min_of_anything(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    %k = arith.addi %i, %i : index
    %a = affine.apply affine_map<(d0) -> (d0 + 1)>(%k)
    %b = affine.min affine_map<(d0) -> (d0 + 1, 3)>(%k)
  }
  return
}

// -----

// CHECK-LABEL: func.func @constant_in_loop
func.func @constant_in_loop(%A: memref<16xi32>) {
  affine.for %i = 0 to 4 {
    %c = arith.constant 3 : index
    %v = affine.load %A[%c] : memref<16xi32>
  }
  return
}

// -----

// CHECK-LABEL: func.func @index_under_scf_if
func.func @index_under_scf_if(%A: memref<16xi32>, %b: i1) {
  affine.for %i = 0 to 4 {
    scf.if %b {
      %v = affine.load %A[%i] : memref<16xi32>
    }
  }
  return
}

// -----

// CHECK-LABEL: func.func @min_bound_of_index
func.func @min_bound_of_index(%A: memref<10xi32>) {
  affine.for %o = 0 to 3 {
    affine.for %n = affine_map<(d0) -> (d0 * 4)>(%o) to min affine_map<(d0) -> (d0 * 4 + 4, 10)>(%o) {
      %v = affine.load %A[%n] : memref<10xi32>
    }
  }
  return
}

// -----

// CHECK-LABEL: func.func @top_level_values
func.func @top_level_values(%A: memref<16xi32>, %I: memref<1xindex>, %n: i32) {
  %c0 = arith.constant 0 : index
  %t = memref.load %I[%c0] : memref<1xindex>
  %k = arith.index_cast %n : i32 to index
  affine.for %i = 0 to 4 {
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to affine_map<()[s0] -> (s0)>()[%k] {
      %v = affine.load %A[%t + %j] : memref<16xi32>
    }
  }
  return
}
