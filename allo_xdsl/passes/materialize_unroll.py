"""Unroll loops in the IR, for targets that have no unroll pragma."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, arith, func
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AffineSetAttr,
    IndexType,
    IntegerAttr,
    ModuleOp,
    StringAttr,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.ir.affine import (
    AffineConstantExpr,
    AffineConstraintExpr,
    AffineConstraintKind,
    AffineExpr,
    AffineMap,
    AffineSet,
)
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.affine_expr import all_dims_map
from allo_xdsl.analysis.affine_forms import merge_inputs, simplify_expr, simplify_map
from allo_xdsl.analysis.hints import set_unroll, unroll
from allo_xdsl.analysis.lookup import (
    BAND_NAME,
    LOOP_NAME,
    find_func,
    find_loop,
    loop_name,
    loops_of,
    outermost_loop,
)
from allo_xdsl.analysis.loops import (
    Bound,
    loop_step,
    lower_bound,
    max_trip_count,
    trip_count,
    upper_bound,
)
from allo_xdsl.analysis.stream_order import check_stream_orders
from allo_xdsl.diagnostics import AlloError, reported_at
from allo_xdsl.dialects.affine_ext import IfOp
from allo_xdsl.dialects.fpga import UNROLL
from allo_xdsl.passes.loop_unroll import check_unroll_factor
from allo_xdsl.passes.name_loops import name_function_loops
from allo_xdsl.passes.normalize_affine import normalize_function
from allo_xdsl.rewriting.loops import substitute_value


@dataclass(frozen=True)
class MaterializeUnrollPass(ModulePass):
    """
    Unroll loops in the IR instead of leaving an `fpga.unroll` annotation.

    With `loop` (and `func`), unroll that loop by `factor`, or by its
    `fpga.unroll` annotation when `factor` is not given; 0 unrolls fully.
    Without `loop`, unroll every loop that has an `fpga.unroll` annotation, in
    function `func` or in every function, inner loops first.

    A factor that does not divide a constant trip count leaves a remainder
    loop (`<loop>.rem`) after the unrolled one; so does a trip count that
    varies, for a loop with single bounds (`%i to 10`). A loop whose bounds
    are a max or min and whose trip count varies (`0 to min(4, 10 - %io)`,
    as a split leaves) steps by the factor instead, each copy after the first
    inside an `affine.if` that checks its iteration exists; fully unrolled,
    such a loop becomes as many guarded copies as its largest trip count.
    Loop-carried values (`iter_args`) are threaded through the copies (and
    through the `affine.if` results). Indices are folded into the affine maps
    that read them. Loops inside the k-th copy of the body are renamed
    `<name>.u<k>` (in the remainder `<name>.rem`), so that loop names stay
    unique.

    Rejects: a factor without a loop, a loop without a factor or annotation,
    a negative factor or one larger than a constant trip count, and a full
    unroll of a loop whose trip count has no constant bound.
    """

    name = "materialize-unroll"

    func: str | None = None
    loop: str | None = None
    factor: int | None = None

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        self._unroll(op)
        check_stream_orders(op, self.func, self.name)

    def _unroll(self, op: ModuleOp) -> None:
        if self.loop is None:
            if self.factor is not None:
                raise AlloError("materialize-unroll: option 'factor' needs 'loop'", op)
            for fn in self._functions(op):
                unroll_annotated_loops(fn)
            return
        if self.func is None:
            raise AlloError("materialize-unroll: option 'loop' needs 'func'", op)
        fn = find_func(op, self.func)
        # As for the primitives: other drivers do not name loops beforehand.
        normalize_function(fn)
        name_function_loops(fn)
        target = find_loop(fn, self.loop)
        factor = self.factor if self.factor is not None else annotated_factor(target)
        if factor is None:
            raise AlloError(
                f"materialize-unroll: loop '{self.loop}' has no '{UNROLL}' "
                "annotation; give a factor",
                target,
            )
        check_unroll_factor(target, self.loop, factor)
        with reported_at(target, f"loop '{self.loop}': "):
            set_unroll(target, factor)  # checks an option's factor
        unroll_loop(target, factor)

    def _functions(self, op: ModuleOp) -> list[func.FuncOp]:
        if self.func is not None:
            return [find_func(op, self.func)]
        return [fn for fn in op.walk() if isinstance(fn, func.FuncOp)]


def annotated_factor(loop: affine.ForOp) -> int | None:
    return unroll(loop)


def unroll_annotated_loops(fn: func.FuncOp) -> None:
    # A walk lists a loop before the loops it contains: reversed, inner loops
    # come first, so an outer unroll copies the already unrolled inner ones.
    for loop in reversed(list(loops_of(fn))):
        factor = annotated_factor(loop)
        if factor is None:
            continue
        check_unroll_factor(loop, loop_name(loop) or "?", factor)
        unroll_loop(loop, factor)


def unroll_loop(loop: affine.ForOp, factor: int) -> None:
    """Unroll `loop` by `factor` (0: fully) in place."""
    set_unroll(loop, None)
    trips = trip_count(loop)
    if trips is not None:
        if factor == 0 or factor >= trips:
            unroll_fully(loop, trips, guarded=False)
        elif factor > 1:
            unroll_partially(loop, factor, trips)
        return
    most = max_trip_count(loop)
    if factor == 0 or (most is not None and factor >= most):
        if most is None:
            raise AlloError(
                f"cannot fully unroll loop '{loop_name(loop)}' in the IR: its trip "
                "count has no constant bound",
                loop,
            )
        unroll_fully(loop, most, guarded=True)
    elif factor > 1:
        single = (
            len(loop.lowerBoundMap.data.results) == 1
            and len(loop.upperBoundMap.data.results) == 1
        )
        if single:
            unroll_partially(loop, factor, None)
        else:
            unroll_guarded(loop, factor)


# -- copies of a loop body ----------------------------------------------------


@dataclass(frozen=True)
class Body:
    """The ops of a loop body as they were before any copy was inserted."""

    index: SSAValue
    iter_args: tuple[SSAValue, ...]
    ops: tuple[Operation, ...]
    yields: tuple[SSAValue, ...]

    @staticmethod
    def of(loop: affine.ForOp) -> Body:
        index, *iter_args = loop.body.block.args
        terminator = loop.body.block.last_op
        assert isinstance(terminator, affine.YieldOp)
        ops = tuple(op for op in loop.body.block.ops if op is not terminator)
        return Body(index, tuple(iter_args), ops, tuple(terminator.operands))

    def copy(
        self,
        iv: IndexExpr,
        carried: Sequence[SSAValue],
        where: InsertPoint,
        suffix: str,
    ) -> tuple[tuple[SSAValue, ...], list[Operation]]:
        """
        Insert a copy of the body at `where`, for the induction variable
        `iv` and loop-carried values `carried`; return what the copy yields
        and its ops."""
        placeholder = iv.materialize(where)
        placeholder.name_hint = self.index.name_hint
        mapper: dict[SSAValue, SSAValue] = dict(
            zip(self.iter_args, carried, strict=True)
        )
        mapper[self.index] = placeholder
        copies: list[Operation] = []
        for op in self.ops:
            copy = op.clone(mapper)
            rename_loops(copy, suffix)
            Rewriter.insert_op(copy, where)
            copies.append(copy)
        yields = tuple(mapper.get(value, value) for value in self.yields)
        if placeholder not in yields:
            fold_index(placeholder, iv)
        return yields, copies


@dataclass(frozen=True)
class IndexExpr:
    """An index value as an affine expression of other values (all dims)."""

    expr: AffineExpr
    inputs: tuple[SSAValue, ...]

    def materialize(self, where: InsertPoint) -> SSAValue:
        op: Operation
        if not self.inputs and isinstance(value := self.expr, AffineConstantExpr):
            op = arith.ConstantOp(IntegerAttr(value.value, IndexType()))
        else:
            amap = AffineMap(len(self.inputs), 0, (self.expr,))
            op = affine.ApplyOp(self.inputs, AffineMapAttr(amap))
        Rewriter.insert_op(op, where)
        return op.results[0]


def fold_index(value: SSAValue, iv: IndexExpr) -> None:
    """
    Fold the index `value`, computed as `iv`, into the affine maps that
    read it, and erase it. A constant stays an `arith.constant` for the
    users that are not affine."""
    owner = value.owner
    assert isinstance(owner, Operation)
    if isinstance(owner, arith.ConstantOp):
        constant = owner.clone()
        Rewriter.insert_op(constant, InsertPoint.after(owner))
        value.replace_uses_with_if(
            constant.result, lambda use: not use.operation.name.startswith("affine.")
        )
        if not constant.result.uses:
            constant.detach()
            constant.erase()
    substitute_value(value, iv.expr, iv.inputs)
    owner.detach()
    owner.erase()


def rename_loops(op: Operation, suffix: str) -> None:
    """Give the loops inside a copied body names of their own."""
    if not suffix:
        return
    for inner in loops_of(op):
        for key in (LOOP_NAME, BAND_NAME):
            attr = inner.attributes.get(key)
            if isinstance(attr, StringAttr):
                inner.attributes[key] = StringAttr(attr.data + suffix)


def shifted_map(affine_map: AffineMap, offset: int) -> AffineMap:
    return AffineMap(
        affine_map.num_dims,
        affine_map.num_symbols,
        tuple(result + offset for result in affine_map.results),
    )


@dataclass(frozen=True)
class Condition:
    """The condition of an `affine.if`: an integer set over `inputs`."""

    integer_set: AffineSet
    inputs: tuple[SSAValue, ...]


def guard(loop: affine.ForOp, iv: IndexExpr) -> Condition | bool:
    """
    When the iteration of `loop` at `iv` exists, i.e. `iv` is below every
    upper bound: True when it always does, False when it never does."""
    ub_map = all_dims_map(loop.upperBoundMap.data)
    inputs, ub_dims = merge_inputs(iv.inputs, loop.upperBoundOperands)
    constraints: list[AffineConstraintExpr] = []
    for result in ub_map.results:
        upper = result.replace_dims_and_symbols(ub_dims, ())
        slack = simplify_expr(upper - iv.expr - 1, len(inputs))
        if isinstance(slack, AffineConstantExpr):
            if slack.value < 0:
                return False
            continue
        constraints.append(
            AffineConstraintExpr(AffineConstraintKind.ge, slack, AffineExpr.constant(0))
        )
    if not constraints:
        return True
    return Condition(AffineSet(len(inputs), 0, tuple(constraints)), inputs)


def guarded_copy(
    body: Body,
    iv: IndexExpr,
    carried: Sequence[SSAValue],
    where: InsertPoint,
    suffix: str,
    condition: Condition | bool,
) -> tuple[tuple[SSAValue, ...], list[Operation]]:
    """
    A copy of the body that runs only when `condition` holds; loop-carried
    values pass through unchanged otherwise."""
    if condition is False:
        return tuple(carried), []
    if condition is True:
        return body.copy(iv, carried, where, suffix)
    then_block = Block()
    yields, _ = body.copy(iv, carried, InsertPoint.at_end(then_block), suffix)
    then_block.add_op(affine.YieldOp.get(*yields))
    else_region = Region()
    if carried:
        else_region.add_block(Block([affine.YieldOp.get(*carried)]))
    branch = IfOp(
        AffineSetAttr(condition.integer_set),
        condition.inputs,
        Region(then_block),
        else_region,
        [value.type for value in carried],
    )
    Rewriter.insert_op(branch, where)
    for result, value in zip(branch.results, yields, strict=True):
        result.name_hint = value.name_hint
    return tuple(branch.results), [branch]


# -- full unroll --------------------------------------------------------------


def unroll_fully(loop: affine.ForOp, trips: int, guarded: bool) -> None:
    """
    Replace `loop` by `trips` copies of its body; with `guarded`, `trips`
    is only a bound on the trip count and each copy checks that its
    iteration exists."""
    # A known trip count (or bound on it) implies a single lower bound.
    lb_map = all_dims_map(loop.lowerBoundMap.data)
    assert len(lb_map.results) == 1
    body = Body.of(loop)
    where = InsertPoint.before(loop)
    band = loop.attributes.get(BAND_NAME)
    step = loop_step(loop)
    carried = tuple(loop.inits)
    for k in range(trips):
        iv = IndexExpr(lb_map.results[0] + k * step, tuple(loop.lowerBoundOperands))
        condition = guard(loop, iv) if guarded else True
        suffix = f".u{k}" if k else ""
        carried, copies = guarded_copy(body, iv, carried, where, suffix, condition)
        if isinstance(band, StringAttr):
            name_new_bands(copies, band.data, k)
    for result, value in zip(loop.results, carried, strict=True):
        result.replace_all_uses_with(value)
    loop.detach()
    loop.erase()


def name_new_bands(copies: Sequence[Operation], band: str, k: int) -> None:
    """
    The loops of the k-th copy of an outermost loop's body start nests of
    their own: give each a band name derived from `band`."""
    count = 0
    for copy in copies:
        for inner in loops_of(copy):
            if outermost_loop(inner) is not inner:
                continue
            name = band if k == 0 else f"{band}.u{k}"
            if count:
                name += f".{count}"
            inner.attributes[BAND_NAME] = StringAttr(name)
            count += 1


# -- partial unroll -----------------------------------------------------------


def split_bounds(
    loop: affine.ForOp, factor: int, trips: int | None
) -> tuple[Bound, Bound | None]:
    """
    The upper bound of the unrolled loop, and the lower bound of the
    remainder loop (None when there is no remainder)."""
    step = loop_step(loop)
    lb_map, lb_inputs = lower_bound(loop)
    if trips is not None:
        end = shifted_map(all_dims_map(lb_map), trips // factor * factor * step)
        return (end, lb_inputs), ((end, lb_inputs) if trips % factor else None)
    ub_map, ub_inputs = upper_bound(loop)
    if len(lb_map.results) != 1 or len(ub_map.results) != 1:
        raise AlloError(
            f"cannot unroll loop '{loop_name(loop)}' by {factor} in the IR: its "
            "bounds are a max or min and its trip count is not a constant",
            loop,
        )
    lb_map, ub_map = all_dims_map(lb_map), all_dims_map(ub_map)
    inputs, ub_dims = merge_inputs(lb_inputs, ub_inputs)
    lower = lb_map.results[0]
    upper = ub_map.results[0].replace_dims_and_symbols(ub_dims, ())
    chunk = step * factor
    end = lower + ((upper - lower) // chunk) * chunk
    # A lower bound is a max: when the loop runs zero times `end` can be
    # below `lower`, and the remainder must still not start before `lower`.
    n = len(inputs)
    return (
        (simplify_map(AffineMap(n, 0, (end,))), inputs),
        (simplify_map(AffineMap(n, 0, (lower, end))), inputs),
    )


def loop_with_body(
    lower: Bound,
    upper: Bound,
    step: int,
    inits: Sequence[SSAValue],
    region: Region,
    attributes: dict[str, Attribute],
) -> affine.ForOp:
    loop = affine.ForOp.from_region(
        lower[1],
        upper[1],
        inits,
        [value.type for value in inits],
        AffineMapAttr(lower[0]),
        AffineMapAttr(upper[0]),
        region,
        step,
    )
    loop.attributes.update(attributes)
    return loop


def unroll_partially(loop: affine.ForOp, factor: int, trips: int | None) -> None:
    main_end, rest_start = split_bounds(loop, factor, trips)
    step = loop_step(loop)
    rest_region = loop.body.clone() if rest_start is not None else None

    region = Region()
    loop.body.move_blocks(region)
    main = loop_with_body(
        lower_bound(loop),
        main_end,
        step * factor,
        loop.inits,
        region,
        dict(loop.attributes),
    )
    Rewriter.insert_op(main, InsertPoint.before(loop))
    unroll_body(main, factor, step)
    results = main.results

    if rest_region is not None and rest_start is not None:
        rest = loop_with_body(
            rest_start,
            upper_bound(loop),
            step,
            main.results,
            rest_region,
            dict(loop.attributes),
        )
        rename_loops(rest, ".rem")
        Rewriter.insert_op(rest, InsertPoint.after(main))
        results = rest.results

    for old, new in zip(loop.results, results, strict=True):
        new.name_hint = old.name_hint
        old.replace_all_uses_with(new)
    loop.detach()
    loop.erase()


def unroll_body(loop: affine.ForOp, factor: int, step: int) -> None:
    """
    Append factor - 1 copies of the body of `loop`, each for the next
    iteration, to the body itself."""
    body = Body.of(loop)
    terminator = loop.body.block.last_op
    assert terminator is not None
    where = InsertPoint.before(terminator)
    carried = body.yields
    for k in range(1, factor):
        iv = IndexExpr(AffineExpr.dimension(0) + k * step, (body.index,))
        carried, _ = body.copy(iv, carried, where, f".u{k}")
    terminator.operands = carried


# -- guarded unroll -------------------------------------------------------------


def unroll_guarded(loop: affine.ForOp, factor: int) -> None:
    """
    Unroll a loop whose trip count varies and whose bounds are a max or
    min: the loop steps `factor` iterations at a time, and each copy after
    the first checks that its iteration exists."""
    step = loop_step(loop)
    body = Body.of(loop)
    terminator = loop.body.block.last_op
    assert terminator is not None
    where = InsertPoint.before(terminator)
    carried = body.yields
    for k in range(1, factor):
        iv = IndexExpr(AffineExpr.dimension(0) + k * step, (body.index,))
        condition = guard(loop, iv)
        carried, _ = guarded_copy(body, iv, carried, where, f".u{k}", condition)
    terminator.operands = carried
    loop.properties["step"] = IntegerAttr.from_index_int_value(step * factor)
