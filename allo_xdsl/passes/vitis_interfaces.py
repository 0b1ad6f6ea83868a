"""Vitis kernel interfaces on the top function, where none is given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import TOP, StreamType
from allo_xdsl.passes.top_interface import (
    M_AXI,
    S_AXILITE,
    check_port,
    check_top,
    port,
    set_port,
)

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

    Option `top` names the top function; when empty, the function already
    marked top (by `interface`) is used. A pipeline names its top function
    by running this pass, e.g. `- vitis-interfaces: {top: gemm}`.

    Rejects: no top function (no option and none marked), an unknown
    function, a function without a body or called by another function, and
    a second top function.
    """

    name = "vitis-interfaces"

    top: str = ""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        fn = self._top(op)
        check_top(fn, "cannot give the top function its interfaces")
        ports = [
            *((k, False, t) for k, t in enumerate(fn.function_type.inputs.data)),
            *((k, True, t) for k, t in enumerate(fn.function_type.outputs.data)),
        ]
        used = {
            given[1]
            for k, result, _ in ports
            if (given := port(fn, k, result)) is not None and given[1] is not None
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
            elif given[0] == M_AXI and given[1] is None:
                set_port(fn, index, result, M_AXI, next(bundles))

    def _top(self, module: ModuleOp) -> func.FuncOp:
        if self.top:
            return find_func(module, self.top)
        marked = [
            f for f in module.ops if isinstance(f, func.FuncOp) and TOP in f.attributes
        ]
        if not marked:
            raise AlloError(
                "vitis-interfaces: no top function; name it with the option "
                "'top' (vitis-interfaces{top=NAME}) or give one of its "
                "parameters an interface",
                module,
            )
        return marked[0]


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
