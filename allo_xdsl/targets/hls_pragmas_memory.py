"""Memory pragmas of one C array: where the buffer's storage is bound.

The partition pragmas come from the memref type (`hls_types.partition_dims`);
the storage binding comes from the `fpga.bind_storage` attribute of the alloc
or, for a parameter, from the function's `arg_attrs`.
"""

from __future__ import annotations

from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import BIND_STORAGE, storage_binding


def storage_attribute(value: SSAValue) -> tuple[Attribute, Operation] | None:
    """The `fpga.bind_storage` attribute of a buffer, with the op holding it."""
    if isinstance(value, BlockArgument):
        fn = value.block.parent_op()
        if not isinstance(fn, func.FuncOp) or value.block is not fn.body.blocks.first:
            return None
        arg_attrs = fn.arg_attrs
        if not isinstance(arg_attrs, ArrayAttr) or value.index >= len(arg_attrs):
            return None
        entry = arg_attrs.data[value.index]
        if not isinstance(entry, DictionaryAttr) or BIND_STORAGE not in entry.data:
            return None
        return entry.data[BIND_STORAGE], fn
    owner = value.owner
    assert isinstance(owner, Operation)
    attr = owner.attributes.get(BIND_STORAGE)
    return None if attr is None else (attr, owner)


def bind_storage_pragma(variable: str, value: SSAValue) -> str | None:
    """`#pragma HLS bind_storage variable=V type=T impl=I` when `value` is
    bound to a memory."""
    found = storage_attribute(value)
    if found is None:
        return None
    attr, holder = found
    binding = storage_binding(attr)
    if binding is None:
        raise AlloError(f"hls-cpp: malformed '{BIND_STORAGE}' attribute {attr}", holder)
    impl, kind = binding
    return f"#pragma HLS bind_storage variable={variable} type={kind} impl={impl}"
