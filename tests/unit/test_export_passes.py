"""
The export passes on their own: semantics (interpreter before and after)
and the errors that the command line cannot reach (the verifier stops bad
hints first)."""

from __future__ import annotations

import numpy as np
import pytest
import test_csim
from loop_check import parse
from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr, IntegerAttr, ModuleOp, i64
from xdsl.ir.affine import AffineBinaryOpExpr, AffineBinaryOpKind, AffineExpr, AffineMap

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import PartitionAttr
from allo_xdsl.passes.hints_to_attributes import HintsToAttributesPass
from allo_xdsl.passes.lower_affine_ext import LowerAffineExtPass
from allo_xdsl.passes.returned_memrefs_to_args import ReturnedMemrefsToArgsPass
from allo_xdsl.sim import simulate

LOOP = """
func.func @f(%A: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %q = affine.apply affine_map<(d0) -> (d0 floordiv 2)>(%i)
    %c = arith.index_cast %i : index to i32
    affine.store %c, %A[%q] : memref<8xi32>
  }
  return
}
"""


def _loop() -> tuple[ModuleOp, affine.ForOp]:
    module = parse(LOOP)
    loop = next(op for op in module.walk() if isinstance(op, affine.ForOp))
    return module, loop


def test_returned_memrefs_keep_their_values() -> None:
    """Interpreter, before and after: the results are in the outputs."""
    rng = np.random.default_rng(4)
    A = rng.standard_normal((4, 4)).astype(np.float32)
    B = rng.standard_normal((4, 4)).astype(np.float32)
    before = simulate(parse(test_csim.CALLS), "top", [A, B], "interpreter")
    module = parse(test_csim.CALLS)
    ReturnedMemrefsToArgsPass().apply(make_context(), module)
    module.verify()
    outs = [np.zeros((4, 4), np.float32) for _ in range(3)]
    after = simulate(module, "top", [A, B, *outs], "interpreter")
    T, S, total, A_out = before.returns
    assert after.returns == (total,)
    for got, want in zip(after.args[2:], (T, S, A_out), strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(after.args[1], before.args[1])


def test_hint_holding_a_dialect_attribute() -> None:
    module, loop = _loop()
    loop.attributes["fpga.unroll"] = PartitionAttr([("cyclic", 2)])
    with pytest.raises(AlloError, match="hint 'fpga.unroll' on 'affine.for' holds"):
        HintsToAttributesPass().apply(make_context(), module)


def test_unknown_hint() -> None:
    module, loop = _loop()
    loop.attributes["fpga.speed"] = IntegerAttr(1, i64)
    with pytest.raises(AlloError, match="unknown hint 'fpga.speed'.*fpga.unroll"):
        HintsToAttributesPass().apply(make_context(), module)


def test_division_by_a_variable() -> None:
    # xDSL's parser rejects semi-affine maps: build one in place.
    module, _ = _loop()
    apply_op = next(op for op in module.walk() if isinstance(op, affine.ApplyOp))
    semi = AffineBinaryOpExpr(
        AffineBinaryOpKind.Mod, AffineExpr.dimension(0), AffineExpr.dimension(0)
    )
    apply_op.properties["map"] = AffineMapAttr(AffineMap(1, 0, (semi,)))
    with pytest.raises(AlloError, match="only division and modulo by a positive"):
        LowerAffineExtPass().apply(make_context(), module)
