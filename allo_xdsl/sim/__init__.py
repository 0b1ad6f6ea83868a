"""Run a `func.func` on numpy arrays.

Four backends compute the same thing: `interpreter` (xDSL's interpreter,
with what it lacks added), `csim` (emit HLS C++, compile it with g++ against
the Vitis ap_types headers of the installed hls4ml package, and run it),
`mlir` (the circt export, lowered by mlir-opt-22 and run by mlir-runner-22)
and `rtl` (the circt export through CIRCT's handshake flow to SystemVerilog,
simulated by Verilator; integer kernels only, and `cycles` is set).

    from allo_xdsl.sim import simulate
    result = simulate(module, "gemm", [A, B, C], backend="csim")
    result.returns   # the function's results, as numpy arrays / scalars
    result.args      # every argument after the call (memrefs updated in place)

Inputs are never modified: memref arguments are copied in.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    """The numpy dtype that holds values of the scalar MLIR type `t`.

    Integers of non-standard width use the next wider standard dtype, signed
    unless the type is unsigned; wider than 64 bits, Python ints (`object`).
    Fixed-point values travel as their raw bits: `!allo.fixed<W, F>` as the
    signed integer `value * 2**F`, `!allo.ufixed<W, F>` unsigned."""
    from allo_xdsl.dialects.allo import FixedPointType

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


def simulate(
    module: Any,
    func: str,
    args: Sequence[Any],
    backend: Backend = "interpreter",
) -> SimResult:
    """Run `func` of `module` on `args` with the chosen backend."""
    if backend == "interpreter":
        from allo_xdsl.sim.interpreter import run_interpreter

        return run_interpreter(module, func, args)
    if backend == "csim":
        from allo_xdsl.sim.csim import run_csim

        return run_csim(module, func, args)
    if backend == "mlir":
        from allo_xdsl.sim.mlir_runner import run_mlir

        return run_mlir(module, func, args)
    if backend == "rtl":
        from allo_xdsl.sim.rtl import run_rtl

        return run_rtl(module, func, args)
    raise AlloError(f"unknown simulation backend '{backend}'")
