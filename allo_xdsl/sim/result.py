"""
What a simulation returns, and the numpy types that values travel in;
shared by every backend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    MemRefType,
    Signedness,
)
from xdsl.ir import Attribute

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType

Backend = Literal["interpreter", "csim", "mlir", "rtl"]


@dataclass(frozen=True)
class SimResult:
    returns: tuple[Any, ...]
    """The function's results: numpy arrays for memrefs, numpy scalars else."""
    args: tuple[Any, ...]
    """Every argument after the call; memrefs hold what the function wrote."""
    cycles: int | None = None
    """Clock cycles from start to done, for the `rtl` backend."""


def numpy_dtype(t: Attribute) -> np.dtype[Any]:
    """
    The numpy dtype that holds values of the scalar MLIR type `t`.

    Integers of non-standard width use the next wider standard dtype, signed
    unless the type is unsigned; wider than 64 bits, Python ints (`object`).
    Fixed-point values travel as their raw bits: `!allo.fixed<W, F>` as the
    signed integer `value * 2**F`, `!allo.ufixed<W, F>` unsigned."""
    if isinstance(t, MemRefType):
        return numpy_dtype(t.element_type)
    if isinstance(t, FixedPointType):
        return numpy_dtype(IntegerType(t.width.data, _signedness(t.signed)))
    if isinstance(t, Float32Type):
        return np.dtype(np.float32)
    if isinstance(t, Float64Type):
        return np.dtype(np.float64)
    if isinstance(t, IndexType):
        return np.dtype(np.int64)
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return np.dtype(np.bool_)
        unsigned = t.signedness.data.name == "UNSIGNED"
        for bits in (8, 16, 32, 64):
            if width <= bits:
                return np.dtype(f"{'u' if unsigned else ''}int{bits}")
        return np.dtype(object)
    raise AlloError(f"simulation does not support type {t}")


def _signedness(signed: bool) -> Signedness:
    return Signedness.SIGNLESS if signed else Signedness.UNSIGNED
