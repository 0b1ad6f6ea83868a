"""
How the interpreter represents MLIR values in Python.

- `iN` (signless, N > 1), `siN` and `index` (64 bits): a Python `int` in the
  signed range of the type; `i1` and `uiN`: a Python `int` in `[0, 2**N)`.
  Every integer op wraps its result to the type, as two's complement
  hardware does.
- `f64`: a Python `float`; `f32`: a Python `float` that is exactly an f32
  value. Every f32 op rounds its (double) result to f32, which gives the
  correctly rounded f32 result for `+ - * /` and `sqrt` (a double holds more
  than twice the f32 precision, so rounding twice is harmless).
- memrefs: a `Buffer`, xDSL's `ShapedArray` over a `bytearray` that numpy
  can view without copying, plus a flat `memoryview` for fast element access.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

import numpy as np
from xdsl.dialects.builtin import (
    AffineMapAttr,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    MemRefType,
    ShapedType,
    Signedness,
    StridedLayoutAttr,
    StructPackableType,
)
from xdsl.interpreters.shaped_array import ShapedArray
from xdsl.interpreters.utils.ptr import TypedPtr
from xdsl.ir import Attribute
from xdsl.ir.affine import AffineMap

INDEX_WIDTH = 64

_F32 = struct.Struct("f")
_F32_PACK = _F32.pack
_F32_UNPACK = _F32.unpack


def round_f32(x: float) -> float:
    """`x` rounded to the nearest f32 (ties to even), as a Python float."""
    try:
        return _F32_UNPACK(_F32_PACK(x))[0]
    except OverflowError:
        # struct refuses values that round beyond FLT_MAX; IEEE gives inf.
        return math.copysign(math.inf, x)


def _next_f32(x: float, direction: float) -> float:
    return float(np.nextafter(np.float32(x), np.float32(direction)))


def f32_from_exact(q: Fraction) -> float:
    """
    The exact rational `q` rounded once to the nearest f32.

    Going through the nearest double can only go wrong when that double lies
    exactly halfway between two f32 values while `q` does not."""
    d = float(q)
    r = round_f32(d)
    if Fraction(d) == q or not math.isfinite(r) or r == d:
        return r
    other = _next_f32(r, math.inf if r < d else -math.inf)
    if Fraction(r) + Fraction(other) != 2 * Fraction(d):
        return r
    below, above = (r, other) if r < d else (other, r)
    return below if q < Fraction(d) else above


def int_to_f32(v: int) -> float:
    if -(2**53) <= v <= 2**53:
        return round_f32(float(v))
    return f32_from_exact(Fraction(v))


@dataclass(frozen=True)
class IntKind:
    """Width and representation of an integer type (see the module doc)."""

    width: int
    signed_repr: bool

    @property
    def mask(self) -> int:
        return (1 << self.width) - 1

    def wrapper(self) -> Callable[[int], int]:
        """A function that wraps any Python int to this type's representation."""
        mask = self.mask
        if not self.signed_repr:
            return lambda v: v & mask
        half = 1 << (self.width - 1)
        return lambda v: ((v + half) & mask) - half

    def wrap(self, v: int) -> int:
        return self.wrapper()(v)

    def signed(self, v: int) -> int:
        """The two's complement signed value of the bits of `v`."""
        if self.signed_repr:
            return v
        return v - (1 << self.width) if v >> (self.width - 1) else v

    def unsigned(self, v: int) -> int:
        """The unsigned value of the bits of `v`."""
        return v & self.mask


def int_kind(t: Attribute) -> IntKind | None:
    """The `IntKind` of an integer or index type, None for other types."""
    if isinstance(t, IndexType):
        return IntKind(INDEX_WIDTH, True)
    if not isinstance(t, IntegerType):
        return None
    width = t.width.data
    unsigned = t.signedness.data == Signedness.UNSIGNED
    return IntKind(width, width > 1 and not unsigned)


def is_float(t: Attribute) -> bool:
    return isinstance(t, Float32Type | Float64Type)


def float_rounder(t: Attribute) -> Callable[[float], float] | None:
    """The rounding a result of float type `t` needs (None for f64)."""
    return round_f32 if isinstance(t, Float32Type) else None


def scalar_supported(t: Attribute) -> bool:
    return is_float(t) or int_kind(t) is not None


def memref_problem(t: MemRefType[Any]) -> str | None:
    """Why the interpreter cannot hold a memref of type `t`, or None."""
    shape = t.get_shape()
    if not all(d >= 0 for d in shape):
        return "dynamic shapes are not supported"
    element = t.get_element_type()
    if not scalar_supported(element):
        return f"element type {element} is not supported"
    kind = int_kind(element)
    if kind is not None and kind.width > 64:
        return "integers wider than 64 bits cannot be stored"
    layout = t.layout
    if isinstance(layout, AffineMapAttr):
        if layout.data != AffineMap.identity(len(shape)):
            return "only row-major layouts are supported"
    elif isinstance(layout, StridedLayoutAttr):
        row_major = ShapedType.strides_for_shape(shape)
        if tuple(layout.get_strides()) != row_major or layout.get_offset():
            return "only row-major layouts are supported"
    # Other layouts (partitioning) describe banks, not addresses.
    return None


def xtype_of(t: Attribute) -> Any:
    """
    The `PackableType` xDSL's `TypedPtr` uses for elements of type `t`.

    Its struct format (`<b` for i1, `<h` for i12, `<B` for ui8, ...) has the
    size and signedness of `allo_xdsl.sim.numpy_dtype(t)`."""
    if isinstance(t, IndexType):
        return IntegerType(INDEX_WIDTH)
    return t


@dataclass
class Buffer(ShapedArray[Any]):
    """
    A memref value: a `ShapedArray` whose bytes numpy and a flat
    `memoryview` share."""

    flat: memoryview = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        raw = self.data_ptr.raw
        xtype = self.data_ptr.xtype
        assert isinstance(xtype, StructPackableType)
        nbytes = math.prod(self.shape) * xtype.compile_time_size
        view = memoryview(raw.memory)[raw.offset : raw.offset + nbytes]
        self.flat = view.cast(cast(Any, xtype.format.lstrip("<")))

    @staticmethod
    def zeros(t: MemRefType[Any]) -> Buffer:
        shape = list(t.get_shape())
        xtype = xtype_of(t.get_element_type())
        return Buffer(TypedPtr[Any].zeros(math.prod(shape), xtype=xtype), shape)

    def numpy_view(self, dtype: np.dtype[Any]) -> np.ndarray[Any, Any]:
        """A numpy array over this buffer's bytes (no copy)."""
        raw = self.data_ptr.raw
        count = math.prod(self.shape)
        flat = np.frombuffer(raw.memory, dtype=dtype, count=count, offset=raw.offset)
        return flat.reshape(self.shape)

    def reshaped(self, shape: Sequence[int]) -> Buffer:
        """The same bytes seen with another shape (no copy)."""
        return Buffer(self.data_ptr, list(shape))
