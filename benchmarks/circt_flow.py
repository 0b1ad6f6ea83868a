"""
The CIRCT flow per kernel: RTL cycle count and the time of each step.

Steps: parse, the circt pipeline, the export at the cf level, mlir-opt-22
verification, the mlir-runner simulation (lowering, JIT, run), CIRCT's
handshake flow to SystemVerilog (pycde, child process), the Verilator
build (in a fresh cache, so it is measured) and the RTL simulation. Every
result is checked against numpy.

    python benchmarks/circt_flow.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from circt_cases import CASES, GEMM_I32, TWO_STAGES, passes_of  # noqa: E402
from loop_check import gemm_i32_ref, kernel_text, stencil2d_ref  # noqa: E402

from allo_xdsl.context import make_context  # noqa: E402
from allo_xdsl.frontend.mlir_input import read_mlir  # noqa: E402
from allo_xdsl.pipelines import load_pipeline  # noqa: E402
from allo_xdsl.sim import rtl  # noqa: E402
from allo_xdsl.sim.mlir_runner import run_mlir  # noqa: E402
from allo_xdsl.targets.circt import emit_circt  # noqa: E402
from allo_xdsl.targets.verilog import export_rtl  # noqa: E402

STEPS = ("parse", "pipeline", "export", "mlir-opt", "mlir-run", "circt", "verilator")
STEPS += ("rtl-run",)


def kernels() -> list[tuple[str, str, str, list[Any], Callable[..., Any]]]:
    """(label, text, function, schedule passes, reference)."""
    from allo_xdsl.passes.loop_reorder import LoopReorderPass

    tile, fuse, compute_at = CASES["tile"], CASES["fuse"], CASES["compute_at"]
    reorder = [LoopReorderPass(func="gemm", loops=("k", "j"))]
    return [
        ("gemm_i32_ret", kernel_text("gemm_i32_ret"), "gemm_i32", [], gemm_i32_ref),
        ("stencil2d", kernel_text("stencil2d"), "stencil2d", [], stencil2d_ref),
        ("gemm 6x5x7", GEMM_I32, "gemm", [], tile.reference),
        ("gemm + tile 4x2", GEMM_I32, "gemm", passes_of(tile), tile.reference),
        ("gemm + reorder k,j", GEMM_I32, "gemm", reorder, tile.reference),
        ("gemm + fuse i,j", GEMM_I32, "gemm", passes_of(fuse), fuse.reference),
        ("two stages", TWO_STAGES, "two", [], compute_at.reference),
        (
            "two + compute_at",
            TWO_STAGES,
            "two",
            passes_of(compute_at),
            compute_at.reference,
        ),
    ]


def inputs_for(module: Any, func: str) -> list[Any]:
    from loop_check import random_inputs

    return random_inputs(module, func, seed=11)


def measure(row: dict[str, float], step: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    row[step] = time.perf_counter() - start
    return result


def run_kernel(label: str, text: str, func: str, passes: list[Any], reference: Any):
    row: dict[str, float] = {}
    ctx = make_context()
    module = measure(row, "parse", lambda: read_mlir(ctx, text, label))
    for p in passes:
        p.apply(ctx, module)
    original = module.clone()
    measure(row, "pipeline", lambda: load_pipeline("circt-cf").apply(ctx, module))
    exported = measure(row, "export", lambda: emit_circt(module, "cf"))
    measure(
        row,
        "mlir-opt",
        lambda: subprocess.run(
            ["mlir-opt-22", "--verify-each"],
            input=exported,
            capture_output=True,
            text=True,
            check=True,
        ),
    )
    args = inputs_for(original, func)
    expected = [np.array(a, copy=True) for a in args]
    returned = reference(*expected)
    by_mlir = measure(row, "mlir-run", lambda: run_mlir(original, func, args, "cf"))
    design = measure(row, "circt", lambda: export_rtl(module, func))
    with tempfile.TemporaryDirectory() as cache:
        old = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = cache
        try:
            by_rtl = measure(
                row,
                "verilator",
                lambda: rtl.run_rtl(original, func, args, design=design),
            )
            by_rtl = measure(
                row, "rtl-run", lambda: rtl.run_rtl(original, func, args, design=design)
            )
        finally:
            if old is None:
                os.environ.pop("XDG_CACHE_HOME")
            else:
                os.environ["XDG_CACHE_HOME"] = old
    row["verilator"] -= row["rtl-run"]
    ok = all(_equal(r, expected, returned) for r in (by_mlir, by_rtl))
    return row, by_rtl.cycles, ok, len(design.sv.splitlines())


def _equal(result: Any, expected: list[Any], returned: Any) -> bool:
    if not all(
        np.array_equal(a, b) for a, b in zip(result.args, expected, strict=True)
    ):
        return False
    return returned is None or np.array_equal(result.returns[0], returned)


def main() -> None:
    header = f"{'kernel':<20} {'cycles':>8} {'SV lines':>8} {'ok':>3} " + " ".join(
        f"{s:>9}" for s in STEPS
    )
    print(header)
    print("-" * len(header))
    for label, text, func, passes, reference in kernels():
        row, cycles, ok, lines = run_kernel(label, text, func, passes, reference)
        times = " ".join(f"{row[s]:9.3f}" for s in STEPS)
        print(f"{label:<20} {cycles:>8} {lines:>8} {'yes' if ok else 'NO':>3} {times}")
    print("\ntimes in seconds; verilator = build only (C++ at -O0), rtl-run = run")


if __name__ == "__main__":
    main()
