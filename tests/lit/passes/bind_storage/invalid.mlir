// RUN: not allo-opt %s -p 'bind-storage{func="f" buffer="A" impl="dram" type="ram_1p"}' 2>&1 | filecheck %s --check-prefix=IMPL
// IMPL: invalid.mlir:[[# @LINE + 17]]:1: error: cannot bind the storage of 'A': the storage binding has unknown impl 'dram'; expected one of bram, uram, lutram

// RUN: not allo-opt %s -p 'bind-storage{func="f" buffer="T" impl="bram" type="rom_1p"}' 2>&1 | filecheck %s --check-prefix=TYPE
// TYPE: invalid.mlir:[[# @LINE + 15]]:3: error: cannot bind the storage of 'T': the storage binding has unknown type 'rom_1p'; expected one of ram_1p, ram_2p, ram_t2p, ram_s2p

// RUN: not allo-opt %s -p 'bind-storage{func="f" buffer="T" impl="lutram" type="ram_t2p"}' 2>&1 | filecheck %s --check-prefix=T2P
// T2P: error: cannot bind the storage of 'T': lutram has no true dual-port mode (ram_t2p); use bram or uram

// RUN: not allo-opt %s -p 'bind-storage{func="f" buffer="n" impl="bram" type="ram_1p"}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot bind the storage of 'n': it is not a memref but index

// RUN: not allo-opt %S/Inputs/bad_attribute.mlir 2>&1 | filecheck %s --check-prefix=ATTR
// ATTR: bad_attribute.mlir:2:3: error: 'memref.alloc' op attribute 'fpga.bind_storage' has unknown impl 'dram'; expected one of bram, uram, lutram

// RUN: not allo-opt %S/Inputs/bad_argument.mlir 2>&1 | filecheck %s --check-prefix=ARG
// ARG: bad_argument.mlir:1:1: error: 'func.func' op attribute 'fpga.bind_storage' expects {impl = <bram|uram|lutram>, type = <ram_1p|ram_2p|ram_t2p|ram_s2p>}, got "bram"

func.func @f(%A: memref<8x8xf32>, %n: index) {
  %T = memref.alloc() : memref<8xf32>
  return
}
