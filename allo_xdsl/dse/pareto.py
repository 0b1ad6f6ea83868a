"""
The latency/DSP trade-off of a search: the Pareto front of the evaluated
designs, written as CSV and drawn as a plot.

    front = pareto_front(points)          # sorted by DSP, fastest last
    write_csv(front, "front.csv")
    plot_front(front, "front.png", published=published, best=best)

A design is on the front when no other design has both lower-or-equal
latency and lower-or-equal DSP with one of them strictly lower. Of designs
with the same latency and DSP, the front keeps one: the one with the fewest
BRAM18K, then the first schedule text in sort order, so the front does not
depend on the order the points come in.

The CSV holds `latency,dsp,bram18k`, one design per line in the front's
order (the schedules themselves are YAML files; allo-dse writes the chosen
one with `-o`). The plot needs matplotlib (the 'plot' extra). Files are
written to a temporary file next to the target and renamed over it, so a
reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from allo_xdsl.diagnostics import AlloError

_NEEDS_EXTRA = "--plot needs the 'plot' extra: pip install 'allo-xdsl[plot]'"


@dataclass(frozen=True)
class Point:
    """
    One evaluated design: its estimated latency (cycles), DSP and
    BRAM18K use, and the YAML pipeline that gives it."""

    latency: int
    dsp: int
    bram18k: int
    yaml: str


def pareto_front(points: Sequence[Point]) -> list[Point]:
    """
    The designs no other design beats on both latency and DSP, sorted by
    DSP (ascending, so latency descending); deterministic for ties and
    duplicates (see the module's docstring)."""
    ordered = sorted(points, key=lambda p: (p.dsp, p.latency, p.bram18k, p.yaml))
    front: list[Point] = []
    for point in ordered:
        # Every earlier point has no more DSP: it dominates this one unless
        # this one is strictly faster than all of them.
        if not front or point.latency < front[-1].latency:
            front.append(point)
    return front


def write_csv(points: Sequence[Point], path: str | Path) -> None:
    """`points` as CSV with the header `latency,dsp,bram18k`, atomically."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["latency", "dsp", "bram18k"])
    for p in points:
        writer.writerow([p.latency, p.dsp, p.bram18k])
    with _atomic(path, "w") as out:
        out.write(text.getvalue())


def plot_front(
    front: Sequence[Point],
    path: str | Path,
    *,
    published: Point | None = None,
    best: Point | None = None,
) -> None:
    """
    Draw `front` as a staircase of latency (cycles) over DSP, both axes
    logarithmic (symmetric-log when a value is 0), with the `published`
    design and the chosen `best` marked; the image format is `path`'s
    suffix (png, svg, pdf, ...). Written atomically."""
    try:
        # optional extra: 'plot'; the Agg canvas needs no display.
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        # optional extra: 'plot'.
        from matplotlib.figure import Figure
    except ImportError:
        raise AlloError(_NEEDS_EXTRA) from None
    figure = Figure(figsize=(6.4, 4.4), layout="constrained")
    canvas = FigureCanvasAgg(figure)
    kind = Path(path).suffix.lstrip(".").lower()
    if kind not in canvas.get_supported_filetypes():
        supported = ", ".join(sorted(canvas.get_supported_filetypes()))
        raise AlloError(f"cannot plot to '{path}': use one of the suffixes {supported}")
    axes = figure.add_subplot()
    ordered = sorted(front, key=lambda p: (p.dsp, p.latency))
    axes.step(
        [p.dsp for p in ordered],
        [p.latency for p in ordered],
        where="post",
        marker="o",
        markersize=4,
        color="tab:blue",
        label="Pareto front",
    )
    if published is not None:
        axes.scatter(
            [published.dsp],
            [published.latency],
            marker="s",
            s=60,
            color="tab:red",
            zorder=3,
            label=f"published ({published.latency:,} cycles, {published.dsp} DSP)",
        )
    if best is not None:
        axes.scatter(
            [best.dsp],
            [best.latency],
            marker="*",
            s=160,
            color="tab:green",
            zorder=4,
            label=f"chosen ({best.latency:,} cycles, {best.dsp} DSP)",
        )
    shown = [*ordered, *(p for p in (published, best) if p is not None)]
    _log_scale(axes.set_xscale, [p.dsp for p in shown])
    _log_scale(axes.set_yscale, [p.latency for p in shown])
    axes.set_xlabel("DSP")
    axes.set_ylabel("latency (cycles)")
    axes.grid(True, which="both", alpha=0.3)
    if shown:
        axes.legend(fontsize="small")
    with _atomic(path, "wb") as out:
        figure.savefig(out, format=kind)


def _log_scale(set_scale: Callable[..., Any], values: list[int]) -> None:
    """Log scale, or symmetric log (linear around 0) when a value is 0."""
    if any(v <= 0 for v in values):
        set_scale("symlog", linthresh=1)
    else:
        set_scale("log")


@contextlib.contextmanager
def _atomic(path: str | Path, mode: str) -> Iterator[IO[Any]]:
    """
    A temporary file next to `path`, renamed to `path` once it is
    complete (removed instead on an error)."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as e:
        raise AlloError(f"cannot write '{path}': {e.strerror}") from None
    try:
        with os.fdopen(handle, mode) as out:
            yield out
        # mkstemp makes the file private; the result is an ordinary file.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as e:
        raise AlloError(f"cannot write '{path}': {e.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
