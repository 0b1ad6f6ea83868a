"""The `compute_at` primitive: fuse a producer loop nest into its consumer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.dialects.builtin import StringAttr
from xdsl.ir import Operation, SSAValue
from xdsl.ir.affine import AffineExpr, AffineMap
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.affine_forms import LinearForm, form_expr
from allo_xdsl.analysis.dependence import Dependence, accesses_in, dependences
from allo_xdsl.analysis.footprint import Window, consumer_ranges, infer_windows
from allo_xdsl.analysis.lookup import (
    BAND_NAME,
    LOOP_NAME,
    band_name,
    loop_name,
    loops_of,
    value_name,
)
from allo_xdsl.analysis.loops import (
    body_ops,
    constant_bounds,
    induction_var,
    loop_step,
    perfect_child,
    trip_count,
)
from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.loops import set_loop_bounds, substitute_value


@dataclass(frozen=True)
class ComputeAtPass(PrimitivePass):
    """
    Fuse the loop nest `producer` into the loop nest `consumer` at the
    consumer's loop `loop` (Allo's `compute_at`). `producer` and `consumer`
    are band names (the `op_name` of the outermost loops, e.g. `S_i_0`) of
    two nests of function `func`, the producer first.

    The producer's outer loops, as many as there are loops from the consumer's
    outermost loop down to `loop`, are matched one to one with those consumer
    loops. When matched loops iterate the same space (equal bounds, or
    constant bounds with the same trip count and step; the producer's
    indices are then shifted) and the fusion keeps every dependence, they
    are removed: what they contained (the producer's inner loops and ops)
    moves to the start of the body of `loop`, its induction variables mapped
    to the consumer's, and each iteration of `loop` computes just the part
    the consumer uses there. Hints (`fpga.*`) of the removed producer loops
    are dropped.

    Otherwise (other trip counts or steps, a consumer that reads ahead, a
    stencil), the producer's range is inferred from what the consumer reads,
    as in Allo and Halide: at each iteration of the matched consumer loops,
    each matched producer loop runs over the window of its iterations that
    the consumer's reads of the produced buffers need there (over the
    consumer's loops inside `loop` too, e.g. `B[i + r]` for r in 0..2 needs
    i..i+2), clamped to the producer's own bounds; a window of a single
    iteration inside those bounds replaces the loop by its index. Elements
    that two windows share are computed again, so the producer must be
    recomputable (see `analysis/footprint.py`): only loads, stores,
    arithmetic, loops and `affine.if`, no `iter_args`, and no read of a
    buffer it writes (a reduction or a recurrence). When a produced buffer
    is used outside the two nests (a parameter, returned, read later), the
    windows must together cover every iteration the producer ran. Kept
    producer loops keep their names (renamed `<producer>.<name>` on a clash
    with a consumer loop) and hints.

    Legality is decided by the affine dependence test on the fused nest:
    every access of the producer ran before every access of the consumer, so
    no consumer access may now run before a producer access to the same
    element (one of them a write); with windows, a consumer read followed by
    the producer computing the same element again is allowed (same value).

    Rejects: unknown bands or loop, bands in different blocks or in the wrong
    order, a producer that is not a perfect nest down to that depth or whose
    matched loops carry values, a consumer access that would run before the
    producer access it depends on (e.g. the consumer overwrites A[i] while
    the producer, one iteration later, reads it; the error names the buffer,
    both accesses and the direction over the fused loops), an op between the
    two nests that uses a buffer the producer writes or writes a buffer the
    producer reads, and, when the loops do not match one to one, whatever
    keeps bounds inference from applying (the error gives both reasons):
    non-constant bounds, a producer step other than 1, a producer that is
    not recomputable, a produced buffer that is not written at `p + c` along
    each matched producer loop `p`, consumer reads of it with no common
    linear part (`B[i]` and `B[j]` along one loop), outside `loop` or not
    affine, a consumer that writes it, and windows that leave out
    iterations of a buffer used elsewhere."""

    name = "compute-at"

    producer: str
    consumer: str
    loop: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        producer = find_band(fn, self.producer)
        consumer = find_band(fn, self.consumer)
        check_order(producer, consumer, self.producer, self.consumer)
        target = find_consumer_loop(consumer, self.consumer, self.loop)
        consumer_path = consumer_loops(consumer, target, self)
        producer_path = producer_loops(producer, len(consumer_path), self)
        check_between(producer, consumer, self)
        taken = {loop_name(loop) for loop in loops_of(consumer)}
        matched: list[Matched] = []
        try:
            for p, c in zip(producer_path, consumer_path, strict=True):
                matched.append(match_loops(p, c, matched, self))
            check_dependences(producer, consumer, target, self, matched)
        except AlloError as problem:
            # Loops that do not match: the inference's reason is the one to
            # show where it arises; a broken dependence stays where it is.
            structural = len(matched) < len(consumer_path)
            windows = self.infer(producer_path, consumer_path, problem, structural)
            check_dependences(producer, consumer, target, self, windows=windows)
            moved = fuse_windows(producer, windows, consumer_path)
        else:
            moved = fuse(producer, matched, target)
        rename_clashes(moved, taken, self.producer)

    def infer(
        self,
        producer_path: Sequence[affine.ForOp],
        consumer_path: Sequence[affine.ForOp],
        problem: AlloError,
        structural: bool,
    ) -> list[Window]:
        """
        The producer's windows, when the one-to-one matching of the loops
        failed with `problem`; raise both reasons when inference fails too,
        at the inference's location when the loops did not match."""
        try:
            return infer_windows(producer_path, consumer_path, self.where())
        except AlloError as why:
            reason = why.message.removeprefix(self.where() + ": ")
            at = why if structural else problem
            raise AlloError(
                f"{problem.message}; bounds inference does not apply: {reason}",
                at.op,
                at.location,
            ) from None

    def where(self) -> str:
        return (
            f"cannot compute '{self.producer}' at loop '{self.loop}' of "
            f"'{self.consumer}'"
        )


