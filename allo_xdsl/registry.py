"""
Everything installed: xDSL's, allo-xdsl's and plugins' passes and targets,
found through the `xdsl.universe` entry points."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from xdsl.passes import ModulePass
from xdsl.universe import Universe
from xdsl.utils.arg_spec import ArgSpec, parse_spec
from xdsl.utils.exceptions import ArgSpecParseError
from xdsl.utils.target import Target

from allo_xdsl.diagnostics import AlloError, did_you_mean


@cache
def multiverse() -> Universe:
    return Universe.get_multiverse()


def available_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return dict(multiverse().all_passes)


def available_targets() -> dict[str, Callable[[], type[Target]]]:
    return dict(multiverse().all_targets)


def make_target(spec: str) -> Target:
    """
    The target for `spec` (`hls-cpp`, `circt{level=cf}`, ...); raises
    `AlloError` for an unknown target or bad options."""
    try:
        parsed = parse_spec(spec)
    except ArgSpecParseError as e:
        raise AlloError(f"invalid target '{spec}': {e}") from None
    targets = available_targets()
    if parsed.name not in targets:
        raise AlloError(did_you_mean("target", parsed.name, targets))
    try:
        return targets[parsed.name]().from_spec(parsed)
    except (ValueError, TypeError) as e:
        raise AlloError(f"bad options for target '{parsed.name}': {e}") from None


def make_pass(
    spec: ArgSpec, passes: dict[str, Callable[[], type[ModulePass]]]
) -> ModulePass:
    """
    The pass `spec` names, with its options checked against the pass's
    fields; raises `AlloError` for an unknown pass or bad options."""
    if spec.name not in passes:
        raise AlloError(did_you_mean("pass", spec.name, passes))
    try:
        return passes[spec.name]().from_pass_spec(spec)
    except (ValueError, TypeError) as e:
        raise AlloError(f"bad options for pass '{spec.name}': {e}") from None
