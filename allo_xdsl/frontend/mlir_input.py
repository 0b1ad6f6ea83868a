"""
An MLIR input as the passes take it: parsed (`allo_xdsl.parsing`), then
prepared: verified, what foreign producers emit lowered
(`frontend.foreign_mlir`), affine maps made symbol-free and loops named.

    from allo_xdsl.frontend.mlir_input import read_mlir
    module = read_mlir(make_context(), text, "kernel.mlir")
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.frontend.foreign_mlir import prepare_foreign
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.name_loops import NameLoopsPass
from allo_xdsl.passes.normalize_affine import NormalizeAffinePass


def read_mlir(
    ctx: Context, text: str, name: str = "<stdin>", line_offset: int = 0
) -> ModuleOp:
    """
    Parse `text` and prepare it. `line_offset` is the line of file `name`
    that `text` starts after (for a chunk of a split input).

    Raises `AlloError` on any syntax or verification error."""
    module = parse_module(ctx, text, name, line_offset)
    prepare_module(ctx, module)
    return module


def prepare_module(ctx: Context, module: ModuleOp) -> None:
    """
    What every input needs before passes run: verification and the
    lowering of what foreign producers emit, symbol-free affine maps, and
    loop names."""
    prepare_foreign(ctx, module)
    NormalizeAffinePass().apply(ctx, module)
    NameLoopsPass().apply(ctx, module)
