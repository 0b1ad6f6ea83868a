"""The hardware-hint read and write API (allo_xdsl.analysis.hints)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from xdsl.dialects import affine, func, memref
from xdsl.parser import Parser
from xdsl.utils.exceptions import VerifyException

from allo_xdsl.analysis import hints
from allo_xdsl.context import make_context
from allo_xdsl.dialects import fpga
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
    assert hints.unroll(inner) == 0
    assert hints.unroll(outer) is None
    assert hints.is_parallel(inner)
    assert not hints.is_parallel(outer)
    assert hints.is_dataflow(fn)
    assert hints.is_inline(fn)
    assert not hints.is_top(fn)
    a, b = fn.body.blocks[0].args
    assert hints.partition(a.type) == (("none", 0), ("cyclic", 4))
    assert hints.partition(b.type) is None
    assert hints.storage(b) == hints.Storage("bram", "ram_1p")
    assert hints.interface(b) == hints.Interface("m_axi", "g0")
    assert hints.interface(a) is None
    assert hints.storage(a) is None
    alloc = next(op for op in fn.walk() if isinstance(op, memref.AllocOp))
    assert hints.storage(alloc) == hints.storage(alloc.memref)
    assert hints.storage(alloc) == hints.Storage("uram", "ram_2p")


def _loop_and_function() -> tuple[affine.ForOp, func.FuncOp]:
    module = read_mlir(make_context(), KERNEL, "k.mlir")
    fn = next(op for op in module.ops if isinstance(op, func.FuncOp))
    inner = [op for op in fn.walk() if isinstance(op, affine.ForOp)][1]
    return inner, fn


def test_setters_write_what_readers_and_the_verifier_accept() -> None:
    loop, fn = _loop_and_function()
    hints.set_pipeline(loop, ii=3, rewind=True)
    assert hints.pipeline(loop) == hints.Pipeline(3, rewind=True)
    assert str(loop.attributes[fpga.PIPELINE_II]) == "3 : i64"
    hints.set_pipeline(loop, ii=1)  # a later pipeline replaces rewind too
    assert hints.pipeline(loop) == hints.Pipeline(1)
    assert fpga.REWIND not in loop.attributes
    hints.set_unroll(loop, 4)
    assert hints.unroll(loop) == 4
    hints.set_unroll(loop, None)
    assert hints.unroll(loop) is None
    hints.set_dataflow(loop)
    assert hints.is_dataflow(loop)
    hints.set_dataflow(loop, False)
    assert not hints.is_dataflow(loop)
    a, b = fn.body.blocks[0].args
    hints.set_storage(a, "lutram", "ram_2p")
    hints.set_port(fn, 0, False, "s_axilite", None)
    assert hints.storage(a) == hints.Storage("lutram", "ram_2p")
    assert hints.interface(a) == hints.Interface("s_axilite")
    assert hints.interface(b) == hints.Interface("m_axi", "g0")  # kept
    fpga.verify_fpga(loop)
    fpga.verify_fpga(fn)


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (lambda loop, fn: hints.set_pipeline(loop, 0), "pipeline II must be >= 1"),
        (lambda loop, fn: hints.set_unroll(loop, -1), "unroll factor must be >= 0"),
        (
            lambda loop, fn: hints.set_storage(fn.args[0], "dram", "ram_1p"),
            "unknown impl 'dram'; expected one of bram, uram, lutram",
        ),
        (
            lambda loop, fn: hints.set_port(fn, 0, False, "axis", None),
            "unknown mode 'axis'",
        ),
        (
            lambda loop, fn: hints.set_port(fn, 0, False, "m_axi", "g-1"),
            "bundle 'g-1', which is not a C identifier",
        ),
    ],
)
def test_setters_reject_what_the_verifier_rejects(
    write: Callable[[affine.ForOp, func.FuncOp], None], message: str
) -> None:
    loop, fn = _loop_and_function()
    before = (dict(loop.attributes), fn.arg_attrs)
    with pytest.raises(VerifyException, match=message):
        write(loop, fn)
    assert (dict(loop.attributes), fn.arg_attrs) == before


def test_enum_attributes_round_trip() -> None:
    ctx = make_context()
    for text in (
        "#fpga<partition_kind cyclic>",
        "#fpga<storage_impl uram>",
        "#fpga<storage_type ram_t2p>",
        "#fpga<interface_mode s_axilite>",
    ):
        assert str(Parser(ctx, text).parse_attribute()) == text
    kind = fpga.PartitionKindAttr(fpga.PartitionKind.BLOCK)
    assert str(kind) == "#fpga<partition_kind block>"
