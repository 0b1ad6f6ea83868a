"""
Bounds inference for `compute_at`: which iterations of the producer a
consumer iteration needs.

The producer's matched loops `p_1 .. p_d` each index one dimension of every
buffer it writes (`X[.., p_k + a, ..]`). At an iteration `c` of the
consumer's matched loops, the consumer reads `X[.., f(c, r) + b, ..]` in
that dimension, `r` ranging over the consumer's loops inside the fusion
point. The producer then needs `p_k` in `[f(c) + low, f(c) + high]`: the
lowest and highest value of `f(c, r) + b - a` over `r` and over every read
(all reads must share the part `f(c)` over the matched loops, e.g. a
stencil `X[i - 1], X[i], X[i + 1]`, or a shifted range `X[i + 2]`).

Running that window at every consumer iteration computes an element again
whenever two windows overlap, so the producer must be recomputable: it may
only load, store and compute (no calls, no streams, no loop-carried
values), and never read what it writes (a reduction or a recurrence would
read a value it already changed). When a written buffer is used outside the
two nests, the windows must together still cover every iteration the
producer ran before, or elements would go missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import affine, func
from xdsl.ir import BlockArgument, Operation, SSAValue

from allo_xdsl.analysis.affine_forms import (
    AffineAccess,
    LinearForm,
    ValueForm,
    affine_access,
    form_range,
)
from allo_xdsl.analysis.dependence import Access, accesses_in
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loops import (
    ConstantBounds,
    constant_bounds,
    induction_var,
    is_inside,
    loop_label,
    loop_range,
    loop_step,
)
from allo_xdsl.diagnostics import AlloError

_PURE_PREFIXES = ("arith.", "math.", "allo.")
_LOOP_OPS = (
    "affine.for",
    "affine.if",
    "affine.yield",
    "affine.apply",
    "affine.min",
    "affine.max",
)
_ACCESS_OPS = ("affine.load", "affine.store")


@dataclass(frozen=True)
class Window:
    """
    Producer loop `loop` runs, at each consumer iteration, over
    `linear + low .. linear + high` (inclusive; `linear` over the indices
    of the matched consumer loops), within its own `bounds`."""

    loop: affine.ForOp
    linear: ValueForm
    low: int
    high: int
    bounds: ConstantBounds

    def values(self, ranges: dict[SSAValue, tuple[int, int]]) -> tuple[int, int]:
        """The lowest and highest producer index any window asks for."""
        span = form_range(self.linear, ranges)
        assert span is not None
        return span[0] + self.low, span[1] + self.high

    def is_point(self, ranges: dict[SSAValue, tuple[int, int]]) -> bool:
        """
        Whether each window is one iteration inside the producer's range,
        so that the loop can be replaced by its index."""
        first, last = self.values(ranges)
        upper = self.bounds.upper - 1
        return self.low == self.high and self.bounds.lower <= first and last <= upper


def infer_windows(
    producer: Sequence[affine.ForOp],
    consumer: Sequence[affine.ForOp],
    where: str,
) -> list[Window]:
    """
    The window of each producer loop of `producer` (matched one to one
    with `consumer`, whose last loop is the fusion point). Raises `AlloError`
    (message prefixed by `where`) when it cannot be inferred soundly."""
    band, target = producer[0], consumer[-1]
    consumer_band = consumer[0]
    for p, c in zip(producer, consumer, strict=True):
        _check_bounds(p, "producer", where)
        _check_bounds(c, "consumer", where)
    check_recomputable(band, where)
    stores = [a for a in _affine_accesses(band, where) if a.is_write]
    written = list(dict.fromkeys(a.buffer for a in stores))
    ivs = [induction_var(c) for c in consumer]
    inner = _inner_ranges(target, where)
    spans: list[tuple[ValueForm, int, int] | None] = [None] * len(producer)
    for buffer in written:
        dims = _written_dims(buffer, stores, producer, where)
        for read in _consumer_reads(buffer, consumer_band, target, where):
            for k, (dim, offset) in enumerate(dims):
                form = read.subscripts[dim]
                span = _read_span(form, read, ivs, inner, where)
                if span is None:
                    continue
                linear, low, high = span
                spans[k] = _merge(
                    spans[k], (linear, low - offset, high - offset), producer[k], where
                )
    windows: list[Window] = []
    for p, span in zip(producer, spans, strict=True):
        if span is None:
            raise AlloError(
                f"{where}: the consumer reads nothing that producer loop "
                f"'{loop_label(p)}' writes",
                p,
            )
        bounds = constant_bounds(p)
        assert bounds is not None
        windows.append(Window(p, span[0], span[1], span[2], bounds))
    ranges = consumer_ranges(consumer)
    for buffer in written:
        if used_elsewhere(buffer, band, consumer_band):
            _check_coverage(windows, consumer, ranges, buffer, where)
    return windows


def consumer_ranges(
    consumer: Sequence[affine.ForOp],
) -> dict[SSAValue, tuple[int, int]]:
    ranges: dict[SSAValue, tuple[int, int]] = {}
    for loop in consumer:
        span = loop_range(loop)
        assert span is not None, "checked by _check_bounds"
        ranges[induction_var(loop)] = span
    return ranges


# --- checks ------------------------------------------------------------------


def _check_bounds(loop: affine.ForOp, role: str, where: str) -> None:
    if loop_range(loop) is None:
        raise AlloError(
            f"{where}: {role} loop '{loop_label(loop)}' needs constant bounds "
            "(and at least one iteration) for bounds inference",
            loop,
        )
    if role == "producer" and loop_step(loop) != 1:
        raise AlloError(
            f"{where}: producer loop '{loop_label(loop)}' has step "
            f"{loop_step(loop)}; bounds inference needs step 1",
            loop,
        )


def check_recomputable(band: affine.ForOp, where: str) -> None:
    """The producer may run an iteration again with the same result."""
    for op in band.walk():
        if op is band:
            continue
        if isinstance(op, affine.ForOp) and op.results:
            raise AlloError(
                f"{where}: producer loop '{loop_label(op)}' carries values "
                "(iter_args), so the producer cannot be computed again per "
                "consumer iteration",
                op,
            )
        name = op.name
        if name in _LOOP_OPS or name in _ACCESS_OPS or name.startswith(_PURE_PREFIXES):
            continue
        raise AlloError(
            f"{where}: the producer holds '{name}'; bounds inference computes "
            "the producer again per consumer iteration and only recomputes "
            "loads, stores and arithmetic",
            op,
        )
    accesses = accesses_in(band)
    written = {a.buffer for a in accesses if a.is_write}
    for access in accesses:
        if not access.is_write and access.buffer in written:
            raise AlloError(
                f"{where}: the producer reads {_name(access.buffer)}, which it "
                "also writes (a reduction or a recurrence), so computing it "
                "again per consumer iteration would change the result",
                access.op,
            )


def _affine_accesses(band: Operation, where: str) -> list[AffineAccess]:
    return _parsed(accesses_in(band), where)


def _parsed(accesses: Sequence[Access], where: str) -> list[AffineAccess]:
    found: list[AffineAccess] = []
    for access in accesses:
        parsed = affine_access(access.op)
        if parsed is None:
            raise AlloError(
                f"{where}: '{access.op.name}' on {_name(access.buffer)} is not "
                "an affine access; bounds inference needs affine subscripts",
                access.op,
            )
        found.append(parsed)
    return found


def _written_dims(
    buffer: SSAValue,
    stores: Sequence[AffineAccess],
    producer: Sequence[affine.ForOp],
    where: str,
) -> list[tuple[int, int]]:
    """
    For each producer loop, the dimension of `buffer` it indexes and the
    offset: every store writes `buffer[.., p + offset, ..]` there."""
    mine = [s for s in stores if s.buffer is buffer]
    ivs = [induction_var(p) for p in producer]
    dims: list[tuple[int, int]] = []
    for p, iv in zip(producer, ivs, strict=True):
        found: set[tuple[int, int]] = set()
        for store in mine:
            hits = [
                (d, form.constant)
                for d, form in enumerate(store.subscripts)
                if form is not None and form.terms == {iv: 1}
            ]
            others = [
                form
                for form in store.subscripts
                if form is None or (form.coefficient(iv) and form.terms != {iv: 1})
            ]
            if len(hits) != 1 or others:
                raise AlloError(
                    f"{where}: cannot tell which elements of {_name(buffer)} "
                    f"producer loop '{loop_label(p)}' writes: {store.describe()} "
                    f"does not index one dimension by '{loop_label(p)}' alone",
                    store.op,
                )
            found.add(hits[0])
        if len(found) != 1:
            raise AlloError(
                f"{where}: the producer writes {_name(buffer)} at different "
                f"places along loop '{loop_label(p)}'",
                p,
            )
        dims.append(found.pop())
    return dims


def _consumer_reads(
    buffer: SSAValue, consumer: affine.ForOp, target: affine.ForOp, where: str
) -> list[AffineAccess]:
    reads: list[AffineAccess] = []
    mine = [a for a in accesses_in(consumer) if a.buffer is buffer]
    for access in _parsed(mine, where):
        if access.is_write:
            raise AlloError(
                f"{where}: the consumer writes {_name(buffer)}, which the "
                "producer computes; bounds inference would compute it again "
                "over the consumer's values",
                access.op,
            )
        if not is_inside(access.op, target):
            raise AlloError(
                f"{where}: the consumer reads {_name(buffer)} outside loop "
                f"'{loop_label(target)}': {access.describe()}",
                access.op,
            )
        reads.append(access)
    return reads


def _inner_ranges(
    target: affine.ForOp, where: str
) -> dict[SSAValue, tuple[int, int] | None]:
    ranges: dict[SSAValue, tuple[int, int] | None] = {}
    for op in target.walk():
        if isinstance(op, affine.ForOp) and op is not target:
            ranges[induction_var(op)] = loop_range(op)
    return ranges


def _read_span(
    form: ValueForm | None,
    read: AffineAccess,
    ivs: Sequence[SSAValue],
    inner: dict[SSAValue, tuple[int, int] | None],
    where: str,
) -> tuple[ValueForm, int, int] | None:
    """
    The subscript `form` as (part over the matched consumer indices,
    lowest and highest value of the rest)."""
    if form is None:
        raise AlloError(
            f"{where}: cannot infer bounds from {read.describe()}: a subscript "
            "is not affine",
            read.op,
        )
    linear, rest = form.split(ivs)
    known: dict[SSAValue, tuple[int, int]] = {}
    for value in rest.terms:
        span = inner.get(value)
        if span is None:
            raise AlloError(
                f"{where}: cannot infer bounds from {read.describe()}: "
                f"'{value_name(value) or '?'}' is not the index of a consumer "
                "loop with constant bounds and at least one iteration",
                read.op,
            )
        known[value] = span
    low_high = form_range(rest, known)
    assert low_high is not None
    return linear, low_high[0], low_high[1]


def _merge(
    old: tuple[ValueForm, int, int] | None,
    new: tuple[ValueForm, int, int],
    loop: affine.ForOp,
    where: str,
) -> tuple[ValueForm, int, int]:
    if old is None:
        return new
    if not old[0].same_as(new[0]):
        raise AlloError(
            f"{where}: the consumer reads along producer loop "
            f"'{loop_label(loop)}' at {old[0].describe()} and at "
            f"{new[0].describe()} (plus constants); bounds inference needs one "
            "linear part",
            loop,
        )
    return old[0], min(old[1], new[1]), max(old[2], new[2])


def used_elsewhere(buffer: SSAValue, producer: Operation, consumer: Operation) -> bool:
    """
    Whether `buffer` lives beyond the two nests: a parameter, or used by
    an op outside them (a deallocation aside)."""
    if isinstance(buffer, BlockArgument):
        return True
    for use in buffer.uses:
        op = use.operation
        if op.name == "memref.dealloc":
            continue
        if isinstance(op, func.ReturnOp):
            return True
        inside = any(op is top or is_inside(op, top) for top in (producer, consumer))
        if not inside:
            return True
    return False


def _check_coverage(
    windows: Sequence[Window],
    consumer: Sequence[affine.ForOp],
    ranges: dict[SSAValue, tuple[int, int]],
    buffer: SSAValue,
    where: str,
) -> None:
    """
    Every iteration of each producer loop is in some window (sufficient:
    each window moves along its own consumer loop without gaps)."""
    used: set[SSAValue] = set()
    for window in windows:
        p, bounds = window.loop, window.bounds
        terms = window.linear.terms
        first, last = window.values(ranges)
        gapless = not terms
        if len(terms) == 1:
            ((iv, coef),) = terms.items()
            loop = next(c for c in consumer if induction_var(c) is iv)
            gapless = iv not in used and (
                abs(coef) * loop_step(loop) <= window.high - window.low + 1
            )
            used.add(iv)
        if gapless and first <= bounds.lower and bounds.upper - 1 <= last:
            continue
        raise AlloError(
            f"{where}: each consumer iteration needs producer loop "
            f"'{loop_label(p)}' at {_window_text(window)}, which leaves out some "
            f"of its iterations {bounds.lower} to {bounds.upper - 1}; "
            f"{_name(buffer)} is used outside the two nests, so every element "
            "must still be computed",
            p,
        )


def _window_text(window: Window) -> str:
    """`i - 1 to i + 1`, `i + 2`, `0 to 3`."""
    ends = [
        window.linear.plus(LinearForm.of_constant(c)) for c in (window.low, window.high)
    ]
    low, high = (e.describe() if e.terms else str(e.constant) for e in ends)
    return low if window.low == window.high else f"{low} to {high}"


def _name(buffer: SSAValue) -> str:
    return value_name(buffer) or "?"
