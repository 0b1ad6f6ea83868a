"""
The fixed-point types of the `allo` dialect, and the short type names that
schedules write.

```mlir
!allo.fixed<16, 8>    // signed fixed point: 16 bits in total, 8 of them fractional
!allo.ufixed<8, 4>    // unsigned fixed point
```

A fixed-point value with width `W` and `F` fractional bits stands for the
integer it holds (its raw bits, two's complement for `fixed`) times `2**-F`:
Vitis `ap_fixed<W, W - F>` and `ap_ufixed<W, W - F>` with their default
modes, truncation (`AP_TRN`) and wrap-around (`AP_WRAP`).

`parse_type_spec` reads the short type names that schedules use (`quantize`):
`fixed<16,8>`, `ufixed<8,4>`, `i12`, `ui8`, `f32`, ...

The types belong to the `allo` dialect (`dialects/allo.py`); they live here so
that readers of type names (the `sched` dialect) need not load its ops.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntAttr,
    IntegerType,
    Signedness,
)
from xdsl.ir import Attribute, ParametrizedAttribute, TypeAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException


def fixed_point_error(kind: str, width: int, frac: int) -> str | None:
    """
    Why `<width, frac>` is not a valid `kind` (`fixed` or `ufixed`), if it
    is not."""
    name = "fixed-point" if kind == "fixed" else "unsigned fixed-point"
    if width < 1:
        return f"{name} width must be >= 1, got {width}"
    if frac < 0:
        return f"{name} fractional bits must be >= 0, got {frac}"
    if frac > width:
        return f"fractional bits {frac} exceed width {width}"
    return None


# A dataclass itself, so that `width` and `frac` take part in the equality
# and hash of the subclasses (irdl makes only the subclasses dataclasses).
@dataclass(frozen=True, init=False)
class FixedPointType(ParametrizedAttribute, TypeAttribute):
    """The common part of `!allo.fixed` and `!allo.ufixed`."""

    width: IntAttr
    frac: IntAttr

    def __init__(self, width: int | IntAttr, frac: int | IntAttr):
        if isinstance(width, int):
            width = IntAttr(width)
        if isinstance(frac, int):
            frac = IntAttr(frac)
        super().__init__(width, frac)

    @property
    def signed(self) -> bool:
        return self.mnemonic == "fixed"

    @property
    def mnemonic(self) -> str:
        return self.name.removeprefix("allo.")

    @property
    def int_bits(self) -> int:
        """Bits before the binary point (sign included), as in `ap_fixed<W, I>`."""
        return self.width.data - self.frac.data

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        start = parser.pos
        with parser.in_angle_brackets():
            width = parser.parse_integer(allow_boolean=False)
            parser.parse_punctuation(",")
            frac = parser.parse_integer(allow_boolean=False)
        kind = cls.name.removeprefix("allo.")
        if (error := fixed_point_error(kind, width, frac)) is not None:
            parser.raise_error(
                f"!{cls.name}<{width}, {frac}>: {error}", start, parser.pos
            )
        return (IntAttr(width), IntAttr(frac))

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<{self.width.data}, {self.frac.data}>")

    def verify(self) -> None:
        error = fixed_point_error(self.mnemonic, self.width.data, self.frac.data)
        if error is not None:
            raise VerifyException(f"{self}: {error}")


@irdl_attr_definition(init=False)
class FixedType(FixedPointType):
    """Signed fixed point: `width` bits in total, `frac` of them fractional."""

    name = "allo.fixed"


@irdl_attr_definition(init=False)
class UFixedType(FixedPointType):
    """Unsigned fixed point: `width` bits in total, `frac` of them fractional."""

    name = "allo.ufixed"


_FIXED_SPEC = re.compile(r"(u?fixed)\s*<\s*(-?\d+)\s*,\s*(-?\d+)\s*>")
_INT_SPEC = re.compile(r"(u?i)(\d+)")
_FLOAT_SPECS: dict[str, Attribute] = {
    "f16": Float16Type(),
    "bf16": BFloat16Type(),
    "f32": Float32Type(),
    "f64": Float64Type(),
    "index": IndexType(),
}


def parse_type_spec(text: str) -> Attribute:
    """
    The type named by a schedule's short type name: `fixed<W,F>`,
    `ufixed<W,F>`, `iN` (signless), `uiN` (unsigned), `f16`, `bf16`, `f32`,
    `f64` or `index`. Raises `ValueError` saying why on anything else."""
    spec = text.strip()
    if (m := _FIXED_SPEC.fullmatch(spec)) is not None:
        kind, width, frac = m.group(1), int(m.group(2)), int(m.group(3))
        if (error := fixed_point_error(kind, width, frac)) is not None:
            raise ValueError(f"{error} in '{text}'")
        return FixedType(width, frac) if kind == "fixed" else UFixedType(width, frac)
    if (m := _INT_SPEC.fullmatch(spec)) is not None:
        width = int(m.group(2))
        if width < 1:
            raise ValueError(f"integer width must be >= 1 in '{text}'")
        if m.group(1) == "ui":
            return IntegerType(width, Signedness.UNSIGNED)
        return IntegerType(width)
    if spec in _FLOAT_SPECS:
        return _FLOAT_SPECS[spec]
    raise ValueError(
        f"expected fixed<W,F>, ufixed<W,F>, iN, uiN, f16, bf16, f32, f64 or "
        f"index, got '{text}'"
    )
