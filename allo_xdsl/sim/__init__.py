"""Run a `func.func` on numpy arrays.

Two backends compute the same thing: `interpreter` (xDSL's interpreter, with
what it lacks added) and `csim` (emit HLS C++, compile it with g++ against
the Vitis ap_types headers of the installed hls4ml package, and run it).

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
)
from xdsl.ir import Attribute

from allo_xdsl.diagnostics import AlloError

Backend = Literal["interpreter", "csim"]


@dataclass(frozen=True)
class SimResult:
    returns: tuple[Any, ...]
    """The function's results: numpy arrays for memrefs, numpy scalars else."""
    args: tuple[Any, ...]
    """Every argument after the call; memrefs hold what the function wrote."""


def numpy_dtype(t: Attribute) -> np.dtype[Any]:
    """The numpy dtype that holds values of the scalar MLIR type `t`.

    Integers of non-standard width use the next wider standard dtype, signed
    unless the type is unsigned."""
    if isinstance(t, MemRefType):
        return numpy_dtype(t.element_type)
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
    raise AlloError(f"simulation does not support type {t}")


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
    raise AlloError(f"unknown simulation backend '{backend}'")
