"""
The progress bar of a search: evaluations done out of `total`, and the
best latency found so far.

    with Progress(total=200) as progress:
        for latency in results:
            progress.update(best=latency)

Drawn by tqdm (the 'dse' extra) on stderr, by default only when stderr is a
terminal; without tqdm, or when disabled, every call does nothing."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Self


class Progress:
    """
    A context manager around a tqdm bar; `enabled=None` means "when
    stderr is a terminal"."""

    def __init__(self, total: int, enabled: bool | None = None, desc: str = "allo-dse"):
        self.total = total
        self.best: float | None = None
        self._bar: Any = None
        if enabled is None:
            enabled = sys.stderr.isatty()
        if not enabled:
            return
        try:
            # optional extra: 'dse'; no bar without it.
            from tqdm import tqdm
        except ImportError:
            return
        self._bar = tqdm(
            total=total, desc=desc, unit="eval", file=sys.stderr, dynamic_ncols=True
        )

    @property
    def enabled(self) -> bool:
        """Whether a bar is drawn."""
        return self._bar is not None

    def update(self, n: int = 1, best: float | None = None) -> None:
        """
        `n` more evaluations are done; `best` is a latency among them (the
        bar shows the smallest seen so far)."""
        if best is not None and (self.best is None or best < self.best):
            self.best = best
        if self._bar is None:
            return
        if self.best is not None:
            self._bar.set_postfix_str(f"best {self.best:,.0f} cycles", refresh=False)
        self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
