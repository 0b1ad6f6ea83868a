# stand-in: replaced by the dseinfra branch
"""Evaluation of many jobs (stand-in: in this process only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from allo_xdsl.diagnostics import AlloError

_T = TypeVar("_T")
_R = TypeVar("_R")


class Evaluator:
    """Maps a module-level function over items, keeping their order."""

    def __init__(self, jobs: int = 1, cluster: str | None = None):
        if cluster is not None:
            raise AlloError("--cluster needs the dseinfra runner")
        self.jobs = jobs

    def map(self, fn: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
        return [fn(item) for item in items]

    def close(self) -> None:
        pass

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
