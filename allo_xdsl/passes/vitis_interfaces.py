"""Vitis kernel interfaces on the top function, where none is given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from allo_xdsl.analysis.hints import is_top, port, set_port
from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import StreamType
from allo_xdsl.passes.top_interface import (
    M_AXI,
    S_AXILITE,
    check_port,
    check_top,
)
from allo_xdsl.rewriting.port_copies import copy_port, needs_copy, port_use

BUNDLE_PREFIX = "gmem"


@dataclass(frozen=True)
class VitisInterfacesPass(ModulePass):
    """
    Give every port of the top function that has no interface the Vitis
    kernel default: an array parameter or returned array is `m_axi`
    (`offset=slave`) on a bundle of its own, `gmem0`, `gmem1`, ... (numbered
    in parameter order, skipping bundles already used), a scalar parameter or
    returned scalar is `s_axilite` on the `control` bundle, and so is the
    function's `return` (`fpga.top`). An `m_axi` port given by `interface`
    without a bundle gets one the same way; stream parameters are left to
    Vitis (AXI stream). Ports set by `interface` are kept.

    An `m_axi` parameter that is partitioned, or that pipelined, unrolled
    or parallel code accesses (following calls), is external memory that
    cannot serve such code: as Allo's `wrap_io`, it gets an on-chip copy
    `<name>_local` that takes its type and partition, loaded at entry if
    the function reads it (loops `<name>_in<d>`) and stored back before
    returning if it writes it (`<name>_out<d>`), both pipelined with II=1;
    the parameter itself loses the partition and keeps its C array type.

    Option `top` names the top function; when empty, the function already
    marked top (by `interface`) is used. A pipeline names its top function
    by running this pass, e.g. `- vitis-interfaces: {top: gemm}`.

    Rejects: no top function (no option and none marked), an unknown
    function, a function without a body or called by another function, a
    second top function, a bundle given both to an `m_axi` and to an
    `s_axilite` port, and a returned partitioned array (partition the
    buffer it is copied from instead).
    """

    name = "vitis-interfaces"

    top: str = ""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        fn = self._top(op)
        check_top(fn, "cannot give the top function its interfaces")
        _check_bundles(fn)
        _copy_ports(op, fn)
        ports = [
            *((k, False, t) for k, t in enumerate(fn.function_type.inputs.data)),
            *((k, True, t) for k, t in enumerate(fn.function_type.outputs.data)),
        ]
        used = {
            given.bundle
            for k, result, _ in ports
            if (given := port(fn, k, result)) is not None and given.bundle is not None
        }
        bundles = _fresh_bundles(used)
        for index, result, t in ports:
            given = port(fn, index, result)
            if given is None:
                mode = _default_mode(t)
                if mode is None:
                    continue
                check_port(
                    t,
                    mode,
                    "",
                    f"cannot give {_describe(index, result)} "
                    f"its default interface {mode}",
                    fn,
                )
                bundle = next(bundles) if mode == M_AXI else None
                set_port(fn, index, result, mode, bundle)
            elif given.mode == M_AXI and given.bundle is None:
                set_port(fn, index, result, M_AXI, next(bundles))

    def _top(self, module: ModuleOp) -> func.FuncOp:
        if self.top:
            return find_func(module, self.top)
        marked = [f for f in module.ops if isinstance(f, func.FuncOp) and is_top(f)]
        if not marked:
            raise AlloError(
                "vitis-interfaces: no top function; name it with the option "
                "'top' (vitis-interfaces{top=NAME}) or give one of its "
                "parameters an interface",
                module,
            )
        return marked[0]


def _copy_ports(module: ModuleOp, fn: func.FuncOp) -> None:
    """Give the m_axi parameters that need one an on-chip copy."""
    # in reverse, as each copy goes first: the copies come in parameter order
    for arg in reversed(fn.args):
        given = port(fn, arg.index, False)
        mode = given.mode if given is not None else _default_mode(arg.type)
        if mode != M_AXI:
            continue
        use = port_use(module, arg)
        if needs_copy(arg.type, use):
            copy_port(fn, arg, use)


def _check_bundles(fn: func.FuncOp) -> None:
    """No bundle serves both an m_axi and an s_axilite port."""
    modes: dict[str, tuple[str, str]] = {}
    count = (len(fn.function_type.inputs.data), len(fn.function_type.outputs.data))
    for result, total in ((False, count[0]), (True, count[1])):
        for k in range(total):
            given = port(fn, k, result)
            if given is None:
                continue
            mode, bundle = given.mode, given.bundle
            if bundle is None:
                continue
            seen = modes.setdefault(bundle, (mode, _describe(k, result)))
            if seen[0] != mode:
                raise AlloError(
                    f"vitis-interfaces: conflicting interfaces on bundle "
                    f"'{bundle}': {seen[1]} is {seen[0]} and "
                    f"{_describe(k, result)} is {mode}; give them different "
                    "bundles",
                    fn,
                )


def _default_mode(t: Attribute) -> str | None:
    if isinstance(t, StreamType):
        return None
    return M_AXI if isinstance(t, MemRefType) else S_AXILITE


def _fresh_bundles(used: set[str]) -> Iterator[str]:
    k = 0
    while True:
        name = f"{BUNDLE_PREFIX}{k}"
        if name not in used:
            yield name
        k += 1


def _describe(index: int, result: bool) -> str:
    return f"{'result' if result else 'parameter'} #{index}"
