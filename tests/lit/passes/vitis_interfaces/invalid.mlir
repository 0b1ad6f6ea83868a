// RUN: not allo-opt %s -p vitis-interfaces 2>&1 | filecheck %s --check-prefix=NO-TOP
// NO-TOP: error: vitis-interfaces: no top function; name it with the option 'top' (vitis-interfaces{top=NAME}) or give one of its parameters an interface

// RUN: not allo-opt %s -p 'vitis-interfaces{top="kernal"}' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: unknown function 'kernal'; existing functions: ext, helper, kernel, other

// RUN: not allo-opt %s -p 'vitis-interfaces{top="helper"}' 2>&1 | filecheck %s --check-prefix=CALLED
// CALLED: invalid.mlir:[[# @LINE + 17]]:1: error: cannot give the top function its interfaces: 'helper' is called at {{.*}}invalid.mlir:[[# @LINE + 13]]:3, so it is not the top function

// RUN: not allo-opt %s -p 'top-interface{func="other" buffer="y" mode="m_axi"},vitis-interfaces{top="kernel"}' 2>&1 | filecheck %s --check-prefix=TWO-TOPS
// TWO-TOPS: error: cannot give the top function its interfaces: 'other' is already the top function

// RUN: not allo-opt %s -p 'vitis-interfaces{top="ext"}' 2>&1 | filecheck %s --check-prefix=DECL
// DECL: error: cannot give the top function its interfaces: 'ext' has no body

// A partitioned array cannot take the default m_axi port.
// RUN: not allo-opt %s -p 'vitis-interfaces{top="other"}' 2>&1 | filecheck %s --check-prefix=PART
// PART: error: cannot give parameter #1 its default interface m_axi: it is array-partitioned (memref<8xi32, #fpga.partition<[complete]>>), and Vitis cannot partition an m_axi port: partition a local copy instead

func.func @kernel(%A: memref<8xi32>) {
  func.call @helper(%A) : (memref<8xi32>) -> ()
  return
}

func.func @helper(%x: memref<8xi32>) {
  return
}

func.func @other(%y: memref<8xi32>, %P: memref<8xi32, #fpga.partition<[complete]>>) {
  return
}

func.func private @ext(memref<8xi32>)
