"""
Located warnings for requested IIs the model says cannot be met: the
cause (a recurrence with its ops and distance, or a buffer with its banks
and ports) and what would fix it."""

from __future__ import annotations

from math import ceil

from xdsl.ir import Operation

from allo_xdsl.analysis.origins import hint_origin
from allo_xdsl.diagnostics import op_location
from allo_xdsl.qor.estimator import Model, PipelineFacts
from allo_xdsl.qor.memory import M_AXI
from allo_xdsl.qor.pipeline import Recurrence
from allo_xdsl.qor.pressure import PortPressure
from allo_xdsl.qor.report import IIWarning
from allo_xdsl.qor.schedule import LOOPS


def _recurrence_text(rec: Recurrence, ii: int, loop: str, has_inner: bool) -> str:
    chain = ", ".join(rec.through) or "memory"
    cycles = ceil(rec.latency - 1e-9)
    if rec.in_memory:
        what = (
            f"{rec.what} is read and written through {chain} ({cycles} cycles) "
            f"with distance {rec.distance}, so II={ii}"
        )
    else:
        what = (
            f"{rec.what} is carried through {chain} ({cycles} cycles) from one "
            f"iteration to the next, so II={ii}"
        )
    if rec.in_memory and not rec.registers:
        fix = (
            "reorder so the reduction loop is outside, or accumulate in a "
            "partitioned buffer"
        )
    elif has_inner:
        fix = (
            f"ask for II={ii}, or pipeline a loop inside '{loop}' instead so that "
            f"each value comes back {cycles} or more iterations later"
        )
    else:
        fix = f"ask for II={ii}, or reorder so the reduction loop is outside"
    return f"{what}; {fix}"


def _ports_text(p: PortPressure) -> str:
    b = p.buffer
    accesses = p.reads + p.writes
    if b.impl == M_AXI:
        return (
            f"m_axi bundle '{b.bundle}' serves one access per cycle and '{b.name}' "
            f"needs {accesses} per iteration, so II={p.ii}; give it its own bundle "
            f"or copy it to a local buffer"
        )
    banks = b.banks
    plural = "bank" if banks == 1 else "banks"
    text = (
        f"'{b.name}' has {banks} {plural} with {p.ports.ports} ports and "
        f"{accesses} accesses per iteration on one bank, so II={p.ii}"
    )
    if p.dim is None:
        return text + f"; bind '{b.name}' to a true dual-port RAM (ram_t2p)"
    factor = ceil(accesses / p.ports.ports)
    kind, current = b.partition[p.dim - 1]
    if kind in ("cyclic", "block"):
        factor *= current
    size = b.shape[p.dim - 1]
    # A factor that divides the dimension keeps every bank the same size.
    factor = next((f for f in range(factor, size + 1) if size % f == 0), size)
    if factor >= size:
        return text + f": partition {b.name} complete on dim {p.dim}"
    return text + f": partition {b.name} cyclic {factor} on dim {p.dim}"


def message(name: str, facts: PipelineFacts, has_inner: bool = False) -> str:
    head = f"loop '{name}' cannot reach II={facts.target}: "
    if facts.limit == "recurrence" and facts.recurrence is not None:
        return head + _recurrence_text(facts.recurrence, facts.ii, name, has_inner)
    if facts.limit == "memory" and facts.pressure is not None:
        return head + _ports_text(facts.pressure)
    if facts.limit == "call" and facts.call is not None:
        return (
            head + f"it calls '@{facts.call}', whose interval is {facts.ii} cycles; "
            f"pipeline or inline '@{facts.call}'"
        )
    return head + f"{facts.reason or 'a FIFO'} limits it to II={facts.ii}"


def ii_warnings(model: Model) -> list[IIWarning]:
    found: list[IIWarning] = []
    for loop, report in model.loop_reports.items():
        facts = model.facts.get(loop)
        if facts is None or report.auto or facts.ii <= facts.target:
            continue
        inner = any(isinstance(op, LOOPS) for op in loop.walk() if op is not loop)
        found.append(
            IIWarning(
                _where(loop),
                _function_of(loop),
                report.name,
                message(report.name, facts, inner),
            )
        )
    found.sort(key=lambda w: (str(w.location), w.loop))
    return found


def _where(loop: Operation):
    origin = hint_origin(loop, "pipeline")
    return origin if origin is not None else op_location(loop)


def _function_of(op: Operation) -> str:
    parent = op.parent_op()
    while parent is not None:
        name = parent.properties.get("sym_name")
        if name is not None:
            return str(getattr(name, "data", name))
        parent = parent.parent_op()
    return "?"
