"""The hardware-hint read API (allo_xdsl.analysis.hints)."""

from __future__ import annotations

from xdsl.dialects import affine, func, memref

from allo_xdsl.analysis import hints
from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir

KERNEL = """
func.func @f(%A: memref<8x8xf32, #fpga.partition<[none, cyclic 4]>>,
             %B: memref<8xf32> {fpga.bind_storage = {impl = "bram", type = "ram_1p"},
                                fpga.interface = {mode = "m_axi", bundle = "g0"}})
    attributes {fpga.dataflow, fpga.inline} {
  %buf = memref.alloc() {fpga.bind_storage = {impl = "uram", type = "ram_2p"}}
      : memref<8xf32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %a = affine.load %A[%i, %j] : memref<8x8xf32, #fpga.partition<[none, cyclic 4]>>
      affine.store %a, %buf[%j] : memref<8xf32>
    } {fpga.unroll = 0 : i64, fpga.parallel}
  } {fpga.pipeline_ii = 2 : i64, fpga.rewind}
  return
}
"""


def test_hints_read_back() -> None:
    module = read_mlir(make_context(), KERNEL, "k.mlir")
    fn = next(op for op in module.ops if isinstance(op, func.FuncOp))
    outer, inner = [op for op in fn.walk() if isinstance(op, affine.ForOp)]
    assert hints.pipeline(outer) == hints.Pipeline(2, rewind=True)
    assert hints.pipeline(inner) is None
    assert hints.unroll(inner) == 0 and hints.unroll(outer) is None
    assert hints.is_parallel(inner) and not hints.is_parallel(outer)
    assert hints.is_dataflow(fn) and hints.is_inline(fn) and not hints.is_top(fn)
    a, b = fn.body.blocks[0].args
    assert hints.partition(a.type) == (("none", 0), ("cyclic", 4))
    assert hints.partition(b.type) is None
    assert hints.storage(b) == hints.Storage("bram", "ram_1p")
    assert hints.interface(b) == hints.Interface("m_axi", "g0")
    assert hints.interface(a) is None and hints.storage(a) is None
    alloc = next(op for op in fn.walk() if isinstance(op, memref.AllocOp))
    assert hints.storage(alloc) == hints.storage(alloc.memref)
    assert hints.storage(alloc) == hints.Storage("uram", "ram_2p")
