"""
Apply a 4-step schedule to each of N GEMM kernels and emit HLS C++,
against a bare `xdsl-opt` parse-and-print of the same module, for N = 10 and
100. Prints medians of 3 runs, the ratio, and the growth from 10 to 100.

    python benchmarks/schedule_scaling.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import gemm_module, median_seconds

STEPS = """\
templates:
  gemm_opt:
    - split: {loop: i, factor: 4}
    - reorder: {loops: [k, j]}
    - pipeline: {loop: j, ii: 1}
    - unroll: {loop: i.inner, factor: 2}
schedule:
"""


def pipeline_yaml(count: int) -> str:
    entries = "".join(
        f"  gemm{i}:\n    - apply: {{template: gemm_opt}}\n" for i in range(count)
    )
    return STEPS + entries + "target: hls-cpp\n"


def measure(count: int, tmp: Path) -> tuple[float, float]:
    kernel = tmp / f"gemm{count}.mlir"
    kernel.write_text(gemm_module(count))
    yaml = tmp / f"gemm{count}.yaml"
    yaml.write_text(pipeline_yaml(count))
    ours = median_seconds(["allo-opt", str(kernel), "--pipeline", str(yaml)], runs=3)
    bare = median_seconds(["xdsl-opt", str(kernel)], runs=3)
    return ours, bare


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        rows = {count: measure(count, tmp) for count in (10, 100)}
    for count, (ours, bare) in rows.items():
        print(
            f"{count:4d} kernels: allo-opt (4 steps each + hls-cpp) {ours:6.2f} s   "
            f"xdsl-opt parse+print {bare:6.2f} s   ratio {ours / bare:4.2f} "
            "(target <= 1.3)"
        )
    (small, _), (large, _) = rows[10], rows[100]
    print(f"growth 10 -> 100 kernels: {large / small:4.1f}x (linear would be <= 10x)")


if __name__ == "__main__":
    main()
