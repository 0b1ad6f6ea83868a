"""Interface pragmas of the top function: one per port with an
`fpga.interface` (in `arg_attrs` or `res_attrs`), and the `return` port of a
function marked `fpga.top`.

    #pragma HLS interface m_axi port=A offset=slave bundle=gmem0
    #pragma HLS interface s_axilite port=n bundle=control
    #pragma HLS interface s_axilite port=return bundle=control
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import INTERFACE, TOP, interface_port

CONTROL_BUNDLE = "control"


def interface_pragmas(
    fn: func.FuncOp, inputs: Sequence[str], outputs: Sequence[str]
) -> list[str]:
    """The interface pragmas of `fn`, whose C++ parameters are named
    `inputs` (its parameters) then `outputs` (its results)."""
    pragmas = [
        *_port_pragmas(fn, fn.arg_attrs, inputs),
        *_port_pragmas(fn, fn.res_attrs, outputs),
    ]
    if TOP in fn.attributes:
        pragmas.append(
            f"#pragma HLS interface s_axilite port=return bundle={CONTROL_BUNDLE}"
        )
    return pragmas


def _port_pragmas(
    fn: func.FuncOp, entries: ArrayAttr[DictionaryAttr] | None, names: Sequence[str]
) -> list[str]:
    if entries is None:
        return []
    pragmas: list[str] = []
    for entry, name in zip(entries.data, names, strict=False):
        attr = entry.data.get(INTERFACE)
        if attr is None:
            continue
        found = interface_port(attr)
        if found is None:
            raise AlloError(f"hls-cpp: malformed '{INTERFACE}' attribute {attr}", fn)
        mode, bundle = found
        if mode == "m_axi":
            text = f"#pragma HLS interface m_axi port={name} offset=slave"
            pragmas.append(text + (f" bundle={bundle}" if bundle else ""))
        else:
            pragmas.append(
                f"#pragma HLS interface {mode} port={name} "
                f"bundle={bundle or CONTROL_BUNDLE}"
            )
    return pragmas