# -- finding the nests --------------------------------------------------------


def bands_of(fn: func.FuncOp) -> dict[str, affine.ForOp]:
    bands: dict[str, affine.ForOp] = {}
    for loop in loops_of(fn):
        name = band_name(loop)
        if name is not None and loop.attributes.get(BAND_NAME) is not None:
            bands.setdefault(name, loop)
    return bands


def find_band(fn: func.FuncOp, name: str) -> affine.ForOp:
    bands = bands_of(fn)
    if name not in bands:
        raise AlloError(
            f"in function '{fn.sym_name.data}': " + did_you_mean("band", name, bands),
            fn,
        )
    return bands[name]


def check_order(
    producer: affine.ForOp, consumer: affine.ForOp, p_name: str, c_name: str
) -> None:
    if producer is consumer:
        raise AlloError(
            f"compute_at needs two different bands, got '{p_name}' twice", producer
        )
    block = producer.parent_block()
    if block is None or block is not consumer.parent_block():
        raise AlloError(
            f"cannot compute '{p_name}' at '{c_name}': the two bands are not in "
            "the same block",
            consumer,
        )
    if block.get_operation_index(producer) > block.get_operation_index(consumer):
        raise AlloError(
            f"cannot compute '{p_name}' at '{c_name}': the producer band comes "
            "after the consumer band",
            producer,
        )


def find_consumer_loop(consumer: affine.ForOp, c_name: str, name: str) -> affine.ForOp:
    band, _, plain = name.rpartition(":")
    loops = list(loops_of(consumer))
    if band and band != c_name:
        raise AlloError(
            f"loop '{name}' of compute_at must be a loop of the consumer band "
            f"'{c_name}'",
            consumer,
        )
    matches = [loop for loop in loops if loop_name(loop) == plain]
    if not matches:
        raise AlloError(
            f"in band '{c_name}': "
            + did_you_mean("loop", name, [loop_name(x) or "?" for x in loops]),
            consumer,
        )
    if len(matches) > 1:
        raise AlloError(
            f"in band '{c_name}': loop name '{plain}' is ambiguous", matches[1]
        )
    return matches[0]


