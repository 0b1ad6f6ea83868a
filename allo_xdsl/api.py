"""The Python API in one place: parse, customize, emit.

    from allo_xdsl.api import compile_mlir, parse, emit
    from allo_xdsl.pipelines import Pipeline, ScheduleStep, load_pipeline

    cpp = compile_mlir(open("gemm.mlir").read(), "gemm.yaml", target="hls-cpp")

    pipeline = Pipeline(
        schedule={"gemm": [ScheduleStep("pipeline", {"loop": "j", "ii": 1})]},
    )
    ctx, module = parse(text)
    pipeline.apply(ctx, module)
    print(emit(ctx, module, "hls-cpp"))

Errors are `allo_xdsl.diagnostics.AlloError`, with a location where there
is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.pipelines import Pipeline, load_pipeline


def parse(text: str, name: str = "<string>") -> tuple[Context, ModuleOp]:
    """A context with every allo-xdsl dialect, and `text` parsed, verified,
    normalized and with its loops named."""
    from allo_xdsl.context import make_context
    from allo_xdsl.parsing import parse_module

    ctx = make_context()
    return ctx, parse_module(ctx, text, name)


def emit(ctx: Context, module: ModuleOp, target: str = "mlir") -> str:
    """The text of `module` for `target` (`mlir`, `hls-cpp`, `circt{level=cf}`,
    or any installed target)."""
    from allo_xdsl.registry import make_target

    out = StringIO()
    make_target(target).emit(ctx, module, out)
    return out.getvalue()


def compile_mlir(
    text: str,
    pipeline: Pipeline | str | None = None,
    target: str | None = None,
    passes: Sequence[ModulePass] = (),
    name: str = "<string>",
) -> str:
    """Parse `text`, apply `pipeline` (a `Pipeline`, a YAML file or a builtin
    name) and `passes`, and emit `target` (default: the pipeline's, or mlir)."""
    if isinstance(pipeline, str):
        pipeline = load_pipeline(pipeline)
    pipeline = pipeline or Pipeline()
    ctx, module = parse(text, name)
    pipeline.apply(ctx, module, passes)
    return emit(ctx, module, target or pipeline.target or "mlir")
