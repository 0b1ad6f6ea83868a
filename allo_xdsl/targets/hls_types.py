"""
MLIR types and constants as Vitis HLS C++ types and literals.

`f32` float, `f64` double, `i1` bool, `i8`..`i64` `int8_t`..`int64_t` (`ui*`
`uint*_t`), `index` int, other widths `ap_int<N>`/`ap_uint<N>`,
`!allo.fixed<W, F>` `ap_fixed<W, W-F>`, `!allo.ufixed<W, F>`
`ap_ufixed<W, W-F>`, `!fpga.stream<T, d>` `hls::stream<T>`.
"""

from __future__ import annotations

import math

from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    MemRefType,
    Signedness,
)
from xdsl.ir import Attribute, Operation

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.dialects.fpga import PartitionAttr, StreamType
from allo_xdsl.targets.float32_text import float32_text

STANDARD_HEADERS = ("cassert", "cstdint", "cmath", "algorithm", "limits", "cstring")
HLS_HEADERS = ("ap_int.h", "ap_fixed.h", "hls_stream.h")

STANDARD_WIDTHS = (8, 16, 32, 64)


def fixed_params(t: Attribute) -> tuple[bool, int, int] | None:
    """(signed, width, frac) of an `!allo.fixed`/`!allo.ufixed` type."""
    if isinstance(t, FixedPointType):
        return t.signed, t.width.data, t.frac.data
    return None


def stream_params(t: Attribute) -> tuple[Attribute, int] | None:
    """(element type, depth) of a `!fpga.stream` type."""
    if isinstance(t, StreamType):
        return t.element_type, t.depth.data
    return None


def is_partition_layout(layout: Attribute) -> bool:
    return isinstance(layout, PartitionAttr)


def partition_dims(t: MemRefType[Attribute]) -> list[tuple[int, str, int]]:
    """(dim (1-based), kind, factor) of each partitioned dimension of `t`."""
    layout = t.layout
    if not isinstance(layout, PartitionAttr):
        return []
    return [
        (dim, kind, factor)
        for dim, (kind, factor) in enumerate(layout.entries, start=1)
        if kind != "none"
    ]


def is_unsigned(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.signedness.data == Signedness.UNSIGNED


def is_float(t: Attribute) -> bool:
    return isinstance(t, Float32Type | Float64Type)


def int_width(t: Attribute) -> int:
    """Bit width of an integer-like type (index counts as C `int`)."""
    if isinstance(t, IndexType):
        return 32
    assert isinstance(t, IntegerType)
    return t.width.data


class CppTypes:
    """Maps MLIR types to C++ type names, recording the headers they need."""

    def __init__(self, headers: set[str]):
        self.headers = headers

    def scalar(self, t: Attribute, op: Operation | None) -> str:
        """The C++ type of a value of scalar type `t`."""
        if isinstance(t, Float32Type):
            return "float"
        if isinstance(t, Float64Type):
            return "double"
        if isinstance(t, IndexType):
            return "int"
        if isinstance(t, IntegerType):
            return self.integer(t.width.data, not is_unsigned(t))
        fixed = fixed_params(t)
        if fixed is not None:
            signed, width, frac = fixed
            self.headers.add("ap_fixed.h")
            name = "ap_fixed" if signed else "ap_ufixed"
            return f"{name}<{width}, {width - frac}>"
        stream = stream_params(t)
        if stream is not None:
            self.headers.add("hls_stream.h")
            return f"hls::stream<{self.scalar(stream[0], op)}>"
        raise AlloError(f"hls-cpp: unsupported type {t}", op)

    def integer(self, width: int, signed: bool) -> str:
        if width == 1:
            return "bool"
        if width in STANDARD_WIDTHS:
            self.headers.add("cstdint")
            return f"{'' if signed else 'u'}int{width}_t"
        self.headers.add("ap_int.h")
        return f"{'ap_int' if signed else 'ap_uint'}<{width}>"

    def signed(self, t: Attribute) -> str:
        """The C++ type that reads an integer of type `t` as signed."""
        return self.integer(int_width(t), True)

    def unsigned(self, t: Attribute) -> str:
        """The C++ type that reads an integer of type `t` as unsigned."""
        return self.integer(int_width(t), False)

    def element(self, t: MemRefType[Attribute], op: Operation | None) -> str:
        element = t.element_type
        if isinstance(element, MemRefType) or stream_params(element) is not None:
            raise AlloError(f"hls-cpp: unsupported memref element type {element}", op)
        return self.scalar(element, op)

    def int_literal(self, value: int, t: Attribute, op: Operation | None) -> str:
        """`value` (any representative modulo 2^width) as a literal of type `t`."""
        width = int_width(t)
        signed = not is_unsigned(t)
        if isinstance(t, IndexType) and not -(2**31) <= value < 2**31:
            raise AlloError(
                f"hls-cpp: index constant {value} does not fit the C++ int that "
                "holds index values",
                op,
            )
        value %= 1 << width
        if width == 1:
            return "true" if value else "false"
        if signed and value >= 1 << (width - 1):
            value -= 1 << width
        if isinstance(t, IndexType):
            return _c_int(value, 32, True, "")
        if width in (8, 16):
            return str(value)
        if width == 32:
            return _c_int(value, 32, signed, "" if signed else "u")
        if width == 64:
            return _c_int(value, 64, signed, "LL" if signed else "ULL")
        ctype = self.scalar(t, op)
        if width <= 64:
            return f"{ctype}({_c_int(value, 64, signed, 'LL' if signed else 'ULL')})"
        return f'{ctype}("{value}", 10)'

    def float_literal(self, value: float, t: Attribute) -> str:
        """A literal of type `t` (f32/f64) that reads back as exactly `value`."""
        ctype = "float" if isinstance(t, Float32Type) else "double"
        if math.isnan(value):
            self.headers.add("limits")
            return f"std::numeric_limits<{ctype}>::quiet_NaN()"
        if math.isinf(value):
            self.headers.add("limits")
            sign = "-" if value < 0 else ""
            return f"{sign}std::numeric_limits<{ctype}>::infinity()"
        if isinstance(t, Float32Type):
            # the shortest decimal that rounds back to this float32
            return _with_point(float32_text(value)) + "f"
        return _with_point(repr(float(value)))


def _with_point(text: str) -> str:
    if "." in text or "e" in text or "E" in text:
        return text
    return text + ".0"


def _c_int(value: int, width: int, signed: bool, suffix: str) -> str:
    # The most negative value has no literal: its magnitude does not fit.
    if signed and value == -(1 << (width - 1)):
        return f"({value + 1}{suffix} - 1)"
    return f"{value}{suffix}"
