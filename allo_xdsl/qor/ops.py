"""
What one scalar operation costs: latency (cycles, fractional for chained
integer logic), the minimum latency Vitis can pick on a recurrence, and the
operator core it needs (for DSP counts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from xdsl.dialects.builtin import Float64Type, IndexType, IntegerType
from xdsl.ir import Attribute, Operation

from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.qor.device import Device


@dataclass(frozen=True)
class Cost:
    latency: float
    min_latency: float
    operator: str | None = None
    """The core (`fadd`, `mul32`), or None for logic without a core."""
    dsp: int = 0


FREE = Cost(0.0, 0.0)

_FLOAT = {
    "arith.addf": "add",
    "arith.subf": "sub",
    "arith.mulf": "mul",
    "arith.divf": "div",
    "arith.remf": "div",
    "math.sqrt": "sqrt",
    "math.rsqrt": "sqrt",
    "math.exp": "exp",
    "math.log": "exp",
    "math.powf": "exp",
    "math.tanh": "exp",
    "math.sin": "exp",
    "math.cos": "exp",
    "arith.cmpf": "cmp",
    "arith.maximumf": "cmp",
    "arith.minimumf": "cmp",
    "arith.maxnumf": "cmp",
    "arith.minnumf": "cmp",
}
_CONVERSIONS = (
    "arith.sitofp",
    "arith.uitofp",
    "arith.fptosi",
    "arith.fptoui",
    "arith.extf",
    "arith.truncf",
    "allo.cast",
)
_FREE = (
    "arith.constant",
    "arith.index_cast",
    "arith.index_castui",
    "arith.extsi",
    "arith.extui",
    "arith.trunci",
    "arith.bitcast",
    "arith.negf",
    "allo.bitcast",
    "memref.alloc",
    "memref.alloca",
    "memref.dealloc",
    "fpga.stream_create",
    "affine.yield",
    "scf.yield",
    "func.return",
)
_INT_MUL = ("arith.muli", "allo.mul")
_INT_DIV = (
    "arith.divsi",
    "arith.divui",
    "arith.remsi",
    "arith.remui",
    "arith.floordivsi",
    "arith.ceildivsi",
    "allo.div",
)


def width_of(t: Attribute) -> int:
    if isinstance(t, IntegerType):
        return cast(IntegerType[int], t).width.data
    if isinstance(t, FixedPointType):
        return t.width.data
    if isinstance(t, IndexType):
        return 32  # Vitis sizes loop counters to their range; 32 bits at most here
    return 32


def _float_core(kind: str, t: Attribute) -> str:
    return ("d" if isinstance(t, Float64Type) else "f") + kind


def op_cost(op: Operation, device: Device) -> Cost:
    """
    The cost of scalar op `op` (memory, loops and calls are costed by the
    scheduler)."""
    name = op.name
    if name in _FREE:
        return FREE
    if name in _FLOAT:
        t = op.operands[0].type if op.operands else op.results[0].type
        core = _float_core(_FLOAT[name], t)
        spec = device.operators[core]
        return Cost(spec.latency, spec.min_latency, core, spec.dsp)
    if name in _CONVERSIONS:
        spec = device.operators["fconv"]
        return Cost(spec.latency, spec.min_latency, "fconv", spec.dsp)
    if name in _INT_MUL:
        width = max(width_of(v.type) for v in op.operands)
        latency, dsp = device.mul(width)
        return Cost(latency, latency, f"mul{width}", dsp)
    if name in _INT_DIV:
        width = width_of(op.results[0].type)
        spec = device.operators["idiv"]
        latency = max(1, spec.latency * width // 32)
        return Cost(latency, latency, f"div{width}", 0)
    if not op.results:
        return FREE
    delay = device.int_delay(width_of(op.results[0].type))
    return Cost(delay, delay)
