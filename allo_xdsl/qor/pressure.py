"""
Memory-port pressure of one pipelined iteration: for each buffer, the
bank that serves the most distinct addresses among the unrolled copies of
its accesses, in closed form (`banks`).

When every access of a buffer has the same affine form over its copies (a
single access, or the load and the store of an accumulation), each bank's
count is the product of its groups' counts: the busiest bank is found from
per-group counts alone, without forming a block per bank. Otherwise each
access's blocks are counted bank by bank (`banks.distinct_count`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise, product
from math import ceil, prod

from xdsl.ir import SSAValue

from allo_xdsl.analysis.dependence import Access
from allo_xdsl.qor import banks
from allo_xdsl.qor.banks import (
    Address,
    Block,
    Copies,
    Group,
    LinearForm,
    access_blocks,
    access_groups,
    distinct_count,
    enumerated_blocks,
    linear_form,
    opaque_block,
    varying_dim,
)
from allo_xdsl.qor.device import Device, Ports
from allo_xdsl.qor.memory import M_AXI, Buffer, bank_ii, ports_of


@dataclass(frozen=True)
class PortPressure:
    """The busiest bank of one pipelined iteration."""

    buffer: Buffer
    reads: int
    writes: int
    ports: Ports
    ii: int
    dim: int | None
    """1-based dimension whose subscript varies between the copies, if any:
    where a partition would spread the accesses."""
    value: SSAValue | None = None


# --- the busiest bank of each buffer ----------------------------------------------


def _key_of(access: Access, buffer: Buffer) -> str:
    if buffer.impl == M_AXI:
        return f"{M_AXI}:{buffer.bundle}"
    return buffer.name + f"#{id(access.buffer)}"


@dataclass
class _Key:
    """The accesses of one buffer (or m_axi bundle) in one iteration."""

    buffer: Buffer
    value: SSAValue
    accesses: list[tuple[Access, Copies, LinearForm | None]] = field(
        default_factory=lambda: []
    )
    spread: list[int] = field(default_factory=lambda: [0, 0])
    """Reads and writes spread evenly over the banks (too many copies, or
    subscripts that cannot be analyzed)."""


def _collect(
    accesses: list[tuple[Access, Copies]],
    device: Device,
    lookup: Callable[[SSAValue], Buffer],
) -> tuple[dict[str, _Key], list[str]]:
    """
    Each buffer's accesses, and the buffers in the order an enumeration
    of the copies would first reach them: those with banks, then those
    only spread."""
    keys: dict[str, _Key] = {}
    banked: list[str] = []
    spread: list[str] = []
    for access, copies in accesses:
        buffer = lookup(access.buffer)
        if ports_of(buffer, device) is None:
            continue
        key = _key_of(access, buffer)
        entry = keys.setdefault(key, _Key(buffer, access.buffer))
        if access.subscripts is None or copies.count > banks.MAX_COPIES:
            spread.append(key)
            rw = 1 if access.is_write else 0
            entry.spread[rw] += ceil(copies.count / max(1, buffer.banks))
            continue
        banked.append(key)
        entry.accesses.append((access, copies, linear_form(access, copies)))
    banked = list(dict.fromkeys(banked))
    order = banked + [k for k in dict.fromkeys(spread) if k not in banked]
    return keys, order


def _blocks(
    access: Access, copies: Copies, form: LinearForm | None, buffer: Buffer
) -> list[tuple[Address, Block]]:
    blocks = access_blocks(access, form, buffer) if form is not None else None
    if blocks is not None:
        return blocks
    if copies.count > banks.MAX_ENUMERATION:
        # Worst case: every copy's address distinct, all in one bank.
        rank = len(access.subscripts.results) if access.subscripts else 0
        return [((), opaque_block(id(access.buffer), rank, copies.count))]
    return enumerated_blocks(access, copies, buffer)


def _by_bank(entry: _Key) -> dict[Address, tuple[list[Block], list[Block]]]:
    """
    The reads and writes of each bank, banks in the order the copies
    first reach them."""
    per_bank: dict[Address, tuple[list[Block], list[Block]]] = {}
    for access, copies, form in entry.accesses:
        rw = 1 if access.is_write else 0
        for bank, block in _blocks(access, copies, form, entry.buffer):
            per_bank.setdefault(bank, ([], []))[rw].append(block)
    return per_bank


def _uniform_groups(entry: _Key) -> list[Group] | None:
    """
    The groups of the one affine form every access of `entry` has (same
    buffer, same addresses), ordered as the copies run; None when the
    accesses differ, or their groups interleave (a variable of one group
    between two of another: the banks' order is not the groups' product)."""
    first_access, _, form = entry.accesses[0]
    if form is None:
        return None
    for access, _, other in entry.accesses[1:]:
        if other != form or access.buffer is not first_access.buffer:
            return None
    groups = access_groups(form, entry.buffer)
    if groups is None:
        return None
    moving = sorted((g for g in groups if g.positions), key=lambda g: g.positions)
    for a, b in pairwise(moving):
        if a.positions[-1] > b.positions[0]:
            return None
    return moving + [g for g in groups if not g.positions]


def _uniform_busiest(entry: _Key, groups: list[Group], ports: Ports) -> PortPressure:
    """
    The first bank, in the copies' order, at the highest II: each bank's
    count is the product of its groups' counts, the same for reads and
    writes (the accesses have one address set)."""
    reads = any(not access.is_write for access, _, _ in entry.accesses)
    writes = any(access.is_write for access, _, _ in entry.accesses)
    extra_reads, extra_writes = entry.spread

    def ii_of(count: int) -> int:
        return bank_ii(
            reads * count + extra_reads, writes * count + extra_writes, ports
        )

    most = prod(max(sub.count for _, sub in g.banks) for g in groups)
    ii = ii_of(most)
    for choice in product(*(g.banks for g in groups)):
        count = prod(sub.count for _, sub in choice)
        if ii_of(count) == ii:
            break
    else:  # pragma: no cover - the busiest bank is among them
        raise AssertionError("no bank reaches the highest II")
    varying = [
        d
        for g, (_, sub) in zip(groups, choice, strict=True)
        for d, values in zip(g.dims, sub.projections, strict=True)
        if len(values) > 1
    ]
    return PortPressure(
        entry.buffer,
        reads * count + extra_reads,
        writes * count + extra_writes,
        ports,
        ii,
        max(varying) + 1 if varying else None,
    )


def _busiest(entry: _Key, device: Device) -> PortPressure:
    ports = ports_of(entry.buffer, device)
    assert ports is not None
    extra_reads, extra_writes = entry.spread
    if not entry.accesses:
        ii = bank_ii(extra_reads, extra_writes, ports)
        return PortPressure(entry.buffer, extra_reads, extra_writes, ports, ii, None)
    groups = _uniform_groups(entry)
    if groups is not None:
        return _uniform_busiest(entry, groups, ports)
    worst: PortPressure | None = None
    for reads, writes in _by_bank(entry).values():
        r = distinct_count(reads) + extra_reads
        w = distinct_count(writes) + extra_writes
        ii = bank_ii(r, w, ports)
        if worst is None or ii > worst.ii:
            dim = varying_dim(reads + writes)
            worst = PortPressure(entry.buffer, r, w, ports, ii, dim)
    assert worst is not None
    return worst


def port_pressure(
    accesses: list[tuple[Access, Copies]],
    device: Device,
    lookup: Callable[[SSAValue], Buffer],
) -> list[PortPressure]:
    """
    For each buffer accessed in one iteration (each access with its
    copies), the busiest bank. Repeated reads (or writes) of one address in
    an iteration are served once, as Vitis merges them."""
    keys, order = _collect(accesses, device, lookup)
    out = [replace(_busiest(keys[k], device), value=keys[k].value) for k in order]
    return sorted(out, key=lambda p: -p.ii)
