"""
The integer system of two instances of two accesses touching one element.

For the dependence test (`dependence.py`): variables for the loop indices of
each instance, the loop bounds (`min`/`max` bounds and steps included), the
enclosing `affine.if` conditions and the equality of the subscripts, with
exact `floordiv`/`mod`/`ceildiv` through auxiliary variables. Values
defined outside the nest are shared by both instances.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineSetAttr
from xdsl.ir import BlockArgument, Operation, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstraintKind,
    AffineExpr,
    AffineMap,
    AffineSet,
)

from allo_xdsl.analysis.affine_expr import ExprFolder, all_dims_map
from allo_xdsl.analysis.fourier_motzkin import Form, System, constant
from allo_xdsl.analysis.loops import (
    index_constant,
    induction_var,
    is_inside,
    loop_step,
)

LevelPair = tuple[Form, Form]
"""The index of one loop in the first and in the second instance."""


class Subscripted(Protocol):
    """An access whose subscripts are known (`dependence.Access`)."""

    @property
    def op(self) -> Operation: ...

    @property
    def subscripts(self) -> AffineMap | None: ...

    @property
    def inputs(self) -> tuple[SSAValue, ...]: ...


class _Constraints(ExprFolder[Form]):
    """
    The form of an expression whose dims have the forms `inputs`; a
    division or modulo by a positive constant gets a quotient variable and
    the constraints that define it, anything else non-linear a free
    variable."""

    def __init__(self, system: System, inputs: Sequence[Form]):
        self.system = system
        self.inputs = inputs

    def constant(self, value: int) -> Form:
        return constant(value)

    def dim(self, position: int) -> Form:
        return self.inputs[position]

    def symbol(self, position: int) -> Form:
        return self.system.new_var()

    def add(self, lhs: Form, rhs: Form, node: AffineBinaryOpExpr) -> Form:
        return lhs.plus(rhs)

    def mul(self, lhs: Form, rhs: Form, node: AffineBinaryOpExpr) -> Form:
        if rhs.is_constant:
            return lhs.scaled(rhs.constant)
        if lhs.is_constant:
            return rhs.scaled(lhs.constant)
        return self.system.new_var()

    def divide(self, lhs: Form, rhs: Form, node: AffineBinaryOpExpr) -> Form:
        if not rhs.is_constant or rhs.constant <= 0:
            return self.system.new_var()
        divisor = rhs.constant
        quotient = self.system.new_var()
        scaled = quotient.scaled(divisor)
        if node.kind == AffineBinaryOpKind.CeilDiv:
            # d*q - d + 1 <= e <= d*q
            self.system.ge(scaled, lhs)
            self.system.ge(lhs, scaled.plus(constant(1 - divisor)))
            return quotient
        # d*q <= e <= d*q + d - 1
        self.system.ge(lhs, scaled)
        self.system.ge(scaled.plus(constant(divisor - 1)), lhs)
        if node.kind == AffineBinaryOpKind.FloorDiv:
            return quotient
        return lhs.minus(scaled)


class _Instance:
    """
    Variables for one dynamic instance of an access: its loop indices,
    auxiliary division variables, and unknown values."""

    def __init__(
        self, root: affine.ForOp, system: System, shared: dict[SSAValue, Form]
    ):
        self.root = root
        self.system = system
        self.shared = shared
        self.values: dict[SSAValue, Form] = {}

    def value(self, value: SSAValue) -> Form:
        if value in self.values:
            return self.values[value]
        constant_value = index_constant(value)
        if constant_value is not None:
            return constant(constant_value)
        if not _defined_inside(value, self.root):
            if value not in self.shared:
                self.shared[value] = self.system.new_var()
            return self.shared[value]
        if isinstance(value, BlockArgument) and value.index == 0:
            loop = value.block.parent_op()
            if isinstance(loop, affine.ForOp):
                return self.loop_var(loop)
        owner = value.owner
        if isinstance(owner, affine.ApplyOp):
            form = self.map(owner.map.data, owner.mapOperands)[0]
        else:
            form = self.system.new_var()
        self.values[value] = form
        return form

    def map(self, amap: AffineMap, operands: Sequence[SSAValue]) -> list[Form]:
        """The forms of the results of `amap` applied to `operands`."""
        inputs = [self.value(v) for v in operands]
        return _Constraints(self.system, inputs).fold_all(all_dims_map(amap).results)

    def loop_var(self, loop: affine.ForOp) -> Form:
        iv = induction_var(loop)
        if iv in self.values:
            return self.values[iv]
        var = self.system.new_var()
        self.values[iv] = var
        lowers = self.map(loop.lowerBoundMap.data, loop.lowerBoundOperands)
        for lower in lowers:
            self.system.ge(var, lower)
        inputs = [self.value(v) for v in loop.upperBoundOperands]
        folder = _Constraints(self.system, inputs)
        for upper in all_dims_map(loop.upperBoundMap.data).results:
            self.system.ge(folder.fold(upper).plus(constant(-1)), var)
        step = loop_step(loop)
        if step > 1 and len(lowers) == 1:
            count = self.system.new_var()
            self.system.ge(count, constant(0))
            self.system.eq(var, lowers[0].plus(count, step))
        return var

    def conditions(self, op: Operation) -> None:
        """
        Constrain by the `affine.if` conditions around `op`: the condition
        in a then-branch, its negation in an else-branch when it is a single
        inequality (a negated conjunction is a disjunction, left out)."""
        parent = op.parent_op()
        child: Operation = op
        while parent is not None and parent is not self.root.parent_op():
            if parent.name == "affine.if" and _inside(parent, self.root):
                in_then = child.parent_region() is parent.regions[0]
                self._condition(parent, in_then)
            child = parent
            parent = parent.parent_op()

    def _condition(self, op: Operation, holds: bool) -> None:
        cond = op.properties.get("condition")
        if not isinstance(cond, AffineSetAttr):
            return
        aset = cond.data
        if not holds and (
            len(aset.constraints) != 1
            or aset.constraints[0].kind == AffineConstraintKind.eq
        ):
            return
        count = aset.num_dims + aset.num_symbols
        inputs = [self.value(v) for v in op.operands[len(op.operands) - count :]]
        folder = _Constraints(self.system, inputs)
        for kind, lhs, rhs in _all_dims_constraints(aset):
            self._constrain(kind, folder.fold(lhs), folder.fold(rhs), holds)

    def _constrain(
        self, kind: AffineConstraintKind, lhs: Form, rhs: Form, holds: bool
    ) -> None:
        if kind == AffineConstraintKind.eq:
            self.system.eq(lhs, rhs)
            return
        if kind == AffineConstraintKind.le:
            lhs, rhs = rhs, lhs
        if holds:
            self.system.ge(lhs, rhs)
        else:
            self.system.ge(rhs, lhs.plus(constant(1)))


def _all_dims_constraints(
    aset: AffineSet,
) -> list[tuple[AffineConstraintKind, AffineExpr, AffineExpr]]:
    """
    The constraints of `aset` (kind, lhs, rhs) with symbol k read as dim
    num_dims + k."""
    n = aset.num_dims
    dims = [AffineExpr.dimension(d) for d in range(n)]
    syms = [AffineExpr.dimension(n + s) for s in range(aset.num_symbols)]
    return [
        (
            c.kind,
            c.lhs.replace_dims_and_symbols(dims, syms),
            c.rhs.replace_dims_and_symbols(dims, syms),
        )
        for c in aset.constraints
    ]


def _inside(op: Operation, root: Operation) -> bool:
    return op is root or is_inside(op, root)


def _defined_inside(value: SSAValue, root: Operation) -> bool:
    if isinstance(value, BlockArgument):
        owner = value.block.parent_op()
        return owner is not None and _inside(owner, root)
    assert isinstance(value.owner, Operation)
    return _inside(value.owner, root)


def pair_system(
    root: affine.ForOp,
    loops: Sequence[affine.ForOp],
    first: Subscripted,
    second: Subscripted,
) -> tuple[System, list[LevelPair]] | None:
    """
    The system of two instances of `first` and `second` inside `root`
    touching the same element, and the (first, second) index forms of each
    of `loops`; None when the subscripts cannot be compared."""
    if first.subscripts is None or second.subscripts is None:
        return None
    if len(first.subscripts.results) != len(second.subscripts.results):
        return None
    system = System()
    shared: dict[SSAValue, Form] = {}
    src = _Instance(root, system, shared)
    dst = _Instance(root, system, shared)
    pairs = [(src.loop_var(loop), dst.loop_var(loop)) for loop in loops]
    src_subs = src.map(first.subscripts, first.inputs)
    dst_subs = dst.map(second.subscripts, second.inputs)
    for a, b in zip(src_subs, dst_subs, strict=True):
        system.eq(a, b)
    for op_loop in private_loops(first.op, root, loops):
        src.loop_var(op_loop)
    for op_loop in private_loops(second.op, root, loops):
        dst.loop_var(op_loop)
    src.conditions(first.op)
    dst.conditions(second.op)
    return system, pairs


def private_loops(
    op: Operation, root: affine.ForOp, common: Sequence[affine.ForOp]
) -> Iterator[affine.ForOp]:
    """
    The loops around `op` up to `root` (included) that are not in
    `common`, innermost first."""
    parent = op.parent_op()
    while parent is not None:
        if isinstance(parent, affine.ForOp) and parent not in common:
            yield parent
        if parent is root:
            return
        parent = parent.parent_op()
