"""
Run a `func.func` on numpy arrays.

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
from typing import Any

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.csim import run_csim
from allo_xdsl.sim.interpreter import run_interpreter
from allo_xdsl.sim.mlir_runner import run_mlir
from allo_xdsl.sim.result import Backend, SimResult, numpy_dtype
from allo_xdsl.sim.rtl import run_rtl

__all__ = ["Backend", "SimResult", "numpy_dtype", "simulate"]


def simulate(
    module: Any,
    func: str,
    args: Sequence[Any],
    backend: Backend = "interpreter",
) -> SimResult:
    """Run `func` of `module` on `args` with the chosen backend."""
    if backend == "interpreter":
        return run_interpreter(module, func, args)
    if backend == "csim":
        return run_csim(module, func, args)
    if backend == "mlir":
        return run_mlir(module, func, args)
    if backend == "rtl":
        return run_rtl(module, func, args)
    raise AlloError(f"unknown simulation backend '{backend}'")
