"""The `interface` primitive: the port of a parameter of the top function."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    MemRefType,
    ModuleOp,
    StringAttr,
    UnitAttr,
)
from xdsl.ir import Attribute, BlockArgument, Operation

from allo_xdsl.analysis.alias_classes import call_sites, where
from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import (
    INTERFACE,
    INTERFACE_MODES,
    TOP,
    StreamType,
    interface_port,
    partition_of,
)
from allo_xdsl.passes.common import PrimitivePass

M_AXI = "m_axi"
S_AXILITE = "s_axilite"


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
        set_port(fn, value.index, False, self.mode, self.bundle or None)


def check_top(fn: func.FuncOp, what: str) -> None:
    """`fn` can be the top function: it has a body, nothing calls it, and no
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
        if (
            isinstance(other, func.FuncOp)
            and other is not fn
            and TOP in other.attributes
        ):
            raise AlloError(
                f"{what}: '{other.sym_name.data}' is already the top function "
                f"(at {where(other)})",
                fn,
            )
    fn.attributes[TOP] = UnitAttr()


def check_port(
    t: Attribute, mode: str, bundle: str, what: str, fn: func.FuncOp
) -> None:
    """`mode` and `bundle` suit a port of type `t`."""
    if mode not in INTERFACE_MODES:
        raise AlloError(
            f"{what}: unknown mode '{mode}'; expected one of "
            f"{', '.join(INTERFACE_MODES)}",
            fn,
        )
    if bundle and not bundle.isidentifier():
        raise AlloError(f"{what}: bundle '{bundle}' is not a C identifier", fn)
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


def port(fn: func.FuncOp, index: int, result: bool) -> tuple[str, str | None] | None:
    """`(mode, bundle)` of parameter (or result) `index`, when it has one."""
    entries = fn.res_attrs if result else fn.arg_attrs
    if entries is None or index >= len(entries.data):
        return None
    entry = entries.data[index]
    if not isinstance(entry, DictionaryAttr) or INTERFACE not in entry.data:
        return None
    return interface_port(entry.data[INTERFACE])


def set_port(
    fn: func.FuncOp, index: int, result: bool, mode: str, bundle: str | None
) -> None:
    """Record the port of parameter (or result) `index` of `fn`."""
    fields: dict[str, Attribute] = {"mode": StringAttr(mode)}
    if bundle is not None:
        fields["bundle"] = StringAttr(bundle)
    types = fn.function_type.outputs if result else fn.function_type.inputs
    count = len(types.data)
    current = fn.res_attrs if result else fn.arg_attrs
    old = current.data if current is not None else ()
    entries = [old[k] if k < len(old) else DictionaryAttr({}) for k in range(count)]
    entry = entries[index]
    assert isinstance(entry, DictionaryAttr)
    entries[index] = DictionaryAttr({**entry.data, INTERFACE: DictionaryAttr(fields)})
    if result:
        fn.res_attrs = ArrayAttr(entries)
    else:
        fn.arg_attrs = ArrayAttr(entries)
