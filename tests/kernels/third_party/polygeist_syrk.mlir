// Polygeist-style PolyBench SYRK (lower triangle of C := alpha*A*A^T +
// beta*C): triangular loops through an affine map, whose extents still
// bound the dynamic dimension.
#map = affine_map<(d0) -> (d0 + 1)>
module attributes {llvm.data_layout = "", llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel_syrk(%arg0: i32, %arg1: i32, %arg2: f64, %arg3: f64, %arg4: memref<?x5xf64>, %arg5: memref<?x4xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    affine.for %arg6 = 0 to 5 {
      affine.for %arg7 = 0 to #map(%arg6) {
        %0 = affine.load %arg4[%arg6, %arg7] : memref<?x5xf64>
        %1 = arith.mulf %0, %arg3 : f64
        affine.store %1, %arg4[%arg6, %arg7] : memref<?x5xf64>
      }
      affine.for %arg7 = 0 to 4 {
        affine.for %arg8 = 0 to #map(%arg6) {
          %0 = affine.load %arg5[%arg6, %arg7] : memref<?x4xf64>
          %1 = arith.mulf %arg2, %0 : f64
          %2 = affine.load %arg5[%arg8, %arg7] : memref<?x4xf64>
          %3 = arith.mulf %1, %2 : f64
          %4 = affine.load %arg4[%arg6, %arg8] : memref<?x5xf64>
          %5 = arith.addf %4, %3 : f64
          affine.store %5, %arg4[%arg6, %arg8] : memref<?x5xf64>
        }
      }
    }
    return
  }
}
