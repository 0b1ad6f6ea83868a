"""
Vitis HLS C synthesis reports (`csynth.xml`) read into the QoR schema of
DESIGN section 12, and compared with an estimate of that schema.

The report is an XML `profile`: `UserAssignments` (`Part`, `TopModelName`,
`TargetClockPeriod`), `PerformanceEstimates` (`SummaryOfOverallLatency`
with `Worst-caseLatency` and `Interval-max`; `SummaryOfLoopLatency`, one
element per loop named by its label, holding `TripCount`, `Latency`,
`PipelineII`, `PipelineDepth` and its inner loops) and `AreaEstimates/
Resources` (`BRAM_18K`, `DSP`, `FF`, `LUT`, `URAM`). A number may be a
`<range><min/><max/></range>` (the worst case, `max`, is taken) or `undef`
(null). A solution directory holds `syn/report/csynth.xml` (the top) and
`syn/report/<function>_csynth.xml` per function.

It reads what the Vitis flow produces into the schema that
`allo_xdsl.qor`'s estimates use, so that `allo-report --compare` can set
the two side by side; it needs nothing else of the package.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, cast

from allo_xdsl.diagnostics import AlloError, SourceLocation

MODEL = "vitis-hls csynth"
_LOOP_FIELDS = ("TripCount", "Latency", "PipelineII", "PipelineDepth")
_RESOURCES = {"BRAM_18K": "bram18k", "DSP": "dsp", "FF": "ff", "LUT": "lut"}
_RESOURCES_ALL = {**_RESOURCES, "URAM": "uram"}


def read_report(path: str | Path) -> dict[str, Any]:
    """The QoR data of a `csynth.xml` or of a solution directory."""
    path = Path(path)
    if path.is_dir():
        report_dir = path / "syn" / "report"
        top_file = report_dir / "csynth.xml"
        if not top_file.is_file():
            raise AlloError(
                f"cannot read report '{path}': no syn/report/csynth.xml in it "
                "(run csynth_design first)"
            )
        data = _read_one(top_file)
        for extra in sorted(report_dir.glob("*_csynth.xml")):
            name, function = _function(_parse(extra))
            data["functions"].setdefault(name, function)
        return data
    return _read_one(path)


def _read_one(path: Path) -> dict[str, Any]:
    root = _parse(path)
    top, function = _function(root)
    part = root.findtext("UserAssignments/Part")
    clock = _number(root.find("UserAssignments/TargetClockPeriod"))
    return {
        "model": MODEL,
        "device": {"name": part, "clock_ns": clock},
        "top": top,
        "functions": {top: function},
    }


def _parse(path: Path) -> ET.Element:
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise AlloError(f"cannot read report '{path}': no such file") from None
    except OSError as e:
        raise AlloError(f"cannot read report '{path}': {e.strerror}") from None
    except ET.ParseError as e:
        line, column = e.position
        raise AlloError(
            f"malformed csynth report: {str(e).split(': line ')[0]}",
            location=SourceLocation(str(path), line, column + 1),
        ) from None
    if root.tag != "profile" or root.find("PerformanceEstimates") is None:
        raise AlloError(
            f"'{path}' is not a Vitis HLS csynth report: expected a <profile> "
            "with <PerformanceEstimates>",
            location=SourceLocation(str(path), 1, 1),
        )
    return root


def _function(root: ET.Element) -> tuple[str, dict[str, Any]]:
    name = root.findtext("UserAssignments/TopModelName") or "?"
    overall = root.find("PerformanceEstimates/SummaryOfOverallLatency")
    latency = (
        _number(overall.find("Worst-caseLatency")) if overall is not None else None
    )
    interval = _number(overall.find("Interval-max")) if overall is not None else None
    resources = root.find("AreaEstimates/Resources")
    used = {
        key: _number(resources.find(tag)) if resources is not None else None
        for tag, key in _RESOURCES_ALL.items()
    }
    loops: list[dict[str, Any]] = []
    summary = root.find("PerformanceEstimates/SummaryOfLoopLatency")
    for loop in list(summary) if summary is not None else []:
        _loops(loop, None, loops)
    return name, {
        "latency": latency,
        "interval": interval,
        "resources": used,
        "loops": loops,
    }


def _loops(element: ET.Element, parent: str | None, out: list[dict[str, Any]]) -> None:
    label = element.findtext("Name") or element.tag
    name = label[2:] if label.startswith("l_") else label
    ii = _number(element.find("PipelineII"))
    out.append(
        {
            "name": name,
            "label": label,
            "parent": parent,
            "trip_count": _number(element.find("TripCount")),
            "pipelined": ii is not None,
            "ii_target": None,
            "ii": ii,
            "depth": _number(element.find("PipelineDepth")),
            "latency": _number(element.find("Latency")),
        }
    )
    for child in element:
        if child.find("TripCount") is not None:
            _loops(child, name, out)


def _number(element: ET.Element | None) -> int | float | None:
    """An integer or float, the `max` of a range, or None (`undef`, absent)."""
    if element is None:
        return None
    ranged = element.find("range/max")
    text = (ranged.text if ranged is not None else element.text) or ""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


# --- comparing with an estimate ---------------------------------------------------


def read_estimate(path: str | Path) -> dict[str, Any]:
    """A QoR JSON file (`allo-opt -t qor-json`)."""
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise AlloError(f"cannot read estimate '{path}': no such file") from None
    except json.JSONDecodeError as e:
        raise AlloError(
            f"malformed QoR JSON: {e.msg}",
            location=SourceLocation(str(path), e.lineno, e.colno),
        ) from None
    if not isinstance(data, dict) or not isinstance(
        cast(dict[str, Any], data).get("functions"), dict
    ):
        raise AlloError(
            f"'{path}' is not QoR JSON: expected an object with 'functions'",
            location=SourceLocation(str(path), 1, 1),
        )
    return cast(dict[str, Any], data)


def compare(estimate: dict[str, Any], synthesis: dict[str, Any]) -> str:
    """
    A side-by-side table of every function and loop in both, with the
    ratio estimate / synthesis."""
    rows: list[tuple[str, str, Any, Any]] = []
    synthesized = synthesis["functions"]
    for name, est in estimate["functions"].items():
        syn = synthesized.get(name)
        if syn is None:
            continue
        rows += [(name, m, est.get(m), syn.get(m)) for m in ("latency", "interval")]
        est_res: dict[str, Any] = est.get("resources") or {}
        syn_res: dict[str, Any] = syn.get("resources") or {}
        rows += [(name, k, est_res.get(k), syn_res.get(k)) for k in _RESOURCES.values()]
        syn_loops = {loop["name"]: loop for loop in syn.get("loops", [])}
        for loop in est.get("loops", []):
            other = syn_loops.get(loop.get("name"))
            if other is None:
                continue
            where = f"{name}/{loop['name']}"
            rows += [
                (where, m, loop.get(m), other.get(m))
                for m in ("trip_count", "ii", "depth", "latency")
            ]
    missing = sorted(set(estimate["functions"]) - set(synthesized))
    lines = [f"{'where':<24} {'metric':<10} {'estimate':>10} {'synthesis':>10} ratio"]
    for where, metric, est_value, syn_value in rows:
        lines.append(
            f"{where:<24} {metric:<10} {_show(est_value):>10} {_show(syn_value):>10} "
            f"{_ratio(est_value, syn_value)}"
        )
    if missing:
        lines.append(f"not in the synthesis report: {', '.join(missing)}")
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    return "-" if value is None else str(value)


def _ratio(estimate: Any, synthesis: Any) -> str:
    if not isinstance(estimate, int | float) or not isinstance(synthesis, int | float):
        return "-"
    if synthesis == 0:
        return "-" if estimate else "1.00"
    return f"{estimate / synthesis:.2f}"
