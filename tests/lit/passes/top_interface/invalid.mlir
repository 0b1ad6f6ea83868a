// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="A" mode="axis"}' 2>&1 | filecheck %s --check-prefix=MODE
// MODE: invalid.mlir:[[# @LINE + 32]]:1: error: cannot give 'A' an interface: the interface has unknown mode 'axis'; expected one of m_axi, s_axilite

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="A" mode="m_axi" bundle="gmem-0"}' 2>&1 | filecheck %s --check-prefix=BUNDLE
// BUNDLE: error: cannot give 'A' an interface: the interface has bundle 'gmem-0', which is not a C identifier

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="n" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=SCALAR
// SCALAR: error: cannot give 'n' an interface: it is a scalar (i32); m_axi is a memory port for arrays, use s_axilite

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="L" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=LOCAL
// LOCAL: invalid.mlir:[[# @LINE + 24]]:3: error: cannot give 'L' an interface: it is a local buffer of 'kernel'; only the top function's parameters are ports

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="S" mode="s_axilite"}' 2>&1 | filecheck %s --check-prefix=STREAM
// STREAM: error: cannot give 'S' an interface: it is a stream (!fpga.stream<i32, 2>), an AXI stream port that Vitis infers; m_axi and s_axilite are for arrays and scalars

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="P" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=PART
// PART: error: cannot give 'P' an interface: it is array-partitioned (memref<8xi32, #fpga.partition<[cyclic 2]>>), and Vitis cannot partition an m_axi port: partition a local copy instead

// RUN: not allo-opt %s -p 'top-interface{func="helper" buffer="x" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=CALLED
// CALLED: invalid.mlir:[[# @LINE + 20]]:1: error: cannot give 'x' an interface: 'helper' is called at {{.*}}invalid.mlir:[[# @LINE + 16]]:3, so it is not the top function; interfaces are the ports of the top function

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="A" mode="m_axi"},top-interface{func="other" buffer="y" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=TWO-TOPS
// TWO-TOPS: error: cannot give 'y' an interface: 'kernel' is already the top function (at {{.*}}invalid.mlir:[[# @LINE + 11]]:1)

// RUN: not allo-opt %s -p 'top-interface{func="ext" buffer="x" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=DECL
// DECL: error: cannot give 'x' an interface: 'ext' has no body

// RUN: not allo-opt %s -p 'top-interface{func="kernel" buffer="Z" mode="m_axi"}' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: in function 'kernel': unknown buffer 'Z'; existing buffers: A, L, P, S, n

// RUN: not allo-opt %S/Inputs/bad_attribute.mlir 2>&1 | filecheck %s --check-prefix=ATTR
// ATTR: bad_attribute.mlir:1:1: error: 'func.func' op attribute 'fpga.interface' has unknown mode 'axis'; expected one of m_axi, s_axilite

func.func @kernel(%A: memref<8xi32>, %n: i32, %S: !fpga.stream<i32, 2>, %P: memref<8xi32, #fpga.partition<[cyclic 2]>>) {
  %L = memref.alloc() {name = "L"} : memref<8xi32>
  func.call @helper(%L) : (memref<8xi32>) -> ()
  return
}

func.func @helper(%x: memref<8xi32>) {
  return
}

func.func @other(%y: memref<8xi32>) {
  return
}

func.func private @ext(memref<8xi32>)
