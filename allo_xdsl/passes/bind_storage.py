"""The `bind_storage` primitive: choose the memory that holds a buffer."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.ir import Operation

from allo_xdsl.analysis.hints import set_storage
from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError, reported_at
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.buffer_types import memref_of


@dataclass(frozen=True)
class BindStoragePass(PrimitivePass):
    """
    Bind buffer `buffer` of function `func` to memory `impl` (`bram`,
    `uram` or `lutram`) with ports `type` (`ram_1p`, `ram_2p`, `ram_t2p` or
    `ram_s2p`), as Allo's `bind_storage`. Sets the discardable attribute
    `fpga.bind_storage = {impl = ..., type = ...}` on the alloc, or on the
    parameter (`arg_attrs`); a later binding of the same buffer replaces it.
    The HLS C++ target prints `#pragma HLS bind_storage variable=V type=T
    impl=I` after the array's partition pragmas.

    Rejects: a buffer that is not a memref, an unknown `impl` or `type`, and
    `lutram` with `ram_t2p` (LUTRAM has no true dual-port mode).
    """

    name = "bind-storage"

    buffer: str
    impl: str
    type: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        value = find_buffer(fn, self.buffer)
        what = f"cannot bind the storage of '{self.buffer}'"
        memref_of(fn, value, what)
        owner = value.owner
        where = owner if isinstance(owner, Operation) else fn
        if self.impl == "lutram" and self.type == "ram_t2p":
            raise AlloError(
                f"{what}: lutram has no true dual-port mode (ram_t2p); use bram "
                "or uram",
                where,
            )
        with reported_at(where, f"{what}: "):
            set_storage(value, self.impl, self.type)
