"""
What the command-line tools share: a bad command line is a `UsageError`,
outputs are written whole or not at all, and `run_main` keeps the error
contract of every tool (DESIGN.md section 7): a located error and exit code 1
for bad input, 130 on Ctrl-C, and an internal error (exit code 2, the
traceback only under ALLO_OPT_DEBUG) for anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from allo_xdsl.diagnostics import AlloError


class UsageError(Exception):
    """A bad command line."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with a bad command line raised as `UsageError` (exit 1)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def write_output(path: str | None, text: str) -> None:
    """`text` to `path` (`-` or None: stdout), replacing the file whole."""
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent or Path("."), prefix=f".{target.name}."
        )
        with os.fdopen(fd, "w") as stream:
            stream.write(text)
        os.replace(tmp, target)
    except OSError as e:
        raise AlloError(f"cannot write output file '{path}': {e.strerror}") from None


def report_internal_error(prog: str, e: BaseException, culprit: str) -> int:
    """
    Say that `prog` failed on its own (not the user's `culprit`), with the
    traceback only under ALLO_OPT_DEBUG; exit code 2."""
    sys.stderr.write(
        f"{prog}: internal error: {type(e).__name__}: {e}\n"
        f"please report this with the {culprit} that caused it"
        " (set ALLO_OPT_DEBUG=1 for a traceback)\n"
    )
    if os.environ.get("ALLO_OPT_DEBUG"):
        traceback.print_exc()
    return 2


def run_main(
    prog: str,
    body: Callable[[], int],
    internal: Callable[[BaseException], int],
    where: Callable[[], str] | None = None,
) -> int:
    """
    `body()`'s exit code, or the error contract's: a usage error or an
    `AlloError` (named after `where()`, default `prog`, when it has no
    location) printed with exit code 1, 130 on Ctrl-C, and `internal(e)` for
    any other exception."""
    try:
        return body()
    except UsageError as e:
        sys.stderr.write(f"{prog}: error: {e}\n")
        return 1
    except AlloError as e:
        sys.stderr.write(e.format(where() if where else prog) + "\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        return internal(e)