def consumer_loops(
    consumer: affine.ForOp, target: affine.ForOp, primitive: ComputeAtPass
) -> list[affine.ForOp]:
    """
    The loops from the consumer's outermost one down to `target`, each
    directly in the body of the previous one: the producer code then runs
    once for every iteration of them."""
    path = [target]
    while path[-1] is not consumer:
        parent = path[-1].parent_op()
        if not isinstance(parent, affine.ForOp):
            assert parent is not None
            raise AlloError(
                f"{primitive.where()}: loop '{loop_name(path[-1])}' is inside "
                f"'{parent.name}', not directly inside a loop",
                parent,
            )
        path.append(parent)
    return path[::-1]


def producer_loops(
    producer: affine.ForOp, depth: int, primitive: ComputeAtPass
) -> list[affine.ForOp]:
    """The `depth` outermost loops of the producer, each alone in the last."""
    path = [producer]
    while len(path) < depth:
        child = perfect_child(path[-1])
        if child is None:
            raise AlloError(
                f"{primitive.where()}: the producer is not a perfect nest of "
                f"{depth} loops (loop '{loop_name(path[-1])}' holds other ops)",
                path[-1],
            )
        path.append(child)
    if path[-1].results:
        raise AlloError(
            f"{primitive.where()}: producer loop '{loop_name(path[-1])}' carries "
            "values (iter_args)",
            path[-1],
        )
    return path


# -- matching loops -----------------------------------------------------------


@dataclass(frozen=True)
class Matched:
    """
    A producer loop fused into a consumer loop: producer index =
    consumer index + offset."""

    producer: affine.ForOp
    consumer: affine.ForOp
    offset: int
    trips: int | None


def match_loops(
    p: affine.ForOp,
    c: affine.ForOp,
    outer: Sequence[Matched],
    primitive: ComputeAtPass,
) -> Matched:
    p_name, c_name = loop_name(p), loop_name(c)
    if loop_step(p) != loop_step(c):
        raise AlloError(
            f"{primitive.where()}: producer loop '{p_name}' and consumer loop "
            f"'{c_name}' have different steps ({loop_step(p)} and {loop_step(c)})",
            c,
        )
    p_bounds, c_bounds = constant_bounds(p), constant_bounds(c)
    if p_bounds is not None and c_bounds is not None:
        if p_bounds.trip_count != c_bounds.trip_count:
            raise AlloError(
                f"{primitive.where()}: producer loop '{p_name}' ({p_bounds.lower} "
                f"to {p_bounds.upper}) and consumer loop '{c_name}' "
                f"({c_bounds.lower} to {c_bounds.upper}) do not have the same "
                "trip count",
                c,
            )
        return Matched(p, c, p_bounds.lower - c_bounds.lower, p_bounds.trip_count)
    if not same_bounds(p, c, outer):
        raise AlloError(
            f"{primitive.where()}: producer loop '{p_name}' and consumer loop "
            f"'{c_name}' do not have the same bounds",
            c,
        )
    return Matched(p, c, 0, trip_count(c))


def same_bounds(p: affine.ForOp, c: affine.ForOp, outer: Sequence[Matched]) -> bool:
    """
    Whether the bounds of `p` and `c` are the same maps of the same values,
    reading the indices of the outer producer loops as those of the consumer
    loops they are matched with."""
    if p.lowerBoundMap != c.lowerBoundMap or p.upperBoundMap != c.upperBoundMap:
        return False
    same: dict[SSAValue, SSAValue] = {
        m.producer.body.block.args[0]: m.consumer.body.block.args[0]
        for m in outer
        if m.offset == 0
    }
    p_inputs = [*p.lowerBoundOperands, *p.upperBoundOperands]
    c_inputs = [*c.lowerBoundOperands, *c.upperBoundOperands]
    return all(same.get(x, x) is y for x, y in zip(p_inputs, c_inputs, strict=True))


