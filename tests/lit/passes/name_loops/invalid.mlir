// Names that do not pick one loop: the error lists names that each do, and
// points at the band searched when the name gives one.

// RUN: not allo-opt %s -p 'loop-pipeline{func="jacobi" loop="i"}' 2>&1 | filecheck %s --check-prefix=PLAIN
// PLAIN: invalid.mlir:[[# @LINE + 14]]:1: error: in function 'jacobi': loop name 'i' is ambiguous; write one of: i#0, i#1

// RUN: not allo-opt %s -p 'loop-pipeline{func="jacobi" loop="S_t_0:j"}' 2>&1 | filecheck %s --check-prefix=BAND
// BAND: invalid.mlir:[[# @LINE + 12]]:3: error: in function 'jacobi': loop name 'S_t_0:j' is ambiguous; write one of: S_t_0:j#0, S_t_0:j#1

// RUN: not allo-opt %s -p 'loop-pipeline{func="jacobi" loop="S_t_0:k"}' 2>&1 | filecheck %s --check-prefix=MISSING
// MISSING: invalid.mlir:[[# @LINE + 9]]:3: error: in function 'jacobi': unknown loop 'S_t_0:k'; existing loops: S_t_0:i#0, S_t_0:i#1, S_t_0:j#0, S_t_0:j#1, S_t_0:t

// RUN: not allo-opt %s -p 'loop-pipeline{func="jacobi" loop="S_x:i#0"}' 2>&1 | filecheck %s --check-prefix=NOBAND
// NOBAND: invalid.mlir:[[# @LINE + 5]]:1: error: in function 'jacobi': unknown loop 'S_x:i#0'; existing loops: {{.*}} (no band 'S_x'; bands: S_t_0)

// RUN: not allo-opt %s -p 'array-partition{func="jacobi" buffer="A" kind=complete}' 2>&1 | filecheck %s --check-prefix=BUFFER
// BUFFER: invalid.mlir:[[# @LINE + 2]]:1: error: in function 'jacobi': unknown buffer 'A'; existing buffers: A_1, A_2

func.func @jacobi(%A_1: memref<6xf32>, %A_2: memref<6xf32>) {
  affine.for %t = 0 to 2 {
    affine.for %i = 1 to 5 {
      affine.for %j = 0 to 1 {
        %v = affine.load %A_1[%i - 1] : memref<6xf32>
        affine.store %v, %A_2[%i] : memref<6xf32>
      }
    }
    affine.for %i = 1 to 5 {
      affine.for %j = 0 to 1 {
        %v = affine.load %A_2[%i + 1] : memref<6xf32>
        affine.store %v, %A_1[%i] : memref<6xf32>
      }
    }
  }
  func.return
}
