"""Helpers shared by the benchmark scripts: timing and generated kernels."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence


def median_seconds(command: Sequence[str], runs: int = 5) -> float:
    """Median wall time of `command` over `runs` runs (fails loudly)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def gemm_kernel(index: int, size: int = 32) -> str:
    """One f32 GEMM function, `gemm<index>`, about 14 ops."""
    t = f"memref<{size}x{size}xf32>"
    return f"""func.func @gemm{index}(%A: {t}, %B: {t}, %C: {t}) {{
  affine.for %i = 0 to {size} {{
    affine.for %j = 0 to {size} {{
      affine.for %k = 0 to {size} {{
        %a = affine.load %A[%i, %k] : {t}
        %b = affine.load %B[%k, %j] : {t}
        %c = affine.load %C[%i, %j] : {t}
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : {t}
      }}
    }}
  }}
  func.return
}}
"""


def gemm_module(count: int) -> str:
    return "\n".join(gemm_kernel(i) for i in range(count))