# -- legality -----------------------------------------------------------------


def check_between(
    producer: affine.ForOp, consumer: affine.ForOp, primitive: ComputeAtPass
) -> None:
    """
    The producer moves past the ops between the two nests: none of them may
    touch what the producer writes, or write what it reads."""
    produced = accesses_in(producer)
    written = {a.buffer for a in produced if a.is_write}
    read = {a.buffer for a in produced if not a.is_write}
    between: list[Operation] = []
    op = producer.next_op
    while op is not None and op is not consumer:
        between.append(op)
        op = op.next_op
    if not between:
        return
    scope = producer.parent_op()
    assert scope is not None
    for access in accesses_in(scope):
        if not any(top.is_ancestor(access.op) for top in between):
            continue
        if access.buffer in written or (access.is_write and access.buffer in read):
            verb = "writes" if access.buffer in written else "reads"
            raise AlloError(
                f"{primitive.where()}: buffer '{buffer_label(access.buffer)}', "
                f"which the producer {verb}, is used by '{access.op.name}' "
                "between the producer and the consumer",
                access.op,
            )


def buffer_label(buffer: SSAValue) -> str:
    return value_name(buffer) or "?"


def check_dependences(
    producer: affine.ForOp,
    consumer: affine.ForOp,
    target: affine.ForOp,
    primitive: ComputeAtPass,
    matched: Sequence[Matched] = (),
    windows: Sequence[Window] | None = None,
) -> None:
    """
    Fuse copies of the two nests (loops `matched`, or with `windows`)
    and reject the fusion when an access of the consumer then runs before
    an access of the producer to the same element (at least one of them a
    write): originally, every producer access ran first. With windows, a
    consumer read followed by the producer computing the same element again
    is fine: the producer is recomputable, and the read saw the element
    computed at its own iteration."""
    mapper: dict[SSAValue, SSAValue] = {}
    copies = (producer.clone(mapper), consumer.clone(mapper))
    originals = dict(zip(copies[0].walk(), producer.walk(), strict=True))
    originals |= dict(zip(copies[1].walk(), consumer.walk(), strict=True))
    copy_of = {original: copy for copy, original in originals.items()}
    written = {a.buffer for a in accesses_in(producer) if a.is_write}

    def loop_copy(loop: affine.ForOp) -> affine.ForOp:
        copy = copy_of[loop]
        assert isinstance(copy, affine.ForOp)
        return copy

    try:
        path = consumer_loops(loop_copy(consumer), loop_copy(target), primitive)
        if windows is None:
            moved = fuse(
                copies[0],
                [
                    Matched(
                        loop_copy(m.producer), loop_copy(m.consumer), m.offset, m.trips
                    )
                    for m in matched
                ],
                path[-1],
            )
        else:
            copied = [
                Window(
                    loop_copy(w.loop),
                    LinearForm({mapper[v]: c for v, c in w.linear.terms.items()}),
                    w.low,
                    w.high,
                    w.bounds,
                )
                for w in windows
            ]
            moved = fuse_windows(copies[0], copied, path)
        from_producer = {op for top in moved for op in top.walk()}
        for dependence in dependences(path):
            source, sink = dependence.source, dependence.sink
            if source.op in from_producer or sink.op not in from_producer:
                continue
            recomputed = sink.is_write and source.buffer in written
            if windows is not None and not source.is_write and recomputed:
                continue
            raise dependence_error(dependence, originals[source.op], primitive)
    finally:
        for copy in copies:
            if copy.parent is None:
                copy.erase()


