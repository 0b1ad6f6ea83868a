"""
Interface pragmas of the top function: one per port with an `interface`
hint (in `arg_attrs` or `res_attrs`), and the `return` port of a function
marked top.

    #pragma HLS interface m_axi port=A offset=slave bundle=gmem0
    #pragma HLS interface s_axilite port=n bundle=control
    #pragma HLS interface s_axilite port=return bundle=control
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import func

from allo_xdsl.analysis.hints import is_top, port
from allo_xdsl.dialects.fpga import InterfaceMode

CONTROL_BUNDLE = "control"


def interface_pragmas(
    fn: func.FuncOp, inputs: Sequence[str], outputs: Sequence[str]
) -> list[str]:
    """
    The interface pragmas of `fn`, whose C++ parameters are named
    `inputs` (its parameters) then `outputs` (its results)."""
    pragmas = [
        *_port_pragmas(fn, False, inputs),
        *_port_pragmas(fn, True, outputs),
    ]
    if is_top(fn):
        pragmas.append(
            f"#pragma HLS interface s_axilite port=return bundle={CONTROL_BUNDLE}"
        )
    return pragmas


def _port_pragmas(fn: func.FuncOp, result: bool, names: Sequence[str]) -> list[str]:
    entries = fn.res_attrs if result else fn.arg_attrs
    count = 0 if entries is None else min(len(entries.data), len(names))
    pragmas: list[str] = []
    for index, name in enumerate(names[:count]):
        found = port(fn, index, result)
        if found is None:
            continue
        mode, bundle = found.mode, found.bundle
        if mode == InterfaceMode.M_AXI:
            text = f"#pragma HLS interface m_axi port={name} offset=slave"
            pragmas.append(text + (f" bundle={bundle}" if bundle else ""))
        else:
            pragmas.append(
                f"#pragma HLS interface {mode} port={name} "
                f"bundle={bundle or CONTROL_BUNDLE}"
            )
    return pragmas
