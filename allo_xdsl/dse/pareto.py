# stand-in: replaced by the dseinfra branch
"""The Pareto front of latency against DSP (stand-in: CSV only)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass

from allo_xdsl.diagnostics import AlloError


@dataclass(frozen=True)
class Point:
    latency: int
    dsp: int
    bram18k: int
    yaml: str


def pareto_front(points: Sequence[Point]) -> list[Point]:
    """The points no other point beats on both latency and DSP, by latency."""
    front: list[Point] = []
    for p in sorted(points, key=lambda p: (p.latency, p.dsp, p.bram18k)):
        if not front or p.dsp < front[-1].dsp:
            front.append(p)
    return front


def write_csv(points: Sequence[Point], path: str) -> None:
    try:
        with open(path, "w", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["latency", "dsp", "bram18k"])
            for p in points:
                writer.writerow([p.latency, p.dsp, p.bram18k])
    except OSError as e:
        raise AlloError(f"cannot write '{path}': {e.strerror}") from None


def plot_front(
    front: Sequence[Point],
    path: str,
    *,
    published: Point | None = None,
    best: Point | None = None,
) -> None:
    raise AlloError("--plot needs the dseinfra branch")