def dependence_error(
    dependence: Dependence, at: Operation, primitive: ComputeAtPass
) -> AlloError:
    buffer = buffer_label(dependence.buffer)
    consumer_writes = dependence.source.is_write
    producer_writes = dependence.sink.is_write
    if consumer_writes and producer_writes:
        what = f"the consumer would write {buffer} before the producer writes it"
    elif producer_writes:
        what = f"the consumer would read {buffer} before the producer writes it"
    else:
        what = f"the consumer would overwrite {buffer} before the producer reads it"
    return AlloError(f"{primitive.where()}: {what}; {dependence.describe()}", at)


# -- the rewrite --------------------------------------------------------------


def fuse(
    producer: affine.ForOp, matched: Sequence[Matched], target: affine.ForOp
) -> list[Operation]:
    """
    Move the body of the innermost matched producer loop to the start of
    `target`, read the consumer's indices for the producer's, and erase the
    producer nest; return the moved ops."""
    innermost = matched[-1].producer
    first = target.body.block.first_op
    assert first is not None
    moved = body_ops(innermost)
    for op in moved:
        op.detach()
        Rewriter.insert_op(op, InsertPoint.before(first))
    for m in matched:
        index = m.producer.body.block.args[0]
        consumer_index = m.consumer.body.block.args[0]
        if m.offset == 0:
            index.replace_all_uses_with(consumer_index)
        else:
            substitute_value(
                index, AffineExpr.dimension(0) + m.offset, (consumer_index,)
            )
    if producer.parent is not None:
        producer.detach()
    producer.erase()
    return moved


def fuse_windows(
    producer: affine.ForOp,
    windows: Sequence[Window],
    consumer_path: Sequence[affine.ForOp],
) -> list[Operation]:
    """
    Move the producer nest to the start of the innermost loop of
    `consumer_path`; each matched producer loop runs over its window there
    (clamped to its own bounds), or is replaced by its index when the window
    is one iteration; return the moved ops."""
    target = consumer_path[-1]
    ranges = consumer_ranges(consumer_path)
    first = target.body.block.first_op
    assert first is not None
    if producer.parent is not None:
        producer.detach()
    Rewriter.insert_op(producer, InsertPoint.before(first))
    producer.attributes.pop(BAND_NAME, None)
    for window in windows:
        inputs = tuple(window.linear.terms)
        low = form_expr(window.linear, inputs) + window.low
        high = form_expr(window.linear, inputs) + (window.high + 1)
        if window.is_point(ranges):
            substitute_value(induction_var(window.loop), low, inputs)
            unwrap_loop(window.loop)
            continue
        first_needed, last_needed = window.values(ranges)
        lows, highs = [low], [high]
        if first_needed < window.bounds.lower:
            lows.append(AffineExpr.constant(window.bounds.lower))
        if last_needed >= window.bounds.upper:
            highs.append(AffineExpr.constant(window.bounds.upper))
        n = len(inputs)
        set_loop_bounds(
            window.loop,
            (AffineMap(n, 0, tuple(lows)), inputs),
            (AffineMap(n, 0, tuple(highs)), inputs),
        )
    moved: list[Operation] = []
    op = target.body.block.first_op
    while op is not None and op is not first:
        moved.append(op)
        op = op.next_op
    return moved


def unwrap_loop(loop: affine.ForOp) -> None:
    """Replace `loop`, whose index is no longer used, by its body."""
    for op in body_ops(loop):
        op.detach()
        Rewriter.insert_op(op, InsertPoint.before(loop))
    loop.detach()
    loop.erase()


def rename_clashes(
    moved: Sequence[Operation], taken: set[str | None], band: str
) -> None:
    """Moved producer loops named like a consumer loop become `<band>.<name>`."""
    for op in moved:
        for loop in loops_of(op):
            name = loop_name(loop)
            if name in taken:
                loop.attributes[LOOP_NAME] = StringAttr(f"{band}.{name}")
