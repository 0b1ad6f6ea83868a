// Polygeist-style PolyBench ATAX (y := A^T (A x)) with an uninitialized
// scalar (llvm.mlir.undef stored into a one-element alloca), as Polygeist
// emits for `double tmp;`, and a 1-D dynamic argument.
module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<"dlti.endianness", "little">>, llvm.data_layout = "e-m:e-i64:64-n32:64", llvm.target_triple = "x86_64-unknown-linux-gnu"} {
  func.func @kernel_atax(%arg0: i32, %arg1: i32, %arg2: memref<?x6xf64>, %arg3: memref<?xf64>, %arg4: memref<?xf64>, %arg5: memref<?xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    %cst = arith.constant 0.000000e+00 : f64
    %alloca = memref.alloca() : memref<1xf64>
    %0 = llvm.mlir.undef : f64
    affine.store %0, %alloca[0] : memref<1xf64>
    affine.for %arg6 = 0 to 6 {
      affine.store %cst, %arg4[%arg6] : memref<?xf64>
    }
    affine.for %arg6 = 0 to 4 {
      affine.store %cst, %alloca[0] : memref<1xf64>
      affine.for %arg7 = 0 to 6 {
        %1 = affine.load %alloca[0] : memref<1xf64>
        %2 = affine.load %arg2[%arg6, %arg7] : memref<?x6xf64>
        %3 = affine.load %arg3[%arg7] : memref<?xf64>
        %4 = arith.mulf %2, %3 : f64
        %5 = arith.addf %1, %4 : f64
        affine.store %5, %alloca[0] : memref<1xf64>
      }
      affine.for %arg7 = 0 to 6 {
        %1 = affine.load %arg4[%arg7] : memref<?xf64>
        %2 = affine.load %arg2[%arg6, %arg7] : memref<?x6xf64>
        %3 = affine.load %alloca[0] : memref<1xf64>
        %4 = arith.mulf %2, %3 : f64
        %5 = arith.addf %1, %4 : f64
        affine.store %5, %arg4[%arg7] : memref<?xf64>
      }
      %1 = affine.load %alloca[0] : memref<1xf64>
      affine.store %1, %arg5[%arg6] : memref<?xf64>
    }
    return
  }
}
