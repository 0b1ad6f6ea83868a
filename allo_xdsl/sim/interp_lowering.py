"""
Fixed point and bit operations in the interpreter: it runs them lowered.

The interpreter runs upstream ops on integers and floats only; `allo` ops
and `!allo.fixed`/`!allo.ufixed` values run once `lower-fixed-point` and
`lower-bit-ops` (bit-exact with ap_fixed and ap_int) have turned them into
integer arithmetic. `simulate(..., backend="interpreter")` does that on a
copy of the module, so a user of the simulator never has to.

The lowered function takes and returns the same raw bits, but every integer
is signless: an unsigned value (`ufixed<W, F>`, `uiW`) at the boundary is
read as signed. The values are converted at the boundary, so the caller
sees the types of the function as written.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType, MemRefType, ModuleOp, Signedness
from xdsl.ir import Attribute

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.passes.lower_bit_ops import LowerBitOpsPass
from allo_xdsl.passes.lower_fixed_point import LowerFixedPointPass
from allo_xdsl.sim.result import numpy_dtype
from allo_xdsl.verify import verify_module


def needs_lowering(module: ModuleOp) -> bool:
    """Whether `module` holds an `allo` op or a fixed-point value."""
    for op in module.walk():
        if op.name.startswith("allo."):
            return True
        if isinstance(op, func.FuncOp):
            types = (*op.function_type.inputs.data, *op.function_type.outputs.data)
            if any(_is_fixed(t) for t in types):
                return True
        if any(_is_fixed(r.type) for r in op.results):
            return True
    return False


def _is_fixed(t: Attribute) -> bool:
    element = getattr(t, "element_type", t)
    return isinstance(element, FixedPointType)


def lower_for_interpreter(module: ModuleOp) -> ModuleOp:
    """A copy of `module` after `lower-fixed-point` and `lower-bit-ops`."""
    lowered = module.clone()
    ctx = Context()
    for p in (LowerFixedPointPass(), LowerBitOpsPass()):
        try:
            p.apply(ctx, lowered)
        except AlloError as e:
            raise AlloError(
                f"the interpreter runs fixed point and bit operations lowered, "
                f"and '{p.name}' failed: {e.message}",
                e.op,
                e.location,
            ) from None
    verify_module(lowered)
    return lowered


def _unsigned_width(t: Attribute) -> int | None:
    """The width of an unsigned scalar type, or of a memref's elements."""
    element = t.element_type if isinstance(t, MemRefType) else t
    if isinstance(element, FixedPointType) and not element.signed:
        return element.width.data
    if (
        isinstance(element, IntegerType)
        and element.signedness.data == Signedness.UNSIGNED
        and element.width.data > 1
    ):
        return element.width.data
    return None


def to_lowered(value: Any, t: Attribute, name: str) -> Any:
    """
    `value`, given for type `t` of the function as written, as the
    lowered function takes it: unsigned bits read as signed."""
    width = _unsigned_width(t)
    if width is None:
        return value
    array = np.asarray(value)
    if array.dtype.kind not in "iuO":
        return value  # the interpreter's own checks say what is wrong
    ints = [int(v) for v in array.ravel()]
    if any(not 0 <= v < 1 << width for v in ints):
        raise AlloError(f"argument {name}: values do not fit {t}")
    signed = [v - (1 << width) if v >> (width - 1) else v for v in ints]
    dtype = numpy_dtype(IntegerType(width))
    out = np.array(signed, dtype=dtype).reshape(array.shape)
    return out if isinstance(t, MemRefType) else out[()]


def from_lowered(value: Any, t: Attribute) -> Any:
    """
    A value of the lowered function as type `t` of the function as
    written: signed bits read back as unsigned."""
    width = _unsigned_width(t)
    if width is None:
        return value
    array = np.asarray(value)
    mask = (1 << width) - 1
    dtype = numpy_dtype(t)
    out = np.array([int(v) & mask for v in array.ravel()], dtype=dtype)
    out = out.reshape(array.shape)
    return out if isinstance(t, MemRefType) else out[()]
