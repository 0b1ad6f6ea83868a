// RUN: not allo-opt %s -p vitis-interfaces 2>&1 | filecheck %s --check-prefix=NO-TOP
// NO-TOP: error: vitis-interfaces: no top function; name it with the option 'top' (vitis-interfaces{top=NAME}) or give one of its parameters an interface

// RUN: not allo-opt %s -p 'vitis-interfaces{top="kernal"}' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: unknown function 'kernal'; existing functions: ext, helper, kernel, mixed, other, returns

// RUN: not allo-opt %s -p 'vitis-interfaces{top="helper"}' 2>&1 | filecheck %s --check-prefix=CALLED
// CALLED: invalid.mlir:[[# @LINE + 22]]:1: error: cannot give the top function its interfaces: 'helper' is called at {{.*}}invalid.mlir:[[# @LINE + 18]]:3, so it is not the top function

// RUN: not allo-opt %s -p 'top-interface{func="other" buffer="y" mode="m_axi"},vitis-interfaces{top="kernel"}' 2>&1 | filecheck %s --check-prefix=TWO-TOPS
// TWO-TOPS: error: cannot give the top function its interfaces: 'other' is already the top function

// RUN: not allo-opt %s -p 'vitis-interfaces{top="ext"}' 2>&1 | filecheck %s --check-prefix=DECL
// DECL: error: cannot give the top function its interfaces: 'ext' has no body

// A returned partitioned array cannot take the default m_axi port (a
// partitioned parameter gets a local copy instead).
// RUN: not allo-opt %s -p 'vitis-interfaces{top="returns"}' 2>&1 | filecheck %s --check-prefix=PART
// PART: invalid.mlir:[[# @LINE + 21]]:1: error: cannot give result #0 its default interface m_axi: it is array-partitioned (memref<8xi32, #fpga.partition<[complete]>>), and Vitis cannot partition an m_axi port: partition a local copy instead

// One bundle for an m_axi and an s_axilite port.
// RUN: not allo-opt %s -p 'top-interface{func="mixed" buffer="x" mode="m_axi" bundle="b0"},top-interface{func="mixed" buffer="n" mode="s_axilite" bundle="b0"},vitis-interfaces' 2>&1 | filecheck %s --check-prefix=CONFLICT
// CONFLICT: invalid.mlir:[[# @LINE + 22]]:1: error: vitis-interfaces: conflicting interfaces on bundle 'b0': parameter #0 is m_axi and parameter #1 is s_axilite; give them different bundles

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

func.func @returns() -> memref<8xi32, #fpga.partition<[complete]>> {
  %r = memref.alloc() {name = "r"} : memref<8xi32, #fpga.partition<[complete]>>
  return %r : memref<8xi32, #fpga.partition<[complete]>>
}

func.func @mixed(%x: memref<8xi32>, %n: i32) {
  return
}
