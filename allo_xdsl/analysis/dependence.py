"""Memory dependences between the iterations of an affine loop nest.

`dependences(loops)` takes a chain of nested loops (each inside the previous
one) and returns, for every pair of accesses to the same buffer inside the
outermost loop where at least one writes, the direction vectors over the
chain loops that enclose both accesses. A direction is `<` when the sink runs
in a later iteration of that loop than the source, `=` in the same one, `>`
in an earlier one, and `*` when it is unknown.

The test builds, for two instances of the accesses, the integer system of
the loop bounds (including `min`/`max` bounds and steps), the enclosing
`affine.if` conditions and the equality of the subscripts, with exact
`floordiv`/`mod`/`ceildiv` through auxiliary variables, and decides each
direction vector by Fourier-Motzkin elimination with integer tightening of
the constants. It is exact for constant-distance subscripts and sound
otherwise: a dependence is reported whenever one cannot be ruled out.
Accesses it cannot read (a `func.call` or any other op taking the buffer, a
view of it) depend on everything in every direction.

Distinct buffers are assumed not to alias (function arguments included), as
in Allo.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product
from math import gcd
from typing import Literal, cast

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, MemRefType
from xdsl.ir import Block, BlockArgument, Operation, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineConstraintKind,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymExpr,
)

from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loop_utils import (
    all_dims_map,
    format_expr,
    index_constant,
    is_inside,
    loop_label,
    loop_step,
)

Direction = Literal["<", "=", ">", "*"]

_READS = ("affine.load", "affine.vector_load", "memref.load")
_WRITES = ("affine.store", "affine.vector_store", "memref.store")
_VIEWS = (
    "memref.subview",
    "memref.cast",
    "memref.reinterpret_cast",
    "memref.collapse_shape",
    "memref.expand_shape",
    "memref.view",
    "memref.memory_space_cast",
)
_NO_ACCESS = ("memref.dim", "memref.rank", "memref.dealloc", *_VIEWS)

_FM_LIMIT = 400
"""Above this many inequalities, elimination stops and assumes a solution."""


@dataclass(frozen=True)
class Access:
    """One op reading or writing a buffer."""

    op: Operation
    buffer: SSAValue
    """The buffer accessed, seen through views."""
    is_write: bool
    subscripts: AffineMap | None
    """The subscripts over `inputs` (all dims); None when not analyzable."""
    inputs: tuple[SSAValue, ...] = ()

    def describe(self) -> str:
        """`store A[i, j + 1]`, for messages."""
        kind = "store" if self.is_write else "load"
        name = value_name(self.buffer) or "?"
        if self.subscripts is None:
            return f"'{self.op.name}' on {name}"
        names = [value_label(v) for v in self.inputs]
        subs = ", ".join(format_expr(e, names) for e in self.subscripts.results)
        return f"{kind} {name}[{subs}]"


@dataclass(frozen=True)
class Dependence:
    """`sink` touches what `source` touched, in an iteration at the given
    direction from it (the source runs first)."""

    source: Access
    sink: Access
    loops: tuple[affine.ForOp, ...]
    """The loops of the chain around both accesses, outermost first."""
    directions: tuple[Direction, ...]
    """One per loop of `loops`."""

    @property
    def buffer(self) -> SSAValue:
        return self.source.buffer

    @property
    def exact(self) -> bool:
        return self.source.subscripts is not None and self.sink.subscripts is not None

    def describe(self) -> str:
        """`dependence on A from store A[i, j] to load A[i - 1, j + 1] has
        direction (<, >) over (i, j)`."""
        name = value_name(self.buffer) or "?"
        dirs = ", ".join(self.directions)
        loops = ", ".join(loop_label(loop) for loop in self.loops)
        return (
            f"dependence on {name} from {self.source.describe()} to "
            f"{self.sink.describe()} has direction ({dirs}) over ({loops})"
        )


def value_label(value: SSAValue) -> str:
    """How a subscript input is shown in messages: a loop's name for an
    induction variable, the expression of an `affine.apply`."""
    constant = index_constant(value)
    if constant is not None:
        return str(constant)
    if isinstance(value, BlockArgument) and value.index == 0:
        loop = value.block.parent_op()
        if isinstance(loop, affine.ForOp):
            return loop_label(loop)
    owner = value.owner
    if isinstance(owner, affine.ApplyOp):
        amap = all_dims_map(owner.map.data)
        names = [value_label(v) for v in owner.mapOperands]
        return f"({format_expr(amap.results[0], names)})"
    return value.name_hint or "?"


# --- collecting accesses -----------------------------------------------------


def buffer_root(value: SSAValue) -> tuple[SSAValue, bool]:
    """The buffer `value` is a view of, and whether it is a view."""
    viewed = False
    while isinstance(value.owner, Operation) and value.owner.name in _VIEWS:
        value = value.owner.operands[0]
        viewed = True
    return value, viewed


def _access_of(op: Operation) -> list[Access]:
    if op.name in _READS or op.name in _WRITES:
        is_write = op.name in _WRITES
        memref = op.operands[1] if is_write else op.operands[0]
        root, viewed = buffer_root(memref)
        indices = tuple(op.operands[2:] if is_write else op.operands[1:])
        map_attr = op.properties.get("map")
        if isinstance(map_attr, AffineMapAttr):
            subscripts = all_dims_map(map_attr.data)
        else:
            subscripts = AffineMap.identity(len(indices))
        if viewed:
            return [Access(op, root, is_write, None)]
        return [Access(op, root, is_write, subscripts, indices)]
    if op.name in _NO_ACCESS or op.name.startswith("memref.alloc"):
        return []
    accesses: list[Access] = []
    seen: list[SSAValue] = []
    for operand in op.operands:
        if not isinstance(operand.type, MemRefType):
            continue
        root, _ = buffer_root(operand)
        if root not in seen:
            seen.append(root)
            accesses.append(Access(op, root, True, None))
    return accesses


def accesses_in(op: Operation) -> list[Access]:
    """Every buffer access nested in `op`, in program order."""
    found: list[Access] = []
    for inner in op.walk():
        if inner is not op:
            found.extend(_access_of(inner))
    return found


# --- linear forms and Fourier-Motzkin ----------------------------------------

Linear = dict[int, int]
"""Coefficients by variable; the constant term under key 0."""


def _add(a: Linear, b: Linear, scale: int = 1) -> Linear:
    out = dict(a)
    for var, coef in b.items():
        out[var] = out.get(var, 0) + scale * coef
        if out[var] == 0 and var != 0:
            del out[var]
    return out


def _scaled(a: Linear, scale: int) -> Linear:
    return {var: coef * scale for var, coef in a.items() if coef * scale or var == 0}


def _const(value: int) -> Linear:
    return {0: value}


@dataclass
class _System:
    """Equalities `form == 0` and inequalities `form >= 0` over integers."""

    equalities: list[Linear] = field(default_factory=list[Linear])
    inequalities: list[Linear] = field(default_factory=list[Linear])
    num_vars: int = 0

    def new_var(self) -> int:
        self.num_vars += 1
        return self.num_vars

    def copy(self) -> _System:
        return _System(list(self.equalities), list(self.inequalities), self.num_vars)

    def ge(self, a: Linear, b: Linear) -> None:
        self.inequalities.append(_add(a, b, -1))

    def eq(self, a: Linear, b: Linear) -> None:
        self.equalities.append(_add(a, b, -1))


def _normalize_ineq(form: Linear) -> Linear | bool:
    """`form >= 0` divided by the gcd of its coefficients, the constant
    rounded down; True/False when it has no variable."""
    coefs = [c for v, c in form.items() if v != 0 and c]
    constant = form.get(0, 0)
    if not coefs:
        return constant >= 0
    g = 0
    for c in coefs:
        g = gcd(g, abs(c))
    out = {v: c // g for v, c in form.items() if v != 0 and c}
    out[0] = constant // g
    return out


def _substitute(form: Linear, var: int, value: Linear) -> Linear:
    coef = form.get(var, 0)
    if not coef:
        return form
    out = dict(form)
    del out[var]
    return _add(out, value, coef)


def _normalize_eq(form: Linear) -> Linear | bool:
    """`form == 0` divided by the gcd of its coefficients; True/False when
    that decides it (no variable, or a constant the gcd does not divide)."""
    coefs = [c for v, c in form.items() if v != 0 and c]
    constant = form.get(0, 0)
    if not coefs:
        return constant == 0
    g = 0
    for c in coefs:
        g = gcd(g, abs(c))
    if constant % g:
        return False
    return {v: c // g for v, c in form.items() if c or v == 0}


def feasible(system: _System) -> bool:
    """Whether the system may have an integer solution (False is a proof
    that it has none).

    Equalities with a unit coefficient are solved exactly by substitution;
    the others become two inequalities. Inequalities go to Fourier-Motzkin."""
    pending = list(system.equalities)
    inequalities = list(system.inequalities)
    while pending:
        normal: list[Linear] = []
        for form in pending:
            result = _normalize_eq(form)
            if result is False:
                return False
            if isinstance(result, dict):
                normal.append(result)
        pick = next(
            (
                (k, v)
                for k, form in enumerate(normal)
                for v, c in form.items()
                if v != 0 and abs(c) == 1
            ),
            None,
        )
        if pick is None:
            for form in normal:
                inequalities.extend((form, _scaled(form, -1)))
            break
        k, var = pick
        form = normal.pop(k)
        rest = {v: c for v, c in form.items() if v != var}
        value = _scaled(rest, -form[var])
        pending = [_substitute(e, var, value) for e in normal]
        inequalities = [_substitute(f, var, value) for f in inequalities]
    return _fourier_motzkin(inequalities)


def _fourier_motzkin(forms: list[Linear]) -> bool:
    tightened = _tighten(forms)
    if tightened is None:
        return False
    current: list[Linear] = tightened
    while True:
        variables = {v for form in current for v in form if v != 0}
        if not variables:
            return True
        costs = {v: _elimination_cost(current, v) for v in variables}
        var = min(variables, key=costs.__getitem__)
        pos = [f for f in current if f.get(var, 0) > 0]
        neg = [f for f in current if f.get(var, 0) < 0]
        rest = [f for f in current if not f.get(var, 0)]
        combined = list(rest)
        for p in pos:
            for n in neg:
                a, b = p[var], -n[var]
                combined.append(_add(_scaled(p, b), _scaled(n, a)))
        tightened = _tighten(combined)
        if tightened is None:
            return False
        if len(tightened) > _FM_LIMIT:
            return True
        current = tightened


def _elimination_cost(forms: list[Linear], var: int) -> int:
    pos = sum(1 for f in forms if f.get(var, 0) > 0)
    neg = sum(1 for f in forms if f.get(var, 0) < 0)
    return pos * neg - pos - neg


def _tighten(forms: list[Linear]) -> list[Linear] | None:
    """Normalized, deduplicated inequalities (the tightest constant per
    coefficient vector); None when one of them is false."""
    best: dict[tuple[tuple[int, int], ...], int] = {}
    for form in forms:
        normal = _normalize_ineq(form)
        if normal is True:
            continue
        if normal is False:
            return None
        assert isinstance(normal, dict)
        key = tuple(sorted((v, c) for v, c in normal.items() if v != 0))
        constant = normal.get(0, 0)
        if key not in best or constant < best[key]:
            best[key] = constant
    out: list[Linear] = []
    for key, constant in best.items():
        form = dict(key)
        form[0] = constant
        out.append(form)
    # x + c1 >= 0 and -x + c2 >= 0 with c1 + c2 < 0 is caught by elimination.
    return out


# --- building the system for two instances -----------------------------------


class _Instance:
    """Variables for one dynamic instance of an access: its loop indices,
    auxiliary division variables, and unknown values."""

    def __init__(self, builder: _PairBuilder, shared: dict[SSAValue, Linear]):
        self.builder = builder
        self.shared = shared
        self.values: dict[SSAValue, Linear] = {}

    @property
    def system(self) -> _System:
        return self.builder.system

    def value(self, value: SSAValue) -> Linear:
        if value in self.values:
            return self.values[value]
        constant = index_constant(value)
        if constant is not None:
            return _const(constant)
        if not self.builder.defined_inside(value):
            if value not in self.shared:
                self.shared[value] = {self.system.new_var(): 1}
            return self.shared[value]
        if isinstance(value, BlockArgument) and value.index == 0:
            loop = value.block.parent_op()
            if isinstance(loop, affine.ForOp):
                return self.loop_var(loop)
        owner = value.owner
        if isinstance(owner, affine.ApplyOp):
            amap = all_dims_map(owner.map.data)
            inputs = [self.value(v) for v in owner.mapOperands]
            form = self.expr(amap.results[0], inputs)
        else:
            form = {self.system.new_var(): 1}
        self.values[value] = form
        return form

    def loop_var(self, loop: affine.ForOp) -> Linear:
        iv = loop.body.block.args[0]
        if iv in self.values:
            return self.values[iv]
        var: Linear = {self.system.new_var(): 1}
        self.values[iv] = var
        lower_map = all_dims_map(loop.lowerBoundMap.data)
        lower_inputs = [self.value(v) for v in loop.lowerBoundOperands]
        lowers = [self.expr(e, lower_inputs) for e in lower_map.results]
        for lower in lowers:
            self.system.ge(var, lower)
        upper_map = all_dims_map(loop.upperBoundMap.data)
        upper_inputs = [self.value(v) for v in loop.upperBoundOperands]
        for upper in upper_map.results:
            self.system.ge(_add(self.expr(upper, upper_inputs), _const(-1)), var)
        step = loop_step(loop)
        if step > 1 and len(lowers) == 1:
            count: Linear = {self.system.new_var(): 1}
            self.system.ge(count, _const(0))
            self.system.eq(var, _add(lowers[0], _scaled(count, step)))
        return var

    def expr(self, expr: AffineExpr, inputs: Sequence[Linear]) -> Linear:
        if isinstance(expr, AffineConstantExpr):
            return _const(expr.value)
        if isinstance(expr, AffineDimExpr):
            return inputs[expr.position]
        if isinstance(expr, AffineSymExpr):
            return {self.system.new_var(): 1}
        assert isinstance(expr, AffineBinaryOpExpr)
        lhs = self.expr(expr.lhs, inputs)
        rhs = self.expr(expr.rhs, inputs)
        kind = expr.kind
        if kind == AffineBinaryOpKind.Add:
            return _add(lhs, rhs)
        if kind == AffineBinaryOpKind.Mul:
            if set(rhs) <= {0}:
                return _scaled(lhs, rhs.get(0, 0))
            if set(lhs) <= {0}:
                return _scaled(rhs, lhs.get(0, 0))
            return {self.system.new_var(): 1}
        if not set(rhs) <= {0} or rhs.get(0, 0) <= 0:
            return {self.system.new_var(): 1}
        divisor = rhs[0]
        quotient: Linear = {self.system.new_var(): 1}
        scaled = _scaled(quotient, divisor)
        if kind == AffineBinaryOpKind.CeilDiv:
            # d*q - d + 1 <= e <= d*q
            self.system.ge(scaled, lhs)
            self.system.ge(lhs, _add(scaled, _const(1 - divisor)))
            return quotient
        # d*q <= e <= d*q + d - 1
        self.system.ge(lhs, scaled)
        self.system.ge(_add(scaled, _const(divisor - 1)), lhs)
        if kind == AffineBinaryOpKind.FloorDiv:
            return quotient
        return _add(lhs, scaled, -1)

    def conditions(self, op: Operation) -> None:
        """Constrain by the `affine.if` conditions around `op`: the condition
        in a then-branch, its negation in an else-branch when it is a single
        inequality (a negated conjunction is a disjunction, left out)."""
        parent = op.parent_op()
        child: Operation = op
        while parent is not None and parent is not self.builder.root.parent_op():
            if parent.name == "affine.if" and self.builder.defined_inside_op(parent):
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
        n = aset.num_dims
        count = n + aset.num_symbols
        inputs = [self.value(v) for v in op.operands[len(op.operands) - count :]]
        dims = [AffineExpr.dimension(d) for d in range(n)]
        syms = [AffineExpr.dimension(n + s) for s in range(aset.num_symbols)]
        for c in aset.constraints:
            lhs = self.expr(c.lhs.replace_dims_and_symbols(dims, syms), inputs)
            rhs = self.expr(c.rhs.replace_dims_and_symbols(dims, syms), inputs)
            if c.kind == AffineConstraintKind.eq:
                self.system.eq(lhs, rhs)
                continue
            if c.kind == AffineConstraintKind.le:
                lhs, rhs = rhs, lhs
            if holds:
                self.system.ge(lhs, rhs)
            else:
                self.system.ge(rhs, _add(lhs, _const(1)))


class _PairBuilder:
    def __init__(self, root: affine.ForOp):
        self.root = root
        self.system = _System()

    def defined_inside(self, value: SSAValue) -> bool:
        if isinstance(value, BlockArgument):
            block: Block = value.block
            owner = block.parent_op()
            return owner is not None and (
                owner is self.root or is_inside(owner, self.root)
            )
        assert isinstance(value.owner, Operation)
        return self.defined_inside_op(value.owner)

    def defined_inside_op(self, op: Operation) -> bool:
        return op is self.root or is_inside(op, self.root)


def _pair_system(
    root: affine.ForOp,
    loops: Sequence[affine.ForOp],
    first: Access,
    second: Access,
) -> tuple[_System, list[tuple[Linear, Linear]]] | None:
    """The system of two instances of `first` and `second` touching the same
    element, and the (first, second) index forms of each common loop; None
    when the subscripts cannot be compared."""
    if first.subscripts is None or second.subscripts is None:
        return None
    builder = _PairBuilder(root)
    shared: dict[SSAValue, Linear] = {}
    src = _Instance(builder, shared)
    dst = _Instance(builder, shared)
    pairs = [(src.loop_var(loop), dst.loop_var(loop)) for loop in loops]
    src_subs = [
        src.expr(e, [src.value(v) for v in first.inputs])
        for e in first.subscripts.results
    ]
    dst_subs = [
        dst.expr(e, [dst.value(v) for v in second.inputs])
        for e in second.subscripts.results
    ]
    if len(src_subs) != len(dst_subs):
        return None
    for a, b in zip(src_subs, dst_subs, strict=True):
        builder.system.eq(a, b)
    for op_loop in _private_loops(first.op, root, loops):
        src.loop_var(op_loop)
    for op_loop in _private_loops(second.op, root, loops):
        dst.loop_var(op_loop)
    src.conditions(first.op)
    dst.conditions(second.op)
    return builder.system, pairs


def _private_loops(
    op: Operation, root: affine.ForOp, common: Sequence[affine.ForOp]
) -> Iterator[affine.ForOp]:
    parent = op.parent_op()
    while parent is not None:
        if isinstance(parent, affine.ForOp) and parent not in common:
            yield parent
        if parent is root:
            return
        parent = parent.parent_op()


def _with_directions(
    system: _System,
    pairs: Sequence[tuple[Linear, Linear]],
    directions: Sequence[Direction],
) -> _System:
    out = system.copy()
    for (src, dst), d in zip(pairs, directions, strict=True):
        if d == "<":
            out.ge(dst, _add(src, _const(1)))
        elif d == ">":
            out.ge(src, _add(dst, _const(1)))
        elif d == "=":
            out.eq(src, dst)
    return out


def direction_vectors(
    system: _System, pairs: Sequence[tuple[Linear, Linear]]
) -> list[tuple[Direction, ...]]:
    """Every vector over {<, =, >} for which the system may have a solution.

    The system is first reduced by its unit equalities, then split into
    independent parts (no constraint shares a variable across parts); each
    part is refined loop by loop from the outermost, and the vectors are the
    product of the parts' vectors. Splitting is exact and keeps each
    elimination small."""
    reduced = _presolve(system, pairs)
    if reduced is None:
        return []
    system, pairs = reduced
    parts = _independent_parts(system, pairs)
    if parts is None:
        return []
    combined: list[dict[int, Direction]] = [{}]
    for levels, part in parts:
        found = _refine(part, [pairs[k] for k in levels])
        combined = [
            {**done, **dict(zip(levels, vector, strict=True))}
            for done in combined
            for vector in found
        ]
        if not combined:
            return []
    return [tuple(c[k] for k in range(len(pairs))) for c in combined]


_RefineKey = tuple[
    tuple[tuple[tuple[int, int], ...], ...],
    tuple[tuple[tuple[int, int], ...], ...],
    tuple[tuple[tuple[int, int], ...], ...],
]
_REFINED: dict[_RefineKey, list[tuple[Direction, ...]]] = {}
_REFINED_LIMIT = 4096
"""Refinements already done: nests of the same shape (the same kernel
scheduled in many functions, or the load and the store of one element)
build the same systems, with the same variable numbers."""


def _form_key(form: Linear) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((v, c) for v, c in form.items() if c or v == 0))


def _refine(
    system: _System, pairs: Sequence[tuple[Linear, Linear]]
) -> list[tuple[Direction, ...]]:
    key: _RefineKey = (
        tuple(sorted(_form_key(f) for f in system.equalities)),
        tuple(sorted(_form_key(f) for f in system.inequalities)),
        tuple(_form_key(f) for pair in pairs for f in pair),
    )
    if key not in _REFINED:
        if len(_REFINED) >= _REFINED_LIMIT:
            _REFINED.clear()
        _REFINED[key] = _refine_uncached(system, pairs)
    return _REFINED[key]


def _refine_uncached(
    system: _System, pairs: Sequence[tuple[Linear, Linear]]
) -> list[tuple[Direction, ...]]:
    found: list[tuple[Direction, ...]] = []

    def refine(prefix: tuple[Direction, ...]) -> None:
        padded = prefix + _unknown(len(pairs) - len(prefix))
        if not feasible(_with_directions(system, pairs, padded)):
            return
        if len(prefix) == len(pairs):
            found.append(prefix)
            return
        for d in _EVERY:
            refine((*prefix, d))

    refine(())
    return found


def _presolve(
    system: _System, pairs: Sequence[tuple[Linear, Linear]]
) -> tuple[_System, list[tuple[Linear, Linear]]] | None:
    """The system with its unit-coefficient equalities substituted (also in
    the loop index forms); None when an equality is false."""
    pending = list(system.equalities)
    inequalities = list(system.inequalities)
    forms = [form for pair in pairs for form in pair]
    kept: list[Linear] = []
    while pending:
        result = _normalize_eq(pending.pop())
        if result is False:
            return None
        if result is True:
            continue
        assert isinstance(result, dict)
        var = next((v for v, c in result.items() if v != 0 and abs(c) == 1), None)
        if var is None:
            kept.append(result)
            continue
        rest = {v: c for v, c in result.items() if v != var}
        value = _scaled(rest, -result[var])
        pending = [_substitute(e, var, value) for e in pending]
        kept = [_substitute(e, var, value) for e in kept]
        inequalities = [_substitute(f, var, value) for f in inequalities]
        forms = [_substitute(f, var, value) for f in forms]
    reduced = _System(kept, inequalities, system.num_vars)
    return reduced, [(forms[2 * k], forms[2 * k + 1]) for k in range(len(pairs))]


def _independent_parts(
    system: _System, pairs: Sequence[tuple[Linear, Linear]]
) -> list[tuple[list[int], _System]] | None:
    """The levels and constraints of each independent part; parts without a
    level are checked here (None when one has no solution)."""
    parent: dict[int, int] = {}

    def find(v: int) -> int:
        while parent.setdefault(v, v) != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    def union(variables: Sequence[int]) -> int | None:
        if not variables:
            return None
        root = find(variables[0])
        for v in variables[1:]:
            other = find(v)
            if other != root:
                parent[other] = root
        return root

    def variables(*forms: Linear) -> list[int]:
        return [v for form in forms for v, c in form.items() if v != 0 and c]

    for form in (*system.equalities, *system.inequalities):
        union(variables(form))
    level_roots = [union(variables(*pair)) for pair in pairs]
    groups: dict[int | None, _System] = {}
    for form in system.equalities:
        root = union(variables(form))
        groups.setdefault(root, _System()).equalities.append(form)
    for form in system.inequalities:
        root = union(variables(form))
        groups.setdefault(root, _System()).inequalities.append(form)
    roots = [find(r) if r is not None else None for r in level_roots]
    for root, part in groups.items():
        if (root is None or find(root) not in roots) and not feasible(part):
            return None
    parts: list[tuple[list[int], _System]] = []
    seen: list[int | None] = []
    for root in roots:
        if root in seen:
            continue
        seen.append(root)
        levels = [k for k, r in enumerate(roots) if r == root]
        part = groups.get(root, _System()) if root is not None else _System()
        parts.append((levels, part))
    return parts


_EVERY: tuple[Direction, ...] = ("<", "=", ">")


def _unknown(n: int) -> tuple[Direction, ...]:
    return cast(tuple[Direction, ...], ("*",) * n)


def _product(
    choices: Sequence[tuple[Direction, ...]],
) -> Iterator[tuple[Direction, ...]]:
    for combination in product(*choices):
        yield cast(tuple[Direction, ...], combination)


def _negate(directions: Sequence[Direction]) -> tuple[Direction, ...]:
    flip: dict[Direction, Direction] = {"<": ">", ">": "<", "=": "=", "*": "*"}
    return tuple(flip[d] for d in directions)


def _sign(directions: Sequence[Direction]) -> int:
    """1 if lexicographically positive, -1 if negative, 0 if all `=`."""
    for d in directions:
        if d == "<":
            return 1
        if d == ">":
            return -1
    return 0


def _program_order(a: Operation, b: Operation) -> bool:
    """Whether `a` comes before `b` (textually, in their common region)."""
    a_chain = [a, *_ancestors(a)]
    b_chain = [b, *_ancestors(b)]
    for x in a_chain:
        for y in b_chain:
            block = x.parent_block()
            if x is not y and block is not None and block is y.parent_block():
                return block.get_operation_index(x) < block.get_operation_index(y)
    return True


def _ancestors(op: Operation) -> list[Operation]:
    out: list[Operation] = []
    parent = op.parent_op()
    while parent is not None:
        out.append(parent)
        parent = parent.parent_op()
    return out


def _common_loops(
    loops: Sequence[affine.ForOp], a: Operation, b: Operation
) -> tuple[affine.ForOp, ...]:
    common: list[affine.ForOp] = []
    for loop in loops:
        if is_inside(a, loop) and is_inside(b, loop):
            common.append(loop)
        else:
            break
    return tuple(common)


def _forced_equal(
    loops: Sequence[affine.ForOp], buffer: SSAValue
) -> list[Direction | None]:
    """`=` for the loops around the alloc of a buffer local to the nest: two
    iterations of those loops use different buffers."""
    owner = buffer.owner
    return [
        "=" if isinstance(owner, Operation) and is_inside(owner, loop) else None
        for loop in loops
    ]


def pair_dependences(
    loops: Sequence[affine.ForOp], first: Access, second: Access
) -> list[Dependence]:
    """The dependences between two accesses (first before second in program
    order) over the chain loops that enclose both."""
    common = _common_loops(loops, first.op, second.op)
    if first.buffer is not second.buffer:
        return []
    if not (first.is_write or second.is_write):
        return []
    same_op = first.op is second.op
    levels = list(common)
    if same_op:
        # Two instances of one op differ in some loop around it: order the
        # private loops too, then drop the instance paired with itself.
        levels += reversed(list(_private_loops(first.op, loops[0], common)))
    built = _pair_system(loops[0], levels, first, second)
    if built is None:
        vectors: list[tuple[Direction, ...]] = [_unknown(len(common))]
    else:
        system, pairs = built
        forced = _forced_equal(levels, first.buffer)
        for (src, dst), f in zip(pairs, forced, strict=True):
            if f == "=":
                system.eq(src, dst)
        full = direction_vectors(system, pairs)
        if same_op:
            full = [v for v in full if _sign(v) != 0]
        vectors = list(dict.fromkeys(v[: len(common)] for v in full))
    out: list[Dependence] = []
    for vector in vectors:
        sign = _sign(vector)
        if "*" in vector:
            out.append(Dependence(first, second, common, vector))
            if not same_op:
                out.append(Dependence(second, first, common, _negate(vector)))
        elif sign >= 0:
            out.append(Dependence(first, second, common, vector))
        elif not same_op:
            out.append(Dependence(second, first, common, _negate(vector)))
    return out


def dependences(loops: Sequence[affine.ForOp]) -> list[Dependence]:
    """All memory dependences inside `loops[0]`, with directions over the
    loops of the chain `loops` (each nested in the previous) that enclose
    both accesses. Self-pairs of a write are included (output dependences
    between iterations); dependences only between instances of the same
    iteration of every common loop appear with all directions `=`."""
    assert loops
    accesses = accesses_in(loops[0])
    found: list[Dependence] = []
    for i, first in enumerate(accesses):
        for second in accesses[i:]:
            a, b = first, second
            if a.op is not b.op and not _program_order(a.op, b.op):
                a, b = b, a
            found.extend(pair_dependences(loops, a, b))
    return found


def permutation_violation(
    dependence: Dependence, order: Sequence[int]
) -> tuple[int, int] | None:
    """With the dependence's loops run in `order` (new position -> old
    index), the (new outer loop, old carrier loop) indices of a violation:
    some iteration pair the vector stands for would run sink before source.
    None when the permutation keeps the dependence."""
    vector = dependence.directions
    every: tuple[Direction, ...] = ("<", "=", ">")
    choices: list[tuple[Direction, ...]] = [every if d == "*" else (d,) for d in vector]
    for concrete in _product(choices):
        if _sign(concrete) <= 0:
            continue
        permuted = [concrete[k] for k in order]
        for position, d in enumerate(permuted):
            if d == "<":
                break
            if d == ">":
                carrier = next(k for k, c in enumerate(concrete) if c == "<")
                return order[position], carrier
    return None
