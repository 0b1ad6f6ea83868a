"""
Shared helpers of the data-type tests: MLIR type descriptors, random raw
values with the corner cases that matter (overflow, wrap, negative numbers,
truncation), batch kernels that put many cases in one function (one g++
compile), and the comparison of C simulation with the lowered IR in the
interpreter."""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.lower_bit_ops import LowerBitOpsPass
from allo_xdsl.passes.lower_fixed_point import LowerFixedPointPass
from allo_xdsl.sim import SimResult, simulate


@dataclass(frozen=True)
class Fx:
    """`!allo.fixed<W, F>` (signed) or `!allo.ufixed<W, F>`."""

    width: int
    frac: int
    signed: bool = True

    def __str__(self) -> str:
        kind = "fixed" if self.signed else "ufixed"
        return f"!allo.{kind}<{self.width}, {self.frac}>"


@dataclass(frozen=True)
class Int:
    """`iN` (signed) or `uiN`."""

    width: int
    signed: bool = True

    @property
    def frac(self) -> int:
        return 0

    def __str__(self) -> str:
        return f"{'i' if self.signed else 'ui'}{self.width}"


@dataclass(frozen=True)
class Flt:
    bits: int

    def __str__(self) -> str:
        return f"f{self.bits}"


Type = Fx | Int | Flt


def low(t: Fx | Int) -> int:
    return -(1 << (t.width - 1)) if t.signed else 0


def high(t: Fx | Int) -> int:
    """One past the largest raw value."""
    return low(t) + (1 << t.width)


def wrap(value: int, t: Fx | Int) -> int:
    """`value` wrapped to the raw range of `t`."""
    return (value - low(t)) % (1 << t.width) + low(t)


def raw_values(rng: np.random.Generator, t: Fx | Int, n: int) -> list[int]:
    """`n` raw values of `t`: the extremes, -1, 0, 1 and random ones."""
    corners = [low(t), high(t) - 1, low(t) + 1, high(t) - 2, 0, 1, -1]
    values = [wrap(c, t) for c in corners]
    while len(values) < n:
        bits = int(rng.integers(1, t.width + 1))
        magnitude = int(rng.integers(0, 2**62)) % (1 << bits)
        values.append(wrap(-magnitude if rng.random() < 0.5 else magnitude, t))
    order = rng.permutation(n)
    return [values[k] for k in order]


def float_values(
    rng: np.random.Generator, bits: int, scale: int, n: int
) -> list[float]:
    """
    Floats around `2**scale` and far below it (truncation), signed, with
    zeros; f32 values are exactly representable."""
    values = [0.0, -0.0, 1.0, -1.0]
    while len(values) < n:
        exponent = int(rng.integers(-20, scale + 3))
        x = float(rng.uniform(1, 2)) * 2.0**exponent
        values.append(-x if rng.random() < 0.5 else x)
    if bits == 32:
        values = [struct.unpack("f", struct.pack("f", v))[0] for v in values]
    return values[:n]


def numpy_array(t: Type, values: Sequence[Any]) -> np.ndarray[Any, Any]:
    """Values of `t` as the C simulation takes them (raw bits for fixed)."""
    if isinstance(t, Flt):
        return np.array(values, dtype=np.float32 if t.bits == 32 else np.float64)
    if t.width == 1:
        return np.array([bool(v & 1) for v in values])
    for bits in (8, 16, 32, 64):
        if t.width <= bits:
            return np.array(values, dtype=f"{'' if t.signed else 'u'}int{bits}")
    return np.array(values, dtype=object)


def lowered_array(t: Type, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """
    The same values as the lowered IR takes them: signless integers read
    as signed."""
    if isinstance(t, Flt) or t.width == 1 or t.signed:
        return values
    as_signed = Int(t.width, True)
    return numpy_array(as_signed, [wrap(int(v), as_signed) for v in values])


def same_bits(t: Type, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> bool:
    if isinstance(t, Flt):
        view = np.uint32 if t.bits == 32 else np.uint64
        return bool(np.array_equal(a.view(view), b.view(view)))
    mask = (1 << t.width) - 1
    return [int(v) & mask for v in a.ravel()] == [int(v) & mask for v in b.ravel()]


def parse(text: str, name: str = "<test>") -> ModuleOp:
    return read_mlir(make_context(), text, name)


def lower(module: ModuleOp, bit_ops_first: bool = False) -> ModuleOp:
    """
    `module` after `lower-fixed-point` and `lower-bit-ops`, in that order
    or the other."""
    lowered = module.clone()
    ctx = Context()
    passes = [LowerFixedPointPass(), LowerBitOpsPass()]
    for p in reversed(passes) if bit_ops_first else passes:
        p.apply(ctx, lowered)
    lowered.verify()
    return lowered


def run_both(
    module: ModuleOp,
    func: str,
    types: Sequence[Type],
    args: Sequence[Any],
    bit_ops_first: bool = False,
) -> tuple[SimResult, SimResult]:
    """
    `func` by C simulation (the ap_fixed/ap_int headers), and lowered by
    both lowerings in the interpreter."""
    csim = simulate(module, func, list(args), backend="csim")
    lowered_args = [
        lowered_array(t, a) if isinstance(a, np.ndarray) else a
        for t, a in zip(types, args, strict=True)
    ]
    lowered = lower(module, bit_ops_first)
    interp = simulate(lowered, func, lowered_args, backend="interpreter")
    return csim, interp


# ----- an exact model of ap_fixed (AP_TRN, AP_WRAP), for references -----


def value_of(raw: int, t: Fx | Int) -> Fraction:
    return Fraction(raw, 1 << t.frac)


def quantize(x: Fraction, t: Fx | Int) -> int:
    """The raw value of `x` assigned to `t`: floor, then wrap."""
    return wrap(math.floor(x * (1 << t.frac)), t)
