"""
Located user errors, shared by every pass, loader and target.

A user error is an `AlloError`; the driver prints it as
`FILE:LINE:COL: error: MESSAGE` and exits with code 1. Anything else that
escapes is an internal error (exit code 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import get_close_matches

from xdsl.dialects.builtin import FileLineColLoc
from xdsl.ir import Operation
from xdsl.utils.exceptions import VerifyException


@dataclass(frozen=True)
class SourceLocation:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class AlloError(Exception):
    """A user error: bad input, bad option or a transformation that cannot apply."""

    def __init__(
        self,
        message: str,
        op: Operation | None = None,
        location: SourceLocation | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.op = op
        self.location = location if location is not None else op_location(op)

    def format(self, default_file: str = "<unknown>") -> str:
        where = str(self.location) if self.location else default_file
        return f"{where}: error: {self.message}"

    def __str__(self) -> str:
        return self.format()


def op_location(op: Operation | None) -> SourceLocation | None:
    """The source location of `op`, or of its closest located ancestor."""
    while op is not None:
        loc = op.location
        if isinstance(loc, FileLineColLoc):
            return SourceLocation(loc.filename.data, loc.line.data, loc.column.data)
        op = op.parent_op()
    return None


@contextmanager
def reported_at(op: Operation | None, prefix: str = "") -> Iterator[None]:
    """
    Report a value that a dialect builder rejects (a `VerifyException`,
    e.g. from `hints.set_pipeline`) as an `AlloError` at `op`, after
    `prefix`."""
    try:
        yield
    except VerifyException as e:
        raise AlloError(f"{prefix}{e}", op) from None


def did_you_mean(kind: str, name: str, existing: Iterable[str]) -> str:
    """
    `unknown loop 'x'; existing loops: i, j, k`; long lists are cut to the
    closest names."""
    names = sorted(set(existing))
    plural = kind + ("es" if kind.endswith("s") else "s")
    if len(names) <= _MAX_LISTED:
        listed = ", ".join(names) if names else "(none)"
        return f"unknown {kind} '{name}'; existing {plural}: {listed}"
    close = get_close_matches(name, names, n=5, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    return f"unknown {kind} '{name}'; {hint}({len(names)} {plural} exist)"


_MAX_LISTED = 24
