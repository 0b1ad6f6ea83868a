// The dependence (<, >) of the wavefront: a 2x2 tile would run the read at
// (1, 1) in tile (0, 0) before the write at (0, 2) in tile (0, 1). The
// function is left unchanged.
// RUN: not allo-opt %s -p 'loop-tile{func="wave" loops="i","j" factors=2,2}' 2>&1 | filecheck %s --check-prefix=WAVE
// WAVE: invalid.mlir:[[# @LINE + 19]]:3: error: cannot tile i, j: it would reorder 'j.outer' before 'i.inner': dependence on A from store A[i.outer * 2 + i.inner + 1, j.outer * 2 + j.inner] to load A[i.outer * 2 + i.inner, j.outer * 2 + j.inner + 1] has direction (=, <, >, {{.}}) over (i.outer, i.inner, j.outer, j.inner)

// RUN: not allo-opt %s -p 'loop-tile{func="wave" loops="i" factors=2,2}' 2>&1 | filecheck %s --check-prefix=COUNT
// COUNT: error: cannot tile i: 1 loops but 2 factors

// RUN: not allo-opt %s -p 'loop-tile{func="gemm" loops="i","k" factors=2,2}' 2>&1 | filecheck %s --check-prefix=GAP
// GAP: invalid.mlir:[[# @LINE + 24]]:3: error: cannot tile i, k: loops 'i', 'k' must be consecutive and perfectly nested, each directly and alone inside the previous one

// RUN: not allo-opt %s -p 'loop-tile{func="gemm" loops="j","i" factors=2,2}' 2>&1 | filecheck %s --check-prefix=ORDER
// ORDER: error: cannot tile j, i: loops 'j', 'i' must be consecutive and perfectly nested

// RUN: not allo-opt %s -p 'loop-tile{func="gemm" loops="i","j" factors=2,9}' 2>&1 | filecheck %s --check-prefix=LARGE
// LARGE: invalid.mlir:[[# @LINE + 19]]:5: error: cannot tile loop 'j' by 9: the factor is larger than its trip count 8

// RUN: not allo-opt %s -p 'loop-tile{func="gemm" loops="i","i" factors=2,2}' 2>&1 | filecheck %s --check-prefix=TWICE
// TWICE: error: cannot tile i, i: loop 'i' is named more than once

func.func @wave(%A: memref<6x6xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to 5 {
      %v = affine.load %A[%i, %j + 1] : memref<6x6xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %A[%i + 1, %j] : memref<6x6xi32>
    }
  }
  return
}

func.func @gemm(%A: memref<8x8xf32>, %B: memref<8x8xf32>, %C: memref<8x8xf32>) {
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      affine.for %k = 0 to 8 {
        %a = affine.load %A[%i, %k] : memref<8x8xf32>
        %b = affine.load %B[%k, %j] : memref<8x8xf32>
        %c = affine.load %C[%i, %j] : memref<8x8xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<8x8xf32>
      }
    }
  }
  return
}
