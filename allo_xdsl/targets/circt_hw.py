"""
CIRCT's dynamic (handshake) flow, from cf-level MLIR to SystemVerilog,
with the CIRCT Python API that the PyPI package pycde (0.12.1) bundles.

It runs in a child process (`python -m allo_xdsl.targets.circt_hw`, MLIR on
stdin, SystemVerilog on stdout) because CIRCT aborts the whole process on
some inputs (a failed C++ assertion); the parent turns that into an error.

The passes, in order (as CIRCT's `hlstool --dynamic-hw` runs them):
"""

from __future__ import annotations

import io
import sys
from importlib import import_module
from typing import Any

HANDSHAKE_FLOW: tuple[str, ...] = (
    # memories: multi-dimensional memrefs become 1-D, then cf -> handshake
    "flatten-memref,flatten-memref-calls,func.func(handshake-legalize-memrefs),"
    "lower-cf-to-handshake",
    # external memories become load/store ports of the top module
    "handshake-lower-extmem-to-hw",
    "handshake.func(canonicalize,handshake-materialize-forks-sinks,"
    "handshake-insert-buffers)",
    "lower-handshake-to-hw",
    "lower-esi-ports,lower-esi-to-physical,lower-esi-to-hw",
    "canonicalize",
    "hw.module(lower-seq-hlmem)",
    "lower-seq-to-sv",
    "hw.module(hw-cleanup)",
    "cse",
    "canonicalize",
    "hw.module(hw-legalize-modules)",
    "hw.module(prettify-verilog)",
)
"""Pass pipelines run one after the other on the module, then
`export_verilog`."""

__doc__ = (__doc__ or "") + "".join(f"\n    {p}" for p in HANDSHAKE_FLOW) + "\n"


def to_verilog(mlir: str) -> str:
    """SystemVerilog for `mlir` (cf level); raises on a CIRCT error."""
    # A native extension without type stubs.
    circt: Any = import_module("pycde.circt")
    ir: Any = import_module("pycde.circt.ir")
    passmanager: Any = import_module("pycde.circt.passmanager")

    ctx = ir.Context()
    circt.register_dialects(ctx)
    with ctx:
        # The memref dialect is not registered by pycde, only loaded as a
        # dependency of these passes: run them once so that it parses.
        passmanager.PassManager.parse(
            "builtin.module(flatten-memref,lower-cf-to-handshake)"
        ).run(ir.Module.parse("").operation)
        module = ir.Module.parse(mlir)
        for step in HANDSHAKE_FLOW:
            passmanager.PassManager.parse(f"builtin.module({step})").run(
                module.operation
            )
        out = io.StringIO()
        circt.export_verilog(module, out)
    return out.getvalue()


def main() -> int:
    try:
        # optional extra: CIRCT's Python API (pycde), checked where it is used
        import pycde  # noqa: F401
    except ImportError:
        sys.stderr.write("the CIRCT Python API is missing: pip install pycde==0.12.1\n")
        return 3
    try:
        sys.stdout.write(to_verilog(sys.stdin.read()))
    except Exception as e:
        sys.stderr.write(f"{type(e).__name__}: {e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
