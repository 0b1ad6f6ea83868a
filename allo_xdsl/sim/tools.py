"""
Running the external tools of the simulation backends (g++, the compiled
simulations, mlir-opt/mlir-runner, Verilator) with one error contract."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from allo_xdsl.diagnostics import AlloError


def run_tool(
    command: Sequence[str],
    what: str,
    timeout: float,
    stdin: str | None = None,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> str:
    """
    Run `command` and return its stdout. A time-out or a non-zero exit is
    an `AlloError` that starts with `what` and quotes the end of stderr."""
    try:
        done = subprocess.run(
            list(command),
            input=stdin,
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
            preexec_fn=preexec_fn,
        )
    except subprocess.TimeoutExpired:
        raise AlloError(f"{what} did not finish within {timeout} s") from None
    if done.returncode != 0:
        detail = "\n".join((done.stderr or done.stdout).splitlines()[-40:])
        raise AlloError(f"{what} failed (exit code {done.returncode}):\n{detail}")
    return done.stdout


@cache
def find_tool(name: str, what: str, hint: str = "") -> tuple[str, str]:
    """
    The path of executable `name` and the first line of its `--version`
    (part of cache keys); an `AlloError` starting with `what` if missing."""
    path = shutil.which(name)
    if path is None:
        raise AlloError(f"{what}: {name} is not installed{hint}")
    lines = subprocess.run(
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    return path, lines[0].strip() if lines else ""
