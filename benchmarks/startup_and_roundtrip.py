"""
allo-opt start-up on a small file, and allo-opt vs xdsl-opt round trip on a
module of about 10k ops. Prints medians of 5 runs and the ratio.

    python benchmarks/startup_and_roundtrip.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import gemm_module, median_seconds

ROOT = Path(__file__).parent.parent


def main() -> None:
    small = ROOT / "examples" / "gemm.mlir"
    startup = median_seconds(["allo-opt", str(small)])
    version = median_seconds(["allo-opt", "--version"])
    print(f"allo-opt --version            {version:6.3f} s")
    print(f"allo-opt examples/gemm.mlir   {startup:6.3f} s  (target <= 0.5 s)")

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.mlir"
        kernels = 10_000 // 14
        big.write_text(gemm_module(kernels))
        ops = big.read_text().count(" = ") + big.read_text().count("affine.store")
        ours = median_seconds(["allo-opt", str(big)], runs=3)
        theirs = median_seconds(["xdsl-opt", str(big)], runs=3)
        print(f"round trip, {kernels} kernels (~{ops + 4 * kernels} ops):")
        print(
            f"  allo-opt {ours:6.2f} s   xdsl-opt {theirs:6.2f} s   "
            f"ratio {ours / theirs:4.2f} (target <= 1.2)"
        )


if __name__ == "__main__":
    main()
