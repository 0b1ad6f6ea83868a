"""
The Pareto front of allo-dse (worked out by hand below), its CSV and its
plot."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.pareto import Point, pareto_front, plot_front, write_csv
from allo_xdsl.dse.progress import Progress


def point(latency: int, dsp: int, bram18k: int = 0, yaml: str = "") -> Point:
    return Point(latency, dsp, bram18k, yaml or f"# {latency} {dsp} {bram18k}")


# (latency, dsp): (100, 5) dominates (120, 5) and (100, 8); (50, 10) is
# faster than all before it; (60, 20) is dominated by (50, 10); (10, 40) and
# (1000, 0) are the two ends.
POINTS = [
    point(120, 5),
    point(100, 8),
    point(60, 20),
    point(10, 40),
    point(100, 5),
    point(50, 10),
    point(1000, 0),
]
FRONT = [(1000, 0), (100, 5), (50, 10), (10, 40)]


def test_front_by_hand() -> None:
    front = pareto_front(POINTS)
    assert [(p.latency, p.dsp) for p in front] == FRONT


def test_front_does_not_depend_on_the_order() -> None:
    shuffled = list(POINTS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert pareto_front(shuffled) == pareto_front(POINTS)


def test_ties_keep_the_fewest_bram_then_the_first_schedule() -> None:
    a = point(100, 5, bram18k=4, yaml="a")
    b = point(100, 5, bram18k=2, yaml="c")
    c = point(100, 5, bram18k=2, yaml="b")
    for order in ([a, b, c], [c, b, a], [b, a, c, c]):
        assert pareto_front(order) == [c]
    # Same latency with more DSP, or same DSP with more latency: dominated.
    assert pareto_front([point(100, 6), point(100, 5), point(101, 5)]) == [
        point(100, 5)
    ]
    assert pareto_front([]) == []


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "front.csv"
    path.write_text("old contents, replaced as a whole\n")
    write_csv(pareto_front(POINTS), path)
    assert path.read_text() == (
        "latency,dsp,bram18k\n1000,0,0\n100,5,0\n50,10,0\n10,40,0\n"
    )
    assert os.stat(path).st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["front.csv"]


def test_unwritable_csv_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AlloError, match="cannot write '.*nowhere/front.csv'"):
        write_csv(POINTS, tmp_path / "nowhere" / "front.csv")


@pytest.mark.needs("matplotlib")
def test_plot(tmp_path: Path) -> None:
    path = tmp_path / "front.png"
    front = pareto_front(POINTS)
    plot_front(front, path, published=point(239025, 60), best=front[-1])
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["front.png"]
    # Only positive values: plain log axes; svg by the suffix.
    svg = tmp_path / "front.svg"
    plot_front(front[1:], svg)
    assert "<svg" in svg.read_text()[:400]


@pytest.mark.needs("matplotlib")
def test_plot_to_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(AlloError, match=r"cannot plot to '.*front\.txt': use one"):
        plot_front(POINTS, tmp_path / "front.txt")
    assert list(tmp_path.iterdir()) == []


def test_plot_without_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # import fails
    with pytest.raises(AlloError) as e:
        plot_front(POINTS, tmp_path / "front.png")
    assert e.value.message == (
        "--plot needs the 'plot' extra: pip install 'allo-xdsl[plot]'"
    )


def test_progress_keeps_the_best_and_is_silent_when_disabled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Progress(total=4, enabled=False) as progress:
        for latency in (500, 300, None, 400):
            progress.update(best=latency)
        assert progress.best == 300
        assert not progress.enabled
    assert capsys.readouterr().err == ""


@pytest.mark.needs("tqdm")
def test_progress_bar_shows_the_best(capsys: pytest.CaptureFixture[str]) -> None:
    with Progress(total=3, enabled=True, desc="gemm") as progress:
        progress.update(best=900)
        progress.update(2, best=700)
    err = capsys.readouterr().err
    assert "gemm" in err
    assert "3/3" in err
    assert "best 700 cycles" in err


def test_progress_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import fails
    with Progress(total=3, enabled=True) as progress:
        progress.update(best=5)
        assert not progress.enabled
        assert progress.best == 5
