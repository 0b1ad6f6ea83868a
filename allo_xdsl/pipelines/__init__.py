"""
YAML pipelines: loading, builtin pipelines, and the Python API.

from allo_xdsl.pipelines import load_pipeline
pipeline = load_pipeline("fpga.yaml")        # or a builtin name: "fpga"
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from xdsl.passes import ModulePass

from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.pipelines.pipeline import Pipeline, ScheduleStep
from allo_xdsl.pipelines.yaml_loader import load_pipeline_file
from allo_xdsl.registry import available_passes as all_passes

__all__ = ["Pipeline", "ScheduleStep", "builtin_pipelines", "load_pipeline"]

_BUILTIN_DIR = Path(__file__).parent


def builtin_pipelines() -> dict[str, Path]:
    """Builtin pipeline names and their files."""
    return {p.stem: p for p in sorted(_BUILTIN_DIR.glob("*.yaml"))}


def builtin_description(path: Path) -> str:
    data = yaml.safe_load(path.read_text()) or {}
    return str(data.get("description", ""))


def resolve_pipeline(name: str, base: Path | None = None) -> Path:
    """
    A pipeline file: `name` as a path (relative to `base` when given), else
    the builtin pipeline of that name."""
    candidate = Path(name) if base is None else base / name
    if candidate.is_file():
        return candidate
    builtins = builtin_pipelines()
    stem = name.removesuffix(".yaml")
    if stem in builtins and not Path(name).is_absolute():
        return builtins[stem]
    raise AlloError(
        f"no pipeline file '{candidate}'; "
        + did_you_mean("builtin pipeline", stem, builtins)
    )


def load_pipeline(
    name: str,
    available_passes: dict[str, Callable[[], type[ModulePass]]] | None = None,
) -> Pipeline:
    """Load a YAML pipeline file, or a builtin pipeline by name."""
    passes = all_passes() if available_passes is None else available_passes
    return load_pipeline_file(resolve_pipeline(name), passes, resolve_pipeline)
