"""Buffers as hardware: where each lives (registers, BRAM/URAM/LUTRAM banks,
an m_axi bundle, a FIFO), how many ports a bank has, which bank an access of
one unrolled copy hits, the memory-port II of a pipelined iteration, and
BRAM18K counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import product
from math import ceil, prod
from typing import cast

from xdsl.dialects.builtin import MemRefType
from xdsl.ir import Attribute, SSAValue

from allo_xdsl.analysis import hints
from allo_xdsl.analysis.dependence import Access
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.dialects.fpga import StreamType
from allo_xdsl.qor.device import Device, Ports
from allo_xdsl.qor.ops import width_of
from allo_xdsl.qor.trips import index_value

REGISTERS = "registers"
STREAM = "stream"
M_AXI = "m_axi"

_MAX_COPIES = 1 << 16
"""Above this many unrolled copies, accesses are assumed spread evenly."""


@dataclass(frozen=True)
class Buffer:
    """A buffer as the hardware holds it."""

    name: str
    shape: tuple[int, ...]
    bits: int
    partition: tuple[tuple[str, int], ...]
    impl: str
    """registers, bram, uram, lutram, m_axi or stream."""
    port_kind: str | None
    """ram_1p, ram_2p, ... or m_axi; None for registers."""
    bundle: str | None = None
    automatic: bool = False
    """Vitis may partition it by itself (a local array without a partition,
    config_array_partition -throughput_driven)."""

    @property
    def banks_per_dim(self) -> tuple[int, ...]:
        out: list[int] = []
        for size, (kind, factor) in zip(self.shape, self.partition, strict=True):
            if kind == "complete":
                out.append(size)
            elif kind in ("cyclic", "block"):
                out.append(min(factor, size))
            else:
                out.append(1)
        return tuple(out)

    @property
    def banks(self) -> int:
        return prod(self.banks_per_dim)

    def bank_of(self, address: tuple[int, ...]) -> tuple[int, ...]:
        bank: list[int] = []
        for value, size, (kind, factor) in zip(
            address, self.shape, self.partition, strict=True
        ):
            if kind == "complete":
                bank.append(value)
            elif kind == "cyclic":
                bank.append(value % factor)
            elif kind == "block":
                bank.append(value // max(1, ceil(size / factor)))
            else:
                bank.append(0)
        return tuple(bank)


def element_bits(memref: Attribute) -> int:
    if isinstance(memref, StreamType):
        return width_of(memref.element_type)
    if isinstance(memref, MemRefType):
        return width_of(cast(MemRefType[Attribute], memref).element_type)
    return 32


def buffer_of(value: SSAValue, device: Device) -> Buffer:
    """How `value` (a memref or a stream) is held."""
    name = value_name(value) or "?"
    t = value.type
    if isinstance(t, StreamType):
        return Buffer(
            name, (t.depth.data,), element_bits(t), (("none", 0),), STREAM, None
        )
    assert isinstance(t, MemRefType)
    t = cast(MemRefType[Attribute], t)
    shape = tuple(max(1, d) for d in t.get_shape()) or (1,)
    parts = hints.partition(t) or tuple(("none", 0) for _ in shape)
    if len(parts) != len(shape):
        parts = tuple(("none", 0) for _ in shape)
    bits = element_bits(t)
    if all(kind == "complete" for kind, _ in parts):
        return Buffer(name, shape, bits, parts, REGISTERS, None)
    port = hints.interface(value)
    if port is not None and port.mode == M_AXI:
        return Buffer(name, shape, bits, parts, M_AXI, M_AXI, port.bundle or name)
    bound = hints.storage(value)
    if bound is not None:
        return Buffer(name, shape, bits, parts, bound.impl, bound.kind)
    kind = str(device.memory["default_local"])
    banks = Buffer(name, shape, bits, parts, "bram", kind)
    depth = prod(shape) // max(1, banks.banks)
    if depth * bits <= int(device.memory["lutram_max_bits"]):
        return Buffer(name, shape, bits, parts, "lutram", kind)
    return banks


def ports_of(buffer: Buffer, device: Device) -> Ports | None:
    if buffer.impl == REGISTERS:
        return None
    if buffer.impl == STREAM:
        return Ports(2, 1, 1)
    return device.ports[buffer.port_kind or str(device.memory["default_local"])]


def read_latency(buffer: Buffer, device: Device) -> int:
    if buffer.impl == STREAM:
        return 1
    return device.read_latency(buffer.impl)


def write_latency(buffer: Buffer, device: Device) -> int:
    if buffer.impl == STREAM:
        return 1
    return device.write_latency(buffer.impl)


def bank_ii(reads: int, writes: int, ports: Ports) -> int:
    """The fewest cycles in which one bank serves `reads` and `writes`."""
    need = ceil((reads + writes) / ports.ports)
    need = max(need, ceil(reads / ports.read) if reads else 0)
    return max(need, ceil(writes / ports.write) if writes else 0, 1)


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


@dataclass(frozen=True)
class Copies:
    """The unrolled copies an access runs in one iteration: induction
    variables and their values."""

    ivs: tuple[SSAValue, ...]
    values: tuple[tuple[int, ...], ...]

    @property
    def count(self) -> int:
        return prod(len(v) for v in self.values) if self.values else 1


def _evaluate(
    access: Access, env: Mapping[SSAValue, int], memo: dict[SSAValue, int]
) -> tuple[int, ...]:
    assert access.subscripts is not None
    dims = [index_value(v, env, memo) for v in access.inputs]
    try:
        return access.subscripts.eval(dims, [])
    except (ZeroDivisionError, IndexError):
        return tuple(0 for _ in access.subscripts.results)


def _addresses(access: Access, copies: Copies) -> Iterable[tuple[int, ...]]:
    """The address of every copy of `access`. Subscripts linear in the copy
    variables (checked at the corners) are evaluated as base + sum of
    coefficient x value, without the affine map."""
    memo: dict[SSAValue, int] = {}
    ivs = copies.ivs
    origin = {iv: values[0] for iv, values in zip(ivs, copies.values, strict=True)}
    base = _evaluate(access, origin, memo)
    coefficients: list[tuple[int, ...]] = []
    for iv, values in zip(ivs, copies.values, strict=True):
        if len(values) < 2:
            coefficients.append(tuple(0 for _ in base))
            continue
        moved = _evaluate(access, {**origin, iv: values[1]}, memo)
        step = values[1] - values[0]
        coefficients.append(
            tuple((m - b) // step for m, b in zip(moved, base, strict=True))
        )
    last = {iv: values[-1] for iv, values in zip(ivs, copies.values, strict=True)}
    predicted = _linear(base, coefficients, origin, last, ivs)
    linear = predicted == _evaluate(access, last, memo)
    for combo in product(*copies.values):
        env = dict(zip(ivs, combo, strict=True))
        if linear:
            yield _linear(base, coefficients, origin, env, ivs)
        else:
            yield _evaluate(access, env, memo)


def _linear(
    base: tuple[int, ...],
    coefficients: list[tuple[int, ...]],
    origin: Mapping[SSAValue, int],
    env: Mapping[SSAValue, int],
    ivs: tuple[SSAValue, ...],
) -> tuple[int, ...]:
    out = list(base)
    for iv, coefficient in zip(ivs, coefficients, strict=True):
        delta = env[iv] - origin[iv]
        if delta:
            for d, c in enumerate(coefficient):
                out[d] += c * delta
    return tuple(out)


def _varying(addresses: set[tuple[int, ...]]) -> int | None:
    """The innermost 1-based dimension on which `addresses` (each `(buffer
    id, *subscripts)`) differ: where a partition would spread them."""
    if len(addresses) < 2:
        return None
    ranks = {len(a) for a in addresses}
    if len(ranks) > 1:  # several buffers on one m_axi bundle
        return None
    rank = ranks.pop() - 1
    for d in range(rank, 0, -1):
        if len({a[d] for a in addresses}) > 1:
            return d
    return None


def port_pressure(
    accesses: list[tuple[Access, Copies]],
    device: Device,
    lookup: Callable[[SSAValue], Buffer],
) -> list[PortPressure]:
    """For each buffer accessed in one iteration (each access with its
    copies), the busiest bank. Repeated reads (or writes) of one address in
    an iteration are served once, as Vitis merges them."""
    per_bank: dict[tuple[str, tuple[int, ...]], tuple[set[tuple[int, ...]], ...]] = {}
    buffers: dict[str, Buffer] = {}
    values: dict[str, SSAValue] = {}
    spread: dict[str, list[int]] = {}
    for access, copies in accesses:
        buffer = lookup(access.buffer)
        if ports_of(buffer, device) is None:
            continue
        key = f"{M_AXI}:{buffer.bundle}" if buffer.impl == M_AXI else buffer.name
        key = key + f"#{id(access.buffer)}" if buffer.impl != M_AXI else key
        buffers.setdefault(key, buffer)
        values.setdefault(key, access.buffer)
        rw = 1 if access.is_write else 0
        if access.subscripts is None or copies.count > _MAX_COPIES:
            counts = spread.setdefault(key, [0, 0])
            counts[rw] += ceil(copies.count / max(1, buffer.banks))
            continue
        for address in _addresses(access, copies):
            bank = buffer.bank_of(address) if buffer.impl != M_AXI else ()
            slots = per_bank.setdefault((key, bank), (set(), set()))
            slots[rw].add((id(access.buffer), *address))
    worst: dict[str, PortPressure] = {}
    for (key, _), (reads, writes) in per_bank.items():
        extra = spread.get(key, [0, 0])
        dim = _varying(reads | writes)
        _consider(
            worst,
            key,
            buffers[key],
            len(reads) + extra[0],
            len(writes) + extra[1],
            dim,
            device,
        )
    for key, (reads, writes) in spread.items():
        if key not in worst:
            _consider(worst, key, buffers[key], reads, writes, None, device)
    out = [replace(p, value=values[key]) for key, p in worst.items()]
    return sorted(out, key=lambda p: -p.ii)


def _consider(
    worst: dict[str, PortPressure],
    key: str,
    buffer: Buffer,
    reads: int,
    writes: int,
    dim: int | None,
    device: Device,
) -> None:
    ports = ports_of(buffer, device)
    assert ports is not None
    ii = bank_ii(reads, writes, ports)
    current = worst.get(key)
    if current is None or ii > current.ii:
        worst[key] = PortPressure(buffer, reads, writes, ports, ii, dim)


def bram18k(buffer: Buffer, device: Device, copies: int = 1) -> int:
    """BRAM18K blocks for `buffer` (0 in registers, LUTRAM, URAM, m_axi);
    `copies` is 2 for a ping-pong buffer between dataflow processes."""
    if buffer.impl not in ("bram", STREAM):
        return 0
    words = prod(buffer.shape)
    banks = buffer.banks
    depth = -(-words // banks)
    if depth * buffer.bits <= int(device.memory["lutram_max_bits"]):
        return 0
    width = int(device.memory["bram18k_max_width"])
    per_word = -(-buffer.bits // width)
    lane = min(buffer.bits, width)
    # An 18Kb block is 512x36, 1Kx18, 2Kx9, ...: depth doubles as width halves.
    shape_width = next(w for w in _BLOCK_DEPTH if w >= lane)
    blocks = per_word * -(-depth // _BLOCK_DEPTH[shape_width])
    return blocks * banks * copies


_BLOCK_DEPTH = {1: 16384, 2: 8192, 4: 4096, 9: 2048, 18: 1024, 36: 512}
"""Words per BRAM18K by port width (UG573)."""
