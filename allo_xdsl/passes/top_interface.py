"""The `interface` primitive: the port of a parameter of the top function."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute, BlockArgument, Operation

from allo_xdsl.analysis.alias_classes import call_sites, where
from allo_xdsl.analysis.hints import is_top, set_port, set_top
from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError, reported_at
from allo_xdsl.dialects.fpga import InterfaceMode, StreamType, partition_of
from allo_xdsl.passes.common import PrimitivePass

M_AXI = InterfaceMode.M_AXI.value
S_AXILITE = InterfaceMode.S_AXILITE.value


@dataclass(frozen=True)
class TopInterfacePass(PrimitivePass):
    """
    Give parameter `buffer` of the top function `func` the port `mode`, as
    Allo's `interface`: `m_axi` (an AXI master, `offset=slave`) for an
    array, `s_axilite` (a control register) for a scalar or an array, on
    `bundle` when given. Records `fpga.interface = {mode, bundle}` in the
    function's `arg_attrs` (a later interface of the same parameter
    replaces it) and marks the function top (`fpga.top`, whose `return` is
    an `s_axilite` port). The HLS C++ target prints
    `#pragma HLS interface <mode> port=<name> [offset=slave] bundle=<b>`;
    an `s_axilite` port without a bundle goes to `control`.
    `vitis-interfaces` gives the other ports their Vitis defaults.

    Rejects: an unknown mode, a bundle that is not a C identifier, a local
    buffer (only parameters are ports), `m_axi` on a scalar, a stream
    parameter (an AXI stream port, which Vitis infers), a function without
    a body, a function that some function calls (it is not the top), and a
    function other than the one already marked top.
    """

    name = "top-interface"

    buffer: str
    mode: str
    bundle: str = ""

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        what = f"cannot give '{self.buffer}' an interface"
        check_top(fn, what)
        value = find_buffer(fn, self.buffer)
        if not isinstance(value, BlockArgument):
            owner = value.owner
            raise AlloError(
                f"{what}: it is a local buffer of '{fn.sym_name.data}'; only "
                "the top function's parameters are ports",
                owner if isinstance(owner, Operation) else fn,
            )
        check_port(value.type, self.mode, self.bundle, what, fn)
        with reported_at(fn, f"{what}: "):
            set_port(fn, value.index, False, self.mode, self.bundle or None)


def check_top(fn: func.FuncOp, what: str) -> None:
    """
    `fn` can be the top function: it has a body, nothing calls it, and no
    other function is marked top. Marks it top."""
    name = fn.sym_name.data
    if fn.is_declaration:
        raise AlloError(f"{what}: '{name}' has no body", fn)
    module = fn.parent_op()
    assert isinstance(module, ModuleOp)
    calls = call_sites(module, name)
    if calls:
        raise AlloError(
            f"{what}: '{name}' is called at {where(calls[0])}, so it is not the "
            "top function; interfaces are the ports of the top function",
            fn,
        )
    for other in module.ops:
        if isinstance(other, func.FuncOp) and other is not fn and is_top(other):
            raise AlloError(
                f"{what}: '{other.sym_name.data}' is already the top function "
                f"(at {where(other)})",
                fn,
            )
    set_top(fn)


def check_port(
    t: Attribute, mode: str, bundle: str, what: str, fn: func.FuncOp
) -> None:
    """
    `mode` suits a port of type `t` (`set_port` checks `mode` and
    `bundle` themselves)."""
    if isinstance(t, StreamType):
        raise AlloError(
            f"{what}: it is a stream ({t}), an AXI stream port that Vitis "
            "infers; m_axi and s_axilite are for arrays and scalars",
            fn,
        )
    if mode == M_AXI and not isinstance(t, MemRefType):
        raise AlloError(
            f"{what}: it is a scalar ({t}); m_axi is a memory port for arrays, "
            "use s_axilite",
            fn,
        )
    if mode == M_AXI and isinstance(t, MemRefType) and partition_of(t) is not None:
        raise AlloError(
            f"{what}: it is array-partitioned ({t}), and Vitis cannot "
            "partition an m_axi port: partition a local copy instead",
            fn,
        )
