"""Everything installed: xDSL's, allo-xdsl's and plugins' passes and targets,
found through the `xdsl.universe` entry points."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from xdsl.passes import ModulePass
from xdsl.universe import Universe
from xdsl.utils.target import Target


@cache
def multiverse() -> Universe:
    return Universe.get_multiverse()


def available_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return dict(multiverse().all_passes)


def available_targets() -> dict[str, Callable[[], type[Target]]]:
    return dict(multiverse().all_targets)
