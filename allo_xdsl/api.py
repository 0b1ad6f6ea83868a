"""
The Python API in one place: parse, customize, emit.

    from allo_xdsl.api import compile_mlir, parse, emit
    from allo_xdsl.pipelines import Pipeline, ScheduleStep, load_pipeline

    cpp = compile_mlir(open("gemm.mlir").read(), "gemm.yaml", target="hls-cpp")

    pipeline = Pipeline(
        schedule={"gemm": [ScheduleStep("pipeline", {"loop": "j", "ii": 1})]},
    )
    ctx, module = parse(text)
    pipeline.apply(ctx, module)
    print(emit(ctx, module, "hls-cpp"))

A target that needs lowering first (`circt`, `verilog`, `csim`) declares
the builtin pipeline that does it; `emit` and `compile_mlir` run it when
the module is not ready, as `allo-opt` does.

Errors are `allo_xdsl.diagnostics.AlloError`, with a location where there
is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.utils.target import Target

from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.pipelines import Pipeline, load_pipeline
from allo_xdsl.pipelines.pipeline import PassRunner
from allo_xdsl.registry import make_target
from allo_xdsl.targets import LoweringTarget


def parse(text: str, name: str = "<string>") -> tuple[Context, ModuleOp]:
    """
    A context with every allo-xdsl dialect, and `text` parsed, verified,
    normalized and with its loops named."""
    ctx = make_context()
    return ctx, read_mlir(ctx, text, name)


def emit(ctx: Context, module: ModuleOp, target: str = "mlir") -> str:
    """
    The text of `module` for `target` (`mlir`, `hls-cpp`, `circt{level=cf}`,
    or any installed target). When the target needs lowering that `module`
    has not had, a copy of it is lowered; `module` itself is not changed."""
    chosen = make_target(target)
    if needs_lowering(chosen, module):
        module = module.clone()
        lower_for_target(ctx, module, chosen)
    out = StringIO()
    chosen.emit(ctx, module, out)
    return out.getvalue()


def needs_lowering(target: Target, module: ModuleOp) -> bool:
    """Whether `target` declares a pipeline that `module` has not had."""
    return isinstance(target, LoweringTarget) and not target.accepts(module)


def lower_for_target(
    ctx: Context, module: ModuleOp, target: Target, run: PassRunner | None = None
) -> None:
    """Run the pipeline that `target` declares (if any) on `module`."""
    if isinstance(target, LoweringTarget):
        load_pipeline(target.pipeline).apply(ctx, module, run=run)


def compile_mlir(
    text: str,
    pipeline: Pipeline | str | None = None,
    target: str | None = None,
    passes: Sequence[ModulePass] = (),
    name: str = "<string>",
) -> str:
    """
    Parse `text`, apply `pipeline` (a `Pipeline`, a YAML file or a builtin
    name) and `passes`, and emit `target` (default: the pipeline's, or mlir)."""
    if isinstance(pipeline, str):
        pipeline = load_pipeline(pipeline)
    pipeline = pipeline or Pipeline()
    ctx, module = parse(text, name)
    pipeline.apply(ctx, module, passes)
    return emit(ctx, module, target or pipeline.target or "mlir")
