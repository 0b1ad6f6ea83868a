"""
Memory-port pressure of one pipelined iteration: for each buffer, the
bank that serves the most distinct addresses among the unrolled copies of
its accesses, in closed form from the accesses' affine forms.

An access's address over its copies is `base + sum(c_j * (v_j - v_j0))`
(the coefficients `c_j` of the unrolled induction variables, checked linear
at the corners). The copy variables fall into independent groups: those
that move the same dimension of the address. The address set is then the
product of each group's sub-addresses, each group's bank is a function of
its own sub-address (partitions bank every dimension independently), and
the number of addresses a bank serves is the product of each group's count
in its sub-bank. A group has as many sub-addresses as its own copies (a
64-way unroll on one dimension: 64), never the product of all copies.

Several accesses of one buffer in one bank are counted once per distinct
address: equal address sets once, disjoint ones summed, overlapping
products (a stencil's `A[i][j]` and `A[i][j + 1]`) by inclusion and
exclusion over their per-dimension intersections.

The enumeration of every copy's address (`_addresses`) remains only where
the closed form does not apply: subscripts that are not linear in the copy
variables (`floordiv`, `mod` of an unrolled index), and overlapping accesses
whose sets are not products of per-dimension sets (one copy variable moving
two dimensions, `A[i][i]`). It is capped at `MAX_ENUMERATION` addresses;
beyond the cap, the accesses are assumed not to share any address (the
worst case: every copy's access is counted, in one bank).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from math import prod

from xdsl.ir import SSAValue

from allo_xdsl.analysis.dependence import Access
from allo_xdsl.qor.memory import M_AXI, Buffer
from allo_xdsl.qor.trips import index_value

MAX_COPIES = 1 << 16
"""Above this many unrolled copies, accesses are assumed spread evenly."""

MAX_ENUMERATION = MAX_COPIES
"""Most addresses (or sub-addresses of one group) enumerated where the
closed form does not apply: the bound the model always had (above it the
copies are spread evenly)."""

MAX_TERMS = 1 << 12
"""Most terms of the inclusion-exclusion count of overlapping accesses."""

Address = tuple[int, ...]


@dataclass(frozen=True)
class Copies:
    """
    The unrolled copies an access runs in one iteration: induction
    variables and their values."""

    ivs: tuple[SSAValue, ...]
    values: tuple[tuple[int, ...], ...]

    @property
    def count(self) -> int:
        return prod(len(v) for v in self.values) if self.values else 1


# --- the affine form over the copies -------------------------------------------


@dataclass(frozen=True)
class LinearForm:
    """
    `address = base + sum(coefficients[j] * offsets[j][t_j])` over the
    copies `t` (one index per copy variable)."""

    base: Address
    coefficients: tuple[Address, ...]
    offsets: tuple[tuple[int, ...], ...]
    """Per copy variable: its values minus its first value."""


def _evaluate(
    access: Access, env: Mapping[SSAValue, int], memo: dict[SSAValue, int]
) -> Address:
    assert access.subscripts is not None
    dims = [index_value(v, env, memo) for v in access.inputs]
    try:
        return access.subscripts.eval(dims, [])
    except (ZeroDivisionError, IndexError):
        return tuple(0 for _ in access.subscripts.results)


def _form(access: Access, copies: Copies, memo: dict[SSAValue, int]) -> LinearForm:
    """
    Base and coefficient of each copy variable, from the address of the
    first copy and of each variable's second value."""
    ivs = copies.ivs
    origin = {iv: values[0] for iv, values in zip(ivs, copies.values, strict=True)}
    base = _evaluate(access, origin, memo)
    coefficients: list[Address] = []
    for iv, values in zip(ivs, copies.values, strict=True):
        if len(values) < 2:
            coefficients.append(tuple(0 for _ in base))
            continue
        moved = _evaluate(access, {**origin, iv: values[1]}, memo)
        step = values[1] - values[0]
        coefficients.append(
            tuple((m - b) // step for m, b in zip(moved, base, strict=True))
        )
    offsets = tuple(tuple(v - values[0] for v in values) for values in copies.values)
    return LinearForm(base, tuple(coefficients), offsets)


def _at(form: LinearForm, index: Sequence[int]) -> Address:
    out = list(form.base)
    for coefficient, offsets, t in zip(
        form.coefficients, form.offsets, index, strict=True
    ):
        delta = offsets[t]
        if delta:
            for d, c in enumerate(coefficient):
                out[d] += c * delta
    return tuple(out)


def linear_form(access: Access, copies: Copies) -> LinearForm | None:
    """
    The affine form of `access` over `copies`, or None when the address
    of the last copy is not what the form predicts (not linear)."""
    memo: dict[SSAValue, int] = {}
    form = _form(access, copies, memo)
    last = {
        iv: values[-1] for iv, values in zip(copies.ivs, copies.values, strict=True)
    }
    corner = tuple(len(values) - 1 for values in copies.values)
    if _at(form, corner) != _evaluate(access, last, memo):
        return None
    return form


def _addresses(access: Access, copies: Copies) -> Iterable[Address]:
    """
    The address of every copy of `access` (the fallback enumeration):
    linear subscripts from their form, others through the affine map."""
    form = linear_form(access, copies)
    if form is not None:
        for index in product(*(range(len(v)) for v in copies.values)):
            yield _at(form, index)
        return
    memo: dict[SSAValue, int] = {}
    for combo in product(*copies.values):
        yield _evaluate(access, dict(zip(copies.ivs, combo, strict=True)), memo)


# --- one access, bank by bank -----------------------------------------------------


Factor = tuple[tuple[int, ...], frozenset[Address]]
"""Dimensions of the address and the sub-addresses a group has there."""


@dataclass(frozen=True)
class Block:
    """
    The addresses one access touches in one bank: the product of its
    groups' sub-addresses (`factors`), with their count and the values of
    each dimension (precomputed: a bank is visited once per access)."""

    ident: int
    rank: int
    factors: tuple[Factor, ...]
    count: int
    projections: tuple[frozenset[int], ...]
    """Per dimension, the values it takes; for an opaque block (beyond the
    caps, `factors` empty), two values: it varies everywhere."""
    is_product: bool
    """Every factor is one dimension: the set is the product of
    `projections`."""

    @property
    def opaque(self) -> bool:
        return not self.factors and not self.is_product

    def canonical(self) -> tuple[frozenset[int], ...] | None:
        """Per-dimension value sets, when they determine the set."""
        return self.projections if self.is_product else None

    def addresses(self) -> Iterable[Address]:
        for parts in product(*(values for _, values in self.factors)):
            address = [0] * self.rank
            for (dims, _), part in zip(self.factors, parts, strict=True):
                for d, v in zip(dims, part, strict=True):
                    address[d] = v
            yield tuple(address)


def make_block(ident: int, rank: int, factors: Sequence[Factor]) -> Block:
    projections: list[frozenset[int]] = [frozenset()] * rank
    for dims, values in factors:
        for k, d in enumerate(dims):
            projections[d] = frozenset(v[k] for v in values)
    return Block(
        ident,
        rank,
        tuple(factors),
        prod(len(values) for _, values in factors),
        tuple(projections),
        all(len(dims) == 1 for dims, _ in factors),
    )


def opaque_block(ident: int, rank: int, count: int) -> Block:
    varying = tuple(frozenset(range(2)) for _ in range(rank))
    return Block(ident, rank, (), count, varying, False)


@dataclass(frozen=True)
class SubBank:
    first: tuple[int, ...]
    """The first copy reaching it: indices of the group's variables."""
    factor: Factor
    count: int
    projections: tuple[frozenset[int], ...]
    """Per dimension of the group."""


@dataclass(frozen=True)
class Group:
    """
    Copy variables that move the same dimensions, and each sub-bank they
    reach."""

    dims: tuple[int, ...]
    positions: tuple[int, ...]
    banks: tuple[tuple[Address, SubBank], ...]


def _groups(form: LinearForm, rank: int) -> list[tuple[list[int], list[int]]]:
    """
    (positions of copy variables, dimensions) of each group of variables
    linked through a dimension they move; unmoved dimensions alone."""
    owner: dict[int, int] = {}
    groups: list[tuple[list[int], list[int]]] = []
    for j, coefficient in enumerate(form.coefficients):
        if len(form.offsets[j]) < 2:
            continue
        moved = [d for d, c in enumerate(coefficient) if c]
        linked = sorted({owner[d] for d in moved if d in owner})
        positions, dims = [j], list(moved)
        for g in reversed(linked):
            positions = groups[g][0] + positions
            dims = groups[g][1] + dims
            groups[g] = ([], [])
        groups.append((sorted(positions), sorted(set(dims))))
        for d in dims:
            owner[d] = len(groups) - 1
    out = [g for g in groups if g[0]]
    covered = {d for _, dims in out for d in dims}
    out.extend(([], [d]) for d in range(rank) if d not in covered)
    return out


def _group(
    form: LinearForm,
    positions: list[int],
    dims: list[int],
    bank: Callable[[int, int], int],
) -> Group | None:
    sizes = [len(form.offsets[j]) for j in positions]
    if prod(sizes) > MAX_ENUMERATION:
        return None
    found: dict[Address, tuple[tuple[int, ...], dict[Address, None]]] = {}
    for index in product(*(range(n) for n in sizes)):
        sub = [form.base[d] for d in dims]
        for j, t in zip(positions, index, strict=True):
            delta = form.offsets[j][t]
            for k, d in enumerate(dims):
                sub[k] += form.coefficients[j][d] * delta
        key = tuple(bank(d, v) for d, v in zip(dims, sub, strict=True))
        entry = found.setdefault(key, (index, {}))
        entry[1][tuple(sub)] = None
    banks: list[tuple[Address, SubBank]] = []
    for key, (first, subs) in found.items():
        values = frozenset(subs)
        projections = tuple(frozenset(v[k] for v in values) for k in range(len(dims)))
        factor = (tuple(dims), values)
        banks.append((key, SubBank(first, factor, len(values), projections)))
    return Group(tuple(dims), tuple(positions), tuple(banks))


def _bank_function(buffer: Buffer) -> Callable[[int, int], int]:
    if buffer.impl == M_AXI:
        return lambda _d, _v: 0
    return buffer.dim_bank


def _combine(
    ident: int, rank: int, groups: list[Group], choice: Sequence[SubBank]
) -> Block:
    count = 1
    projections: list[frozenset[int]] = [frozenset()] * rank
    for group, sub in zip(groups, choice, strict=True):
        count *= sub.count
        for d, values in zip(group.dims, sub.projections, strict=True):
            projections[d] = values
    return Block(
        ident,
        rank,
        tuple(sub.factor for sub in choice),
        count,
        tuple(projections),
        all(len(g.dims) == 1 for g in groups),
    )


def access_groups(form: LinearForm, buffer: Buffer) -> list[Group] | None:
    """
    The groups of copy variables of an access with `form`, each with the
    sub-banks it reaches; None beyond the caps."""
    rank = len(form.base)
    if buffer.impl != M_AXI and rank != len(buffer.shape):
        return None
    groups: list[Group] = []
    for positions, dims in _groups(form, rank):
        group = _group(form, positions, dims, _bank_function(buffer))
        if group is None:
            return None
        groups.append(group)
    return groups


def access_blocks(
    access: Access, form: LinearForm, buffer: Buffer
) -> list[tuple[Address, Block]] | None:
    """
    The banks `access` touches, in the order its copies first reach them,
    with the addresses it touches in each; None beyond the caps."""
    rank = len(form.base)
    groups = access_groups(form, buffer)
    if groups is None:
        return None
    # The banks touched are at most the copies (each bank holds one), so at
    # most MAX_COPIES: no cap needed on their product.
    out: list[tuple[tuple[int, ...], Address, Block]] = []
    for choice in product(*(g.banks for g in groups)):
        first = [0] * len(form.offsets)
        bank = [0] * rank
        for group, (sub_bank, sub) in zip(groups, choice, strict=True):
            for j, t in zip(group.positions, sub.first, strict=True):
                first[j] = t
            for d, b in zip(group.dims, sub_bank, strict=True):
                bank[d] = b
        subs = [sub for _, sub in choice]
        key = () if buffer.impl == M_AXI else tuple(bank)
        out.append((tuple(first), key, _combine(id(access.buffer), rank, groups, subs)))
    out.sort(key=lambda item: item[0])
    return [(key, block) for _, key, block in out]


# --- several accesses in one bank ---------------------------------------------------


def _disjoint(a: Block, b: Block) -> bool:
    if a.ident != b.ident or a.rank != b.rank:
        return True
    pairs = zip(a.projections, b.projections, strict=True)
    return any(not (x & y) for x, y in pairs)


def _overlapping(blocks: list[Block]) -> list[list[Block]]:
    """
    `blocks` in groups that may share addresses (linked by pairs that
    are not provably disjoint); different groups share none."""
    parent = list(range(len(blocks)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for k, a in enumerate(blocks):
        for m in range(k + 1, len(blocks)):
            if not _disjoint(a, blocks[m]):
                parent[root(m)] = root(k)
    groups: dict[int, list[Block]] = {}
    for k, block in enumerate(blocks):
        groups.setdefault(root(k), []).append(block)
    return list(groups.values())


def _union_of_boxes(boxes: list[tuple[frozenset[int], ...]]) -> int | None:
    """
    Size of a union of products of per-dimension sets, by inclusion and
    exclusion (the intersection of products is the product of the
    intersections), skipping empty intersections; None beyond MAX_TERMS."""
    total = 0
    terms = 0
    stack = [(k, box, 1) for k, box in enumerate(boxes)]
    while stack:
        k, box, size = stack.pop()
        terms += 1
        if terms > MAX_TERMS:
            return None
        total += (1 if size % 2 else -1) * prod(len(s) for s in box)
        for m in range(k + 1, len(boxes)):
            meet = tuple(a & b for a, b in zip(box, boxes[m], strict=True))
            if all(meet):
                stack.append((m, meet, size + 1))
    return total


def _union_count(blocks: list[Block]) -> int:
    if len(blocks) == 1:
        return blocks[0].count
    boxes = [b.canonical() for b in blocks]
    if all(box is not None for box in boxes):
        counted = _union_of_boxes([box for box in boxes if box is not None])
        if counted is not None:
            return counted
    total = sum(b.count for b in blocks)
    if total > MAX_ENUMERATION or any(b.opaque for b in blocks):
        return total  # worst case: no address shared
    return len({a for b in blocks for a in b.addresses()})


def distinct_count(blocks: list[Block]) -> int:
    """
    How many distinct addresses `blocks` hold together: equal blocks
    once, disjoint ones summed, overlapping products by inclusion and
    exclusion, other overlapping ones enumerated (capped: beyond it,
    summed)."""
    unique: list[Block] = []
    seen: set[tuple[int, tuple[frozenset[int], ...]]] = set()
    if len(blocks) == 1:
        return blocks[0].count
    for block in blocks:
        canonical = block.canonical()
        if canonical is not None:
            if (block.ident, canonical) in seen:
                continue
            seen.add((block.ident, canonical))
        unique.append(block)
    return sum(_union_count(group) for group in _overlapping(unique))


def varying_dim(blocks: list[Block]) -> int | None:
    """
    The innermost 1-based dimension on which the addresses of `blocks`
    differ: where a partition would spread them."""
    if len({b.rank for b in blocks}) != 1:
        return None
    rank = blocks[0].rank
    for d in range(rank - 1, -1, -1):
        values: set[int] = set()
        for block in blocks:
            values |= block.projections[d]
            if len(values) > 1:
                return d + 1
    return None


def enumerated_blocks(
    access: Access, copies: Copies, buffer: Buffer
) -> list[tuple[Address, Block]]:
    """
    `access_blocks` by enumerating every copy (the fallback), one block
    per bank holding its addresses as one group of all dimensions."""
    per_bank: dict[Address, dict[Address, None]] = {}
    for address in _addresses(access, copies):
        bank = buffer.bank_of(address) if buffer.impl != M_AXI else ()
        per_bank.setdefault(bank, {})[address] = None
    rank = len(access.subscripts.results) if access.subscripts is not None else 0
    dims = tuple(range(rank))
    return [
        (bank, make_block(id(access.buffer), rank, [(dims, frozenset(addresses))]))
        for bank, addresses in per_bank.items()
    ]
