"""
The affine toolkit's one linear form, and the folders that build it.

`LinearForm[K]` is `sum(coef * key) + constant`. Its keys are whatever the
client counts in: index SSA values (`ValueForm`, for the memory
customizations), the variables of an integer system (`fourier_motzkin`,
the dependence test) or the atoms of an expression (`simplify_expr`).
Every form is built by an `ExprFolder` (`affine_expr`), the one walk over
affine expressions; so is `expr_range`, the interval of an expression.

`value_form(value)` is the form of an index value over the values it does
not see through: a loop induction variable, a function argument, the result
of an op other than `affine.apply` or an index constant. `affine.apply`
results and index constants are expanded, so `A[%i + 1]` and `A[%t]` with
`%t = affine.apply (d0) -> (d0 + 1)(%i)` have the same form. Subscripts
with `floordiv`, `mod` or products of values have no form.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymExpr,
)

from allo_xdsl.analysis.affine_expr import (
    ExprFolder,
    divide_constants,
    format_expr,
    value_label,
)
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loops import (
    index_constant,
    induction_var,
    is_inside,
    loop_range,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)

Range = tuple[int, int]
"""The smallest and largest value of an index (inclusive)."""


class LinearForm(Generic[K]):
    """
    `sum(coef * key) + constant`; no zero coefficient is stored. Treated
    as immutable: every operation returns a new form."""

    __slots__ = ("constant", "terms")

    def __init__(self, terms: dict[K, int] | None = None, constant: int = 0):
        self.terms: dict[K, int] = {} if terms is None else terms
        self.constant = constant

    @staticmethod
    def of_constant(value: int) -> LinearForm[Any]:
        return LinearForm[Any]({}, value)

    @staticmethod
    def of_key(key: V) -> LinearForm[V]:
        return LinearForm({key: 1}, 0)

    @staticmethod
    def of_value(value: SSAValue) -> LinearForm[SSAValue]:
        """The form of one index value (typed for any kind of value)."""
        return LinearForm[SSAValue]({value: 1}, 0)

    def coefficient(self, key: K) -> int:
        return self.terms.get(key, 0)

    @property
    def is_constant(self) -> bool:
        return not self.terms

    def plus(self, other: LinearForm[K], scale: int = 1) -> LinearForm[K]:
        terms = dict(self.terms)
        for key, coef in other.terms.items():
            total = terms.get(key, 0) + scale * coef
            if total:
                terms[key] = total
            else:
                terms.pop(key, None)
        return LinearForm(terms, self.constant + scale * other.constant)

    def minus(self, other: LinearForm[K]) -> LinearForm[K]:
        return self.plus(other, -1)

    def scaled(self, factor: int) -> LinearForm[K]:
        if factor == 0:
            return LinearForm()
        terms = {k: c * factor for k, c in self.terms.items()}
        return LinearForm(terms, self.constant * factor)

    def substituted(self, key: K, value: LinearForm[K]) -> LinearForm[K]:
        """The form with `key` replaced by `value`."""
        coef = self.terms.get(key, 0)
        if not coef:
            return self
        rest = LinearForm({k: c for k, c in self.terms.items() if k != key})
        rest.constant = self.constant
        return rest.plus(value, coef)

    def split(self, keep: Iterable[K]) -> tuple[LinearForm[K], LinearForm[K]]:
        """(the terms over `keep`, the other terms and the constant)."""
        kept = set(keep)
        inside = {k: c for k, c in self.terms.items() if k in kept}
        outside = {k: c for k, c in self.terms.items() if k not in kept}
        return LinearForm(inside, 0), LinearForm(outside, self.constant)

    def same_as(self, other: LinearForm[K]) -> bool:
        return self.constant == other.constant and self.terms == other.terms

    def describe(self) -> str:
        """The form as a reader writes it (`x + 2`), values by loop name."""
        keys = list(self.terms)
        return format_expr(form_expr(self, keys), [_label(k) for k in keys])


# --- linear forms of expressions over values ---------------------------------

ValueForm = LinearForm[SSAValue]


class _ValueForms(ExprFolder["ValueForm | None"]):
    """
    The form of an expression whose dims (and symbols, numbered after
    them) have the forms `inputs`; None when it is not linear."""

    def __init__(self, inputs: Sequence[ValueForm | None], num_dims: int = 0):
        self.inputs = inputs
        self.num_dims = num_dims

    def constant(self, value: int) -> ValueForm | None:
        return LinearForm.of_constant(value)

    def dim(self, position: int) -> ValueForm | None:
        return self.inputs[position]

    def symbol(self, position: int) -> ValueForm | None:
        return self.inputs[self.num_dims + position]

    def add(
        self, lhs: ValueForm | None, rhs: ValueForm | None, node: AffineBinaryOpExpr
    ) -> ValueForm | None:
        return None if lhs is None or rhs is None else lhs.plus(rhs)

    def mul(
        self, lhs: ValueForm | None, rhs: ValueForm | None, node: AffineBinaryOpExpr
    ) -> ValueForm | None:
        if lhs is None or rhs is None:
            return None
        if rhs.is_constant:
            return lhs.scaled(rhs.constant)
        return rhs.scaled(lhs.constant) if lhs.is_constant else None

    def divide(
        self, lhs: ValueForm | None, rhs: ValueForm | None, node: AffineBinaryOpExpr
    ) -> ValueForm | None:
        if lhs is None or rhs is None or not lhs.is_constant:
            return None
        if not rhs.is_constant or rhs.constant <= 0:
            return None
        value = divide_constants(node.kind, lhs.constant, rhs.constant)
        return LinearForm.of_constant(value)


def value_form(value: SSAValue) -> ValueForm | None:
    """The form of an index value, through `affine.apply` and constants."""
    constant = index_constant(value)
    if constant is not None:
        return LinearForm.of_constant(constant)
    owner = value.owner
    if isinstance(owner, affine.ApplyOp):
        return map_forms(owner.map.data, owner.mapOperands)[0]
    return LinearForm.of_value(value)


def map_forms(amap: AffineMap, operands: Sequence[SSAValue]) -> list[ValueForm | None]:
    """The form of each result of `amap` applied to `operands`."""
    folder = _ValueForms([value_form(v) for v in operands], amap.num_dims)
    return folder.fold_all(amap.results)


def expr_form(expr: AffineExpr, inputs: Sequence[ValueForm | None]) -> ValueForm | None:
    """The form of `expr`, its dims having the forms `inputs`."""
    return _ValueForms(inputs).fold(expr)


def _label(key: Hashable) -> str:
    if isinstance(key, SSAValue):
        return value_label(cast(SSAValue[Attribute], key))
    return str(key)


def form_expr(form: LinearForm[K], inputs: Sequence[K]) -> AffineExpr:
    """`form` as an affine expression over the dims `inputs`."""
    expr: AffineExpr | None = None
    for key, coef in form.terms.items():
        term = AffineExpr.dimension(inputs.index(key))
        if coef != 1:
            term = term * coef
        expr = term if expr is None else expr + term
    if expr is None:
        return AffineExpr.constant(form.constant)
    return expr + form.constant if form.constant else expr


def forms_map(forms: Sequence[ValueForm]) -> tuple[AffineMap, tuple[SSAValue, ...]]:
    """A map computing `forms`, and its inputs (all dims)."""
    inputs: list[SSAValue] = []
    for form in forms:
        for value in form.terms:
            if value not in inputs:
                inputs.append(value)
    results = tuple(form_expr(form, inputs) for form in forms)
    return AffineMap(len(inputs), 0, results), tuple(inputs)


# --- simplifying expressions -------------------------------------------------


class _Terms(ExprFolder[LinearForm[AffineExpr]]):
    """
    An expression as a sum of atoms (dims, symbols, and the divisions,
    modulos and products of non-constants, left as written)."""

    def constant(self, value: int) -> LinearForm[AffineExpr]:
        return LinearForm.of_constant(value)

    def dim(self, position: int) -> LinearForm[AffineExpr]:
        return LinearForm.of_key(AffineExpr.dimension(position))

    def symbol(self, position: int) -> LinearForm[AffineExpr]:
        return LinearForm.of_key(AffineExpr.symbol(position))

    def add(
        self,
        lhs: LinearForm[AffineExpr],
        rhs: LinearForm[AffineExpr],
        node: AffineBinaryOpExpr,
    ) -> LinearForm[AffineExpr]:
        return lhs.plus(rhs)

    def mul(
        self,
        lhs: LinearForm[AffineExpr],
        rhs: LinearForm[AffineExpr],
        node: AffineBinaryOpExpr,
    ) -> LinearForm[AffineExpr]:
        if isinstance(node.rhs, AffineConstantExpr):
            return lhs.scaled(node.rhs.value)
        if isinstance(node.lhs, AffineConstantExpr):
            return rhs.scaled(node.lhs.value)
        return LinearForm.of_key(node)

    def divide(
        self,
        lhs: LinearForm[AffineExpr],
        rhs: LinearForm[AffineExpr],
        node: AffineBinaryOpExpr,
    ) -> LinearForm[AffineExpr]:
        return LinearForm.of_key(node)


_TERMS = _Terms()


def simplify_expr(expr: AffineExpr, num_dims: int = 0) -> AffineExpr:
    """
    `expr` as a sum of terms with like terms collected (`d0 * 4 + d1 +
    1`), dims first. Divisions and modulos stay as written, as atoms: the
    xDSL simplifier would turn `d0 mod 8` into `d0 - (d0 floordiv 8) * 8`,
    and is slow."""
    form = _TERMS.fold(expr)
    atoms = sorted(form.terms, key=_atom_order)
    out: AffineExpr | None = None
    for atom in atoms:
        coef = form.terms[atom]
        term = atom * coef if coef != 1 else atom
        out = term if out is None else out + term
    if out is None:
        return AffineExpr.constant(form.constant)
    return out + form.constant if form.constant else out


def _atom_order(atom: AffineExpr) -> tuple[int, int, str]:
    if isinstance(atom, AffineDimExpr):
        return (0, atom.position, "")
    if isinstance(atom, AffineSymExpr):
        return (1, atom.position, "")
    return (2, 0, str(atom))


def simplify_map(amap: AffineMap) -> AffineMap:
    n = amap.num_dims + amap.num_symbols
    return AffineMap(
        amap.num_dims,
        amap.num_symbols,
        tuple(simplify_expr(e, n) for e in amap.results),
    )


def merge_inputs(
    first: Sequence[SSAValue], second: Sequence[SSAValue]
) -> tuple[tuple[SSAValue, ...], list[AffineExpr]]:
    """
    Inputs of a map that reads both `first` and `second` (shared values
    once), and the dimension that each entry of `second` became."""
    merged = list(first)
    dims: list[AffineExpr] = []
    for value in second:
        if value in merged:
            dims.append(AffineExpr.dimension(merged.index(value)))
        else:
            merged.append(value)
            dims.append(AffineExpr.dimension(len(merged) - 1))
    return tuple(merged), dims


# --- accesses ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AffineAccess:
    """
    An `affine.load` or `affine.store` of a buffer, with the forms of its
    subscripts (`None` where a subscript has no form)."""

    op: Operation
    buffer: SSAValue
    is_write: bool
    subscripts: tuple[ValueForm | None, ...]

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


def program_position(op: Operation, root: Operation) -> list[int]:
    """A key that orders the ops nested in `root` in program order."""
    position: list[int] = []
    while op is not root:
        block = op.parent_block()
        parent = op.parent_op()
        assert block is not None
        assert parent is not None
        position.append(block.get_operation_index(op))
        op = parent
    return position[::-1]


# --- ranges ------------------------------------------------------------------


def defined_inside(value: SSAValue, op: Operation) -> bool:
    """Whether `value` is defined by `op` or inside it."""
    owner = value.block.parent_op() if isinstance(value, BlockArgument) else value.owner
    assert owner is None or isinstance(owner, Operation)
    return owner is not None and (owner is op or is_inside(owner, op))


def inner_ranges(loop: affine.ForOp) -> dict[SSAValue, Range | None]:
    """
    The range of the index of each loop inside `loop` (None where it is
    not constant)."""
    ranges: dict[SSAValue, Range | None] = {}
    for inner in loop.walk():
        if isinstance(inner, affine.ForOp) and inner is not loop:
            ranges[induction_var(inner)] = loop_range(inner)
    return ranges


def form_range(form: ValueForm, ranges: Mapping[SSAValue, Range]) -> Range | None:
    """
    The smallest and largest values of `form` when each of its values
    ranges over `ranges` (None when one has no range)."""
    low = high = form.constant
    for value, coef in form.terms.items():
        if value not in ranges:
            return None
        a, b = ranges[value]
        low += min(coef * a, coef * b)
        high += max(coef * a, coef * b)
    return low, high


class _Ranges(ExprFolder["Range | None"]):
    """
    The range of an expression whose dims range over `inputs`; None when
    it has no bound (a symbol, a division by a non-constant)."""

    def __init__(self, inputs: Sequence[Range]):
        self.inputs = inputs

    def constant(self, value: int) -> Range | None:
        return value, value

    def dim(self, position: int) -> Range | None:
        return self.inputs[position]

    def symbol(self, position: int) -> Range | None:
        return None

    def add(
        self, lhs: Range | None, rhs: Range | None, node: AffineBinaryOpExpr
    ) -> Range | None:
        if lhs is None or rhs is None:
            return None
        return lhs[0] + rhs[0], lhs[1] + rhs[1]

    def mul(
        self, lhs: Range | None, rhs: Range | None, node: AffineBinaryOpExpr
    ) -> Range | None:
        if lhs is None or rhs is None:
            return None
        products = [a * b for a in lhs for b in rhs]
        return min(products), max(products)

    def divide(
        self, lhs: Range | None, rhs: Range | None, node: AffineBinaryOpExpr
    ) -> Range | None:
        if lhs is None or rhs is None or rhs[0] != rhs[1] or rhs[0] <= 0:
            return None
        if node.kind == AffineBinaryOpKind.Mod:
            return 0, rhs[0] - 1
        low = divide_constants(node.kind, lhs[0], rhs[0])
        return low, divide_constants(node.kind, lhs[1], rhs[0])


def expr_range(expr: AffineExpr, inputs: Sequence[Range]) -> Range | None:
    """
    The smallest and largest values of `expr` when its dims range over
    `inputs` (None when it has no bound)."""
    return _Ranges(inputs).fold(expr)
