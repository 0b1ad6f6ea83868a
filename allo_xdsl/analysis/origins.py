"""
Where a buffer's type property came from, for conflict messages.

A conflict between two partitions of one alias class must name both
origins: the function, the buffer and the schedule step (its `sched` op
location, i.e. the YAML or MLIR line). A type does not remember who set it,
so passes that set one record it here, per module:

    with applying_step(Step("partition", location)):   # apply-schedules
        ...                                             # the pass runs
    record_origin(module, "partition", member_text, dim, origin)

A property found in the input has no record: its origin is the input, at
the buffer's declaration.
"""

from __future__ import annotations

from collections.abc import Generator, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation

from allo_xdsl.diagnostics import SourceLocation


@dataclass(frozen=True)
class Step:
    """
    A customization step being applied: its primitive and the location
    of its `sched` op."""

    primitive: str
    location: SourceLocation | None


_CURRENT_STEP: ContextVar[Step | None] = ContextVar("allo_current_step", default=None)


@contextmanager
def applying_step(step: Step) -> Generator[None]:
    """Make `step` the origin of what passes do until the block ends."""
    token = _CURRENT_STEP.set(step)
    try:
        yield
    finally:
        _CURRENT_STEP.reset(token)


def current_step() -> Step | None:
    """The step being applied, when a schedule is."""
    return _CURRENT_STEP.get()


@dataclass(frozen=True)
class Origin:
    """
    Who gave a buffer a property: `buffer` (`'out' of 'linear'`) and
    `source` (`set by step 'partition' at f.yaml:5:7`, `declared in the input
    at f.mlir:3:1`)."""

    buffer: str
    source: str
    location: SourceLocation | None = None
    from_input: bool = False

    def __str__(self) -> str:
        return f"{self.buffer} ({self.source})"


def origin_here(buffer: str, pass_name: str) -> Origin:
    """
    The origin of what pass `pass_name` does now to `buffer`: the current
    schedule step, else the pass itself."""
    step = current_step()
    if step is None:
        return Origin(buffer, f"set by pass '{pass_name}'")
    at = f" at {step.location}" if step.location else ""
    return Origin(buffer, f"set by step '{step.primitive}'{at}", step.location)


def input_origin(buffer: str, location: SourceLocation | None) -> Origin:
    """The origin of a property that the input already had."""
    at = f" at {location}" if location else ""
    return Origin(buffer, f"declared in the input{at}", location, from_input=True)


RecordKey = tuple[str, str, Hashable]
"""(property, buffer description, key of the fact: a dimension, ...)"""

_RECORDS: WeakKeyDictionary[ModuleOp, dict[RecordKey, Origin]] = WeakKeyDictionary()


def record_origin(
    module: ModuleOp, prop: str, buffer: str, key: Hashable, origin: Origin
) -> None:
    """Remember that `origin` gave `buffer` its `prop` fact under `key`."""
    _RECORDS.setdefault(module, {})[(prop, buffer, key)] = origin


def recorded_origin(
    module: ModuleOp, prop: str, buffer: str, key: Hashable
) -> Origin | None:
    return _RECORDS.get(module, {}).get((prop, buffer, key))


_HINT_ORIGINS: WeakKeyDictionary[Operation, dict[str, SourceLocation]] = (
    WeakKeyDictionary()
)


def record_hint_origin(op: Operation, hint: str) -> None:
    """
    Remember that the schedule step being applied (if any) set `hint`
    (`pipeline`, ...) on `op`, for messages about that hint."""
    step = current_step()
    if step is not None and step.location is not None:
        _HINT_ORIGINS.setdefault(op, {})[hint] = step.location


def hint_origin(op: Operation, hint: str) -> SourceLocation | None:
    """Where the step that set `hint` on `op` is, if one recorded it."""
    return _HINT_ORIGINS.get(op, {}).get(hint)
