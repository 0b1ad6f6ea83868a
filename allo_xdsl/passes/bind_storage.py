"""The `bind_storage` primitive: choose the memory that holds a buffer."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, StringAttr
from xdsl.ir import Attribute, BlockArgument, Operation

from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import BIND_STORAGE, STORAGE_IMPLS, STORAGE_TYPES
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
        if self.impl not in STORAGE_IMPLS:
            raise AlloError(
                f"{what}: unknown impl '{self.impl}'; expected one of "
                f"{', '.join(STORAGE_IMPLS)}",
                where,
            )
        if self.type not in STORAGE_TYPES:
            raise AlloError(
                f"{what}: unknown type '{self.type}'; expected one of "
                f"{', '.join(STORAGE_TYPES)}",
                where,
            )
        if self.impl == "lutram" and self.type == "ram_t2p":
            raise AlloError(
                f"{what}: lutram has no true dual-port mode (ram_t2p); use bram "
                "or uram",
                where,
            )
        binding = DictionaryAttr(
            {"impl": StringAttr(self.impl), "type": StringAttr(self.type)}
        )
        if isinstance(value, BlockArgument):
            _set_argument_attribute(fn, value.index, binding)
        else:
            where.attributes[BIND_STORAGE] = binding


def _set_argument_attribute(fn: func.FuncOp, index: int, binding: Attribute) -> None:
    count = len(fn.args)
    current = fn.arg_attrs.data if fn.arg_attrs is not None else ()
    entries = [
        current[k] if k < len(current) else DictionaryAttr({}) for k in range(count)
    ]
    entry = entries[index]
    assert isinstance(entry, DictionaryAttr)
    entries[index] = DictionaryAttr({**entry.data, BIND_STORAGE: binding})
    fn.arg_attrs = ArrayAttr(entries)
