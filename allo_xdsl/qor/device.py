"""
Device tables: operator latencies and DSP costs, memories and ports,
resource totals, read from `devices/<name>.yaml` in the package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml

from allo_xdsl.diagnostics import AlloError


@dataclass(frozen=True)
class Operator:
    latency: int
    min_latency: int
    dsp: int


@dataclass(frozen=True)
class Ports:
    ports: int
    read: int
    write: int


@dataclass(frozen=True)
class Device:
    name: str
    part: str
    clock_ns: float
    totals: dict[str, int]
    chain_budget_ns: float
    operators: dict[str, Operator]
    int_mul: tuple[tuple[int, int, int], ...]
    """(max width, latency, dsp), by increasing width."""
    int_op_ns: dict[str, float]
    memory: dict[str, Any]
    ports: dict[str, Ports]
    overheads: dict[str, int]
    defaults: dict[str, int]

    def read_latency(self, kind: str) -> int:
        return int(self.memory["read_latency"][kind])

    def write_latency(self, kind: str) -> int:
        return int(self.memory["write_latency"][kind])

    def mul(self, width: int) -> tuple[int, int]:
        """(latency, dsp) of an integer multiplier of `width` bits."""
        for max_width, latency, dsp in self.int_mul:
            if width <= max_width:
                return latency, dsp
        _, latency, dsp = self.int_mul[-1]
        scale = -(-width // 64)
        return latency + scale, dsp * scale * scale

    def int_delay(self, width: int) -> float:
        """Delay in cycles of one chained integer op of `width` bits."""
        wide = width >= self.int_op_ns["wide_from_bits"]
        ns = self.int_op_ns["wide" if wide else "narrow"]
        return ns / self.chain_budget_ns


def available_devices() -> list[str]:
    folder = resources.files("allo_xdsl.qor") / "devices"
    return sorted(
        p.name.removesuffix(".yaml")
        for p in folder.iterdir()
        if p.name.endswith(".yaml")
    )


@cache
def load_device(name: str) -> Device:
    """The device table `name` (`u280`); AlloError for an unknown one."""
    if name not in available_devices():
        known = ", ".join(available_devices())
        raise AlloError(f"qor: unknown device '{name}'; known devices: {known}")
    path = resources.files("allo_xdsl.qor") / "devices" / f"{name}.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = cast(dict[str, Any], yaml.load(path.read_text(), Loader=loader))
    memory = cast(dict[str, Any], data["memory"])
    return Device(
        name=str(data["name"]),
        part=str(data["part"]),
        clock_ns=float(data["clock_ns"]),
        totals={k: int(v) for k, v in data["resources"].items()},
        chain_budget_ns=float(data["chain_budget_ns"]),
        operators={k: Operator(**v) for k, v in data["operators"].items()},
        int_mul=tuple(
            (int(e["max_width"]), int(e["latency"]), int(e["dsp"]))
            for e in data["int_mul"]
        ),
        int_op_ns={k: float(v) for k, v in data["int_op_ns"].items()},
        memory=memory,
        ports={k: Ports(**v) for k, v in memory["ports"].items()},
        overheads={k: int(v) for k, v in data["overheads"].items()},
        defaults={k: int(v) for k, v in data["defaults"].items()},
    )
