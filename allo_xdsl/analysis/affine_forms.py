"""Affine subscripts as linear forms over index values, for the memory
customizations (reuse_at, buffer_at).

A `LinearForm` is `sum(coef * value) + constant`, where each value is an
index SSA value that the form does not see through: a loop induction
variable, a function argument, the result of an op other than
`affine.apply` or an index constant. `affine.apply` results and index
constants are expanded, so `A[%i + 1]` and `A[%t]` with
`%t = affine.apply (d0) -> (d0 + 1)(%i)` have the same form. Subscripts
with `floordiv`, `mod` or products of values have no form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr
from xdsl.ir import BlockArgument, Operation, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymExpr,
)

from allo_xdsl.analysis.dependence import value_label
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loop_utils import (
    all_dims_map,
    constant_bounds,
    format_expr,
    index_constant,
    induction_var,
    is_inside,
)


@dataclass(frozen=True, eq=False)
class LinearForm:
    """`sum(coef * value) + constant`; no zero coefficient is stored."""

    terms: dict[SSAValue, int] = field(default_factory=dict[SSAValue, int])
    constant: int = 0

    @staticmethod
    def of_constant(value: int) -> LinearForm:
        return LinearForm({}, value)

    @staticmethod
    def of_value(value: SSAValue) -> LinearForm:
        return LinearForm({value: 1}, 0)

    def coefficient(self, value: SSAValue) -> int:
        return self.terms.get(value, 0)

    @property
    def is_constant(self) -> bool:
        return not self.terms

    def plus(self, other: LinearForm, scale: int = 1) -> LinearForm:
        terms = dict(self.terms)
        for value, coef in other.terms.items():
            terms[value] = terms.get(value, 0) + scale * coef
            if terms[value] == 0:
                del terms[value]
        return LinearForm(terms, self.constant + scale * other.constant)

    def minus(self, other: LinearForm) -> LinearForm:
        return self.plus(other, -1)

    def scaled(self, factor: int) -> LinearForm:
        if factor == 0:
            return LinearForm()
        terms = {v: c * factor for v, c in self.terms.items()}
        return LinearForm(terms, self.constant * factor)

    def split(self, keep: Iterable[SSAValue]) -> tuple[LinearForm, LinearForm]:
        """(the terms over `keep`, the other terms and the constant)."""
        kept = set(keep)
        inside = {v: c for v, c in self.terms.items() if v in kept}
        outside = {v: c for v, c in self.terms.items() if v not in kept}
        return LinearForm(inside, 0), LinearForm(outside, self.constant)

    def same_as(self, other: LinearForm) -> bool:
        return self.constant == other.constant and self.terms == other.terms

    def describe(self) -> str:
        """The form as a reader writes it (`x + 2`), values by loop name."""
        values = list(self.terms)
        expr = form_expr(self, values)
        return format_expr(expr, [value_label(v) for v in values])


def form_expr(form: LinearForm, inputs: Sequence[SSAValue]) -> AffineExpr:
    """`form` as an affine expression over the dims `inputs`."""
    expr: AffineExpr | None = None
    for value, coef in form.terms.items():
        term = AffineExpr.dimension(inputs.index(value))
        if coef != 1:
            term = term * coef
        expr = term if expr is None else expr + term
    if expr is None:
        return AffineExpr.constant(form.constant)
    return expr + form.constant if form.constant else expr


def forms_map(forms: Sequence[LinearForm]) -> tuple[AffineMap, tuple[SSAValue, ...]]:
    """A map computing `forms`, and its inputs (all dims)."""
    inputs: list[SSAValue] = []
    for form in forms:
        for value in form.terms:
            if value not in inputs:
                inputs.append(value)
    results = tuple(form_expr(form, inputs) for form in forms)
    return AffineMap(len(inputs), 0, results), tuple(inputs)


def value_form(value: SSAValue) -> LinearForm | None:
    """The form of an index value, through `affine.apply` and constants."""
    constant = index_constant(value)
    if constant is not None:
        return LinearForm.of_constant(constant)
    owner = value.owner
    if isinstance(owner, affine.ApplyOp):
        return map_forms(owner.map.data, owner.mapOperands)[0]
    return LinearForm.of_value(value)


def map_forms(amap: AffineMap, operands: Sequence[SSAValue]) -> list[LinearForm | None]:
    """The form of each result of `amap` applied to `operands`."""
    amap = all_dims_map(amap)
    inputs = [value_form(v) for v in operands]
    return [expr_form(e, inputs) for e in amap.results]


def expr_form(
    expr: AffineExpr, inputs: Sequence[LinearForm | None]
) -> LinearForm | None:
    if isinstance(expr, AffineConstantExpr):
        return LinearForm.of_constant(expr.value)
    if isinstance(expr, AffineDimExpr | AffineSymExpr):
        return inputs[expr.position]
    assert isinstance(expr, AffineBinaryOpExpr)
    lhs = expr_form(expr.lhs, inputs)
    rhs = expr_form(expr.rhs, inputs)
    if lhs is None or rhs is None:
        return None
    if expr.kind == AffineBinaryOpKind.Add:
        return lhs.plus(rhs)
    if expr.kind == AffineBinaryOpKind.Mul:
        if rhs.is_constant:
            return lhs.scaled(rhs.constant)
        if lhs.is_constant:
            return rhs.scaled(lhs.constant)
        return None
    if not (lhs.is_constant and rhs.is_constant) or rhs.constant <= 0:
        return None
    a, b = lhs.constant, rhs.constant
    if expr.kind == AffineBinaryOpKind.FloorDiv:
        return LinearForm.of_constant(a // b)
    if expr.kind == AffineBinaryOpKind.CeilDiv:
        return LinearForm.of_constant(-(-a // b))
    return LinearForm.of_constant(a % b)


@dataclass(frozen=True, eq=False)
class AffineAccess:
    """An `affine.load` or `affine.store` of a buffer, with the forms of its
    subscripts (`None` where a subscript has no form)."""

    op: Operation
    buffer: SSAValue
    is_write: bool
    subscripts: tuple[LinearForm | None, ...]

    def describe(self) -> str:
        """`load A[x + 1]`, for messages."""
        kind = "store" if self.is_write else "load"
        name = value_name(self.buffer) or "?"
        subs = ", ".join(
            s.describe() if s is not None else "?" for s in self.subscripts
        )
        return f"{kind} {name}[{subs}]"


def affine_access(op: Operation) -> AffineAccess | None:
    """The access `op` makes, when it is an `affine.load` or `affine.store`."""
    if isinstance(op, affine.LoadOp):
        buffer, indices, is_write = op.memref, op.indices, False
    elif isinstance(op, affine.StoreOp):
        buffer, indices, is_write = op.memref, op.indices, True
    else:
        return None
    map_attr = op.properties.get("map")
    assert isinstance(map_attr, AffineMapAttr)
    forms = tuple(map_forms(map_attr.data, indices))
    return AffineAccess(op, buffer, is_write, forms)


def retarget_access(
    access: AffineAccess, buffer: SSAValue, subscripts: Sequence[LinearForm]
) -> Operation:
    """A copy of `access` (same value, same location) on `buffer` at
    `subscripts`, inserted in its place; the old op is erased."""
    amap, inputs = forms_map(subscripts)
    old = access.op
    if isinstance(old, affine.StoreOp):
        new: Operation = affine.StoreOp(old.value, buffer, inputs, AffineMapAttr(amap))
    else:
        assert isinstance(old, affine.LoadOp)
        new = affine.LoadOp(buffer, inputs, AffineMapAttr(amap), old.result.type)
        if old.result.name_hint:
            new.results[0].name_hint = old.result.name_hint
    new.attributes.update(old.attributes)
    new.location = old.location
    block = old.parent_block()
    assert block is not None
    block.insert_op_before(new, old)
    if isinstance(old, affine.LoadOp):
        old.result.replace_all_uses_with(new.results[0])
    old.detach()
    old.erase()
    return new


def program_position(op: Operation, root: Operation) -> list[int]:
    """A key that orders the ops nested in `root` in program order."""
    position: list[int] = []
    while op is not root:
        block = op.parent_block()
        parent = op.parent_op()
        assert block is not None and parent is not None
        position.append(block.get_operation_index(op))
        op = parent
    return position[::-1]


# --- ranges ------------------------------------------------------------------


def defined_inside(value: SSAValue, op: Operation) -> bool:
    """Whether `value` is defined by `op` or inside it."""
    owner = value.block.parent_op() if isinstance(value, BlockArgument) else value.owner
    assert owner is None or isinstance(owner, Operation)
    return owner is not None and (owner is op or is_inside(owner, op))


def inner_ranges(loop: affine.ForOp) -> dict[SSAValue, tuple[int, int] | None]:
    """The range of the index of each loop inside `loop` (None where it is
    not constant)."""
    ranges: dict[SSAValue, tuple[int, int] | None] = {}
    for inner in loop.walk():
        if isinstance(inner, affine.ForOp) and inner is not loop:
            ranges[induction_var(inner)] = loop_range(inner)
    return ranges


def loop_range(loop: affine.ForOp) -> tuple[int, int] | None:
    """The first and last values of the induction variable of `loop` when
    its bounds are constants and it runs at least once."""
    bounds = constant_bounds(loop)
    if bounds is None or bounds.trip_count < 1:
        return None
    return bounds.lower, bounds.lower + bounds.step * (bounds.trip_count - 1)


def form_range(
    form: LinearForm, ranges: Mapping[SSAValue, tuple[int, int]]
) -> tuple[int, int] | None:
    """The smallest and largest values of `form` when each of its values
    ranges over `ranges` (None when one has no range)."""
    low = high = form.constant
    for value, coef in form.terms.items():
        if value not in ranges:
            return None
        a, b = ranges[value]
        low += min(coef * a, coef * b)
        high += max(coef * a, coef * b)
    return low, high
