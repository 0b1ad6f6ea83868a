"""
`allo-import`: an ONNX model as allo-xdsl's input MLIR.

    allo-import model.onnx -o model.mlir [--dim batch=1] [--layers-as-functions]

The model's inputs are the function's first arguments, its outputs the last
ones (written in place), its weights constant globals; loops, bands and
buffers are named after the ONNX nodes (see `allo_xdsl.frontend.onnx`).
PyTorch models come in through `torch.onnx.export`.

User errors print `FILE: error: MESSAGE` on one line and exit 1; internal
errors say so and exit 2. `-o` is written only after everything succeeded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from allo_xdsl import __version__
from allo_xdsl.api import emit
from allo_xdsl.frontend.onnx import import_onnx
from allo_xdsl.tools.cli import (
    ArgumentParser,
    UsageError,
    report_internal_error,
    run_main,
    write_output,
)

PROG = "allo-import"


def make_argument_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog=PROG,
        description="Import an ONNX model (PyTorch: export it with "
        "torch.onnx.export) as MLIR that allo-opt takes: affine loops on "
        "memrefs, weights as constant globals, names from the model's nodes.",
    )
    parser.add_argument("input", help="the .onnx file")
    parser.add_argument("-o", "--output", default="-", help="output file (- stdout)")
    parser.add_argument(
        "--dim",
        action="append",
        default=[],
        metavar="NAME=SIZE",
        help="fix the symbolic dimension NAME (e.g. batch=1); repeatable",
    )
    parser.add_argument(
        "--layers-as-functions",
        action="store_true",
        help="one function per layer, called by the model's function",
    )
    parser.add_argument("--version", action="version", version=__version__)
    return parser


def parse_dims(specs: Sequence[str]) -> dict[str, int]:
    dims: dict[str, int] = {}
    for spec in specs:
        name, sep, size = spec.partition("=")
        if not sep or not name.strip() or not size.strip().isdigit():
            raise UsageError(f"--dim expects NAME=SIZE, got '{spec}'")
        if int(size) < 1:
            raise UsageError(f"--dim {name}: the size must be positive")
        dims[name.strip()] = int(size)
    return dims


def run(args: argparse.Namespace) -> int:
    dims = parse_dims(args.dim)
    ctx, module = import_onnx(args.input, dims, args.layers_as_functions)
    write_output(args.output, emit(ctx, module, "mlir"))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args: argparse.Namespace | None = None

    def body() -> int:
        nonlocal args
        args = make_argument_parser().parse_args(argv)
        return run(args)

    return run_main(
        PROG,
        body,
        lambda e: report_internal_error(PROG, e, "model"),
        # an error without a location is named after the model file
        lambda: args.input if args else PROG,
    )


if __name__ == "__main__":
    sys.exit(main())
