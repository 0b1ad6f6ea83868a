"""
Memory pragmas of one C array: where the buffer's storage is bound.

The partition pragmas come from the memref type (`hls_types.partition_dims`);
the storage binding is the buffer's `bind_storage` hint (on the alloc or, for
a parameter, in the function's `arg_attrs`).
"""

from __future__ import annotations

from xdsl.ir import SSAValue

from allo_xdsl.analysis.hints import storage


def bind_storage_pragma(variable: str, value: SSAValue) -> str | None:
    """
    `#pragma HLS bind_storage variable=V type=T impl=I` when `value` is
    bound to a memory."""
    bound = storage(value)
    if bound is None:
        return None
    return (
        f"#pragma HLS bind_storage variable={variable} type={bound.kind} "
        f"impl={bound.impl}"
    )
