"""
Buffers as hardware: where each lives (registers, BRAM/URAM/LUTRAM banks,
an m_axi bundle, a FIFO), how many ports a bank has, which bank an access of
one unrolled copy hits, and BRAM18K counts. The memory-port II of a
pipelined iteration is in `pressure`."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil, prod
from typing import cast

from xdsl.dialects.builtin import MemRefType
from xdsl.ir import Attribute, SSAValue

from allo_xdsl.analysis import hints
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.dialects.fpga import StreamType
from allo_xdsl.qor.device import Device, Ports
from allo_xdsl.qor.ops import width_of

REGISTERS = "registers"
STREAM = "stream"
M_AXI = "m_axi"


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
        if len(address) != len(self.shape):
            raise ValueError("address rank differs from the buffer's")
        return tuple(self.dim_bank(d, value) for d, value in enumerate(address))

    def dim_bank(self, dim: int, value: int) -> int:
        """
        The bank index on 0-based dimension `dim` of subscript `value`
        (a partition banks each dimension independently)."""
        kind, factor = self.partition[dim]
        if kind == "complete":
            return value
        if kind == "cyclic":
            return value % factor
        if kind == "block":
            return value // max(1, ceil(self.shape[dim] / factor))
        return 0


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


def bram18k(buffer: Buffer, device: Device, copies: int = 1) -> int:
    """
    BRAM18K blocks for `buffer` (0 in registers, LUTRAM, URAM, m_axi);
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
