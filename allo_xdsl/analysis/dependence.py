"""
Memory dependences between the iterations of an affine loop nest.

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
from dataclasses import dataclass
from itertools import product
from typing import Literal, cast

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr, MemRefType
from xdsl.ir import Operation, SSAValue
from xdsl.ir.affine import AffineMap

from allo_xdsl.analysis.affine_expr import all_dims_map, format_expr, value_label
from allo_xdsl.analysis.dependence_system import (
    LevelPair,
    pair_system,
    private_loops,
)
from allo_xdsl.analysis.fourier_motzkin import (
    System,
    constant,
    feasible,
    form_key,
    independent_parts,
    presolve,
)
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loops import is_inside, loop_label

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
    """
    `sink` touches what `source` touched, in an iteration at the given
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
        """
        `dependence on A from store A[i, j] to load A[i - 1, j + 1] has
        direction (<, >) over (i, j)`."""
        name = value_name(self.buffer) or "?"
        dirs = ", ".join(self.directions)
        loops = ", ".join(loop_label(loop) for loop in self.loops)
        return (
            f"dependence on {name} from {self.source.describe()} to "
            f"{self.sink.describe()} has direction ({dirs}) over ({loops})"
        )


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


# --- directions ---------------------------------------------------------------


def _with_directions(
    system: System, pairs: Sequence[LevelPair], directions: Sequence[Direction]
) -> System:
    out = system.copy()
    for (src, dst), d in zip(pairs, directions, strict=True):
        if d == "<":
            out.ge(dst, src.plus(constant(1)))
        elif d == ">":
            out.ge(src, dst.plus(constant(1)))
        elif d == "=":
            out.eq(src, dst)
    return out


def direction_vectors(
    system: System, pairs: Sequence[LevelPair]
) -> list[tuple[Direction, ...]]:
    """
    Every vector over {<, =, >} for which the system may have a solution.

    The system is first reduced by its unit equalities, then split into
    independent parts (no constraint shares a variable across parts); each
    part is refined loop by loop from the outermost, and the vectors are the
    product of the parts' vectors. Splitting is exact and keeps each
    elimination small."""
    reduced = presolve(system, [form for pair in pairs for form in pair])
    if reduced is None:
        return []
    system, forms = reduced
    pairs = [(forms[2 * k], forms[2 * k + 1]) for k in range(len(pairs))]
    parts = independent_parts(system, pairs)
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


_FormKey = tuple[int, tuple[tuple[int, int], ...]]
_RefineKey = tuple[
    tuple[_FormKey, ...],
    tuple[_FormKey, ...],
    tuple[_FormKey, ...],
]
_REFINED: dict[_RefineKey, list[tuple[Direction, ...]]] = {}
_REFINED_LIMIT = 4096
"""Refinements already done: nests of the same shape (the same kernel
scheduled in many functions, or the load and the store of one element)
build the same systems, with the same variable numbers."""


def _refine(system: System, pairs: Sequence[LevelPair]) -> list[tuple[Direction, ...]]:
    key: _RefineKey = (
        tuple(sorted(form_key(f) for f in system.equalities)),
        tuple(sorted(form_key(f) for f in system.inequalities)),
        tuple(form_key(f) for pair in pairs for f in pair),
    )
    if key not in _REFINED:
        if len(_REFINED) >= _REFINED_LIMIT:
            _REFINED.clear()
        _REFINED[key] = _refine_uncached(system, pairs)
    return _REFINED[key]


def _refine_uncached(
    system: System, pairs: Sequence[LevelPair]
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


_EVERY: tuple[Direction, ...] = ("<", "=", ">")


def _unknown(n: int) -> tuple[Direction, ...]:
    return cast(tuple[Direction, ...], ("*",) * n)


def _product(
    choices: Sequence[tuple[Direction, ...]],
) -> Iterator[tuple[Direction, ...]]:
    yield from product(*choices)


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
    """
    `=` for the loops around the alloc of a buffer local to the nest: two
    iterations of those loops use different buffers."""
    owner = buffer.owner
    return [
        "=" if isinstance(owner, Operation) and is_inside(owner, loop) else None
        for loop in loops
    ]


def pair_dependences(
    loops: Sequence[affine.ForOp], first: Access, second: Access
) -> list[Dependence]:
    """
    The dependences between two accesses (first before second in program
    order) over the chain loops that enclose both."""
    if first.buffer is not second.buffer:
        return []
    if not (first.is_write or second.is_write):
        return []
    common = _common_loops(loops, first.op, second.op)
    out: list[Dependence] = []
    for vector in _vectors(loops, common, first, second):
        unknown = "*" in vector
        sign = _sign(vector)
        if unknown or sign >= 0:
            out.append(Dependence(first, second, common, vector))
        if (unknown or sign < 0) and first.op is not second.op:
            out.append(Dependence(second, first, common, _negate(vector)))
    return out


def _vectors(
    loops: Sequence[affine.ForOp],
    common: tuple[affine.ForOp, ...],
    first: Access,
    second: Access,
) -> list[tuple[Direction, ...]]:
    """The direction vectors over `common` from `first` to `second`."""
    same_op = first.op is second.op
    levels = list(common)
    if same_op:
        # Two instances of one op differ in some loop around it: order the
        # private loops too, then drop the instance paired with itself.
        levels += reversed(list(private_loops(first.op, loops[0], common)))
    built = pair_system(loops[0], levels, first, second)
    if built is None:
        return [_unknown(len(common))]
    system, pairs = built
    forced = _forced_equal(levels, first.buffer)
    for (src, dst), f in zip(pairs, forced, strict=True):
        if f == "=":
            system.eq(src, dst)
    full = direction_vectors(system, pairs)
    if same_op:
        full = [v for v in full if _sign(v) != 0]
    return list(dict.fromkeys(v[: len(common)] for v in full))


def dependences(loops: Sequence[affine.ForOp]) -> list[Dependence]:
    """
    All memory dependences inside `loops[0]`, with directions over the
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
    """
    With the dependence's loops run in `order` (new position -> old
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
