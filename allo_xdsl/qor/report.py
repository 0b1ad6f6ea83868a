"""
What the QoR model returns: per function latency, interval, resources and
loops; the II warnings; as objects, as JSON (DESIGN.md section 12) and as a
csynth-like text report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allo_xdsl.diagnostics import SourceLocation
from allo_xdsl.qor.device import Device

MODEL = "allo-xdsl-qor 1"


@dataclass
class Resources:
    dsp: int = 0
    bram18k: int = 0
    uram: int = 0
    registers: int = 0
    """Bits held in registers by completely partitioned buffers."""
    lut: int | None = None
    """Not modelled: None."""
    ff: int | None = None
    """Not modelled: None (`registers` is a lower bound)."""

    def add(self, other: Resources) -> None:
        self.dsp += other.dsp
        self.bram18k += other.bram18k
        self.uram += other.uram
        self.registers += other.registers

    def to_json(self) -> dict[str, Any]:
        return {
            "dsp": self.dsp,
            "bram18k": self.bram18k,
            "uram": self.uram,
            "registers": self.registers,
            "lut": self.lut,
            "ff": self.ff,
        }


@dataclass
class LoopReport:
    name: str
    label: str
    parent: str | None
    trip_count: int | None
    pipelined: bool
    ii_target: int | None
    ii: int | None
    ii_limit: str | None
    """target, memory, recurrence or call; None when not pipelined."""
    ii_reason: str | None
    depth: int
    """Iteration latency: pipeline depth, or one iteration's latency."""
    latency: int
    """Cycles of one execution of the loop (all its iterations)."""
    unroll: int | None = None
    auto: bool = False
    """Pipelined by Vitis's default (no pragma)."""
    flattened: bool = False
    """Flattened with its pipelined inner loop (Vitis's loop_flatten)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "parent": self.parent,
            "trip_count": self.trip_count,
            "pipelined": self.pipelined,
            "ii_target": self.ii_target,
            "ii": self.ii,
            "ii_limit": self.ii_limit,
            "ii_reason": self.ii_reason,
            "depth": self.depth,
            "latency": self.latency,
            "unroll": self.unroll,
            "auto_pipelined": self.auto,
            "flattened": self.flattened,
        }


@dataclass
class FunctionReport:
    name: str
    latency: int
    interval: int
    resources: Resources
    loops: list[LoopReport] = field(default_factory=list[LoopReport])
    dataflow: bool = False
    inline: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "latency": self.latency,
            "interval": self.interval,
            "dataflow": self.dataflow,
            "inline": self.inline,
            "resources": self.resources.to_json(),
            "loops": [loop.to_json() for loop in self.loops],
        }


@dataclass(frozen=True)
class IIWarning:
    """A requested II that cannot be met: where, why, and a fix."""

    location: SourceLocation | None
    function: str
    loop: str
    message: str

    def format(self, default_file: str = "<unknown>") -> str:
        where = str(self.location) if self.location else default_file
        return f"{where}: warning: {self.message}"


@dataclass
class Estimate:
    device: Device
    top: str | None
    functions: dict[str, FunctionReport]
    warnings: list[IIWarning] = field(default_factory=list[IIWarning])

    @property
    def latency(self) -> int | None:
        """Cycles of one call of the top function."""
        return self.functions[self.top].latency if self.top else None

    @property
    def resources(self) -> Resources:
        """What the top function uses (everything it calls included)."""
        if self.top is None:
            return Resources()
        return self.functions[self.top].resources

    def usage(self) -> dict[str, float]:
        """Percent of the device's DSP and BRAM18K that the top uses."""
        used = self.resources
        totals = self.device.totals
        return {
            "dsp": 100.0 * used.dsp / totals["dsp"],
            "bram18k": 100.0 * used.bram18k / totals["bram18k"],
            "uram": 100.0 * used.uram / totals["uram"],
        }

    @property
    def fits(self) -> bool:
        return all(v <= 100.0 for v in self.usage().values())

    def to_json(self) -> dict[str, Any]:
        device = self.device
        return {
            "model": MODEL,
            "device": {
                "name": device.name,
                "part": device.part,
                "clock_ns": device.clock_ns,
                "dsp": device.totals["dsp"],
                "bram18k": device.totals["bram18k"],
                "uram": device.totals["uram"],
            },
            "top": self.top,
            "latency": self.latency,
            "fits": self.fits,
            "usage_percent": {k: round(v, 2) for k, v in self.usage().items()},
            "functions": {
                name: report.to_json() for name, report in self.functions.items()
            },
            "warnings": [w.format() for w in self.warnings],
        }
