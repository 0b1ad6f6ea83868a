"""Name-based lookup of functions, loops and buffers, shared by all passes.

Names follow Allo's: a loop is found by its `loop_name`; where a function has
several loops of that name, `band:loop` picks the one in the nest whose
outermost loop has `op_name` `band`. A buffer is a function argument (by the
SSA name it had in the input) or an alloc (by its `name` attribute or SSA
name). A failed lookup is an `AlloError` that lists the names that exist.
"""

from __future__ import annotations

from collections.abc import Iterator

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import MemRefType, ModuleOp, StringAttr
from xdsl.ir import Operation, SSAValue

from allo_xdsl.diagnostics import AlloError, did_you_mean

LOOP_NAME = "loop_name"
BAND_NAME = "op_name"


def find_func(module: ModuleOp, name: str) -> func.FuncOp:
    """The top-level function `name` of `module`."""
    for op in module.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == name:
            return op
    funcs = (f.sym_name.data for f in module.ops if isinstance(f, func.FuncOp))
    raise AlloError(did_you_mean("function", name, funcs), module)


def loop_name(loop: affine.ForOp) -> str | None:
    attr = loop.attributes.get(LOOP_NAME)
    return attr.data if isinstance(attr, StringAttr) else None


def band_name(loop: affine.ForOp) -> str | None:
    """The `op_name` of the outermost affine loop enclosing `loop` (or itself)."""
    outer = outermost_loop(loop)
    attr = outer.attributes.get(BAND_NAME)
    return attr.data if isinstance(attr, StringAttr) else None


def outermost_loop(loop: affine.ForOp) -> affine.ForOp:
    outer = loop
    parent = loop.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        if isinstance(parent, affine.ForOp):
            outer = parent
        parent = parent.parent_op()
    return outer


def loops_of(op: Operation) -> Iterator[affine.ForOp]:
    """All affine loops nested in `op`, outer before inner."""
    for inner in op.walk():
        if isinstance(inner, affine.ForOp):
            yield inner


def qualified_loop_names(fn: func.FuncOp) -> list[str]:
    """`band:loop` for every loop of `fn`, for error messages."""
    names: list[str] = []
    for loop in loops_of(fn):
        name = loop_name(loop) or "?"
        band = band_name(loop)
        names.append(f"{band}:{name}" if band else name)
    return names


def find_loop(fn: func.FuncOp, name: str) -> affine.ForOp:
    """The unique loop named `name` (`loop` or `band:loop`) in `fn`."""
    band, _, loop = name.rpartition(":")
    matches = [
        candidate
        for candidate in loops_of(fn)
        if loop_name(candidate) == loop and (not band or band_name(candidate) == band)
    ]
    if not matches:
        raise AlloError(
            f"in function '{fn.sym_name.data}': "
            + did_you_mean("loop", name, qualified_loop_names(fn)),
            fn,
        )
    if len(matches) > 1:
        bands = sorted({f"{band_name(m)}:{loop}" for m in matches})
        raise AlloError(
            f"in function '{fn.sym_name.data}': loop name '{name}' is ambiguous; "
            f"write one of: {', '.join(bands)}",
            fn,
        )
    return matches[0]


def value_name(value: SSAValue) -> str | None:
    """The name a buffer is known by: an alloc's `name` attribute, else its SSA
    name hint."""
    owner = value.owner
    if isinstance(owner, Operation):
        attr = owner.attributes.get("name")
        if isinstance(attr, StringAttr):
            return attr.data
    return value.name_hint


def buffers_of(fn: func.FuncOp) -> dict[str, SSAValue]:
    """Every nameable buffer of `fn`: arguments, then allocs,
    `memref.get_global`s, streams (`fpga.stream_create`, which `to` makes
    of an alloc) and memrefs returned by calls, in program order."""
    found: dict[str, SSAValue] = {}
    for arg in fn.args:
        if arg.name_hint:
            found.setdefault(arg.name_hint, arg)
    for op in fn.walk():
        if isinstance(op, memref.AllocOp | memref.AllocaOp | memref.GetGlobalOp):
            name = value_name(op.memref)
            if name:
                found.setdefault(name, op.memref)
        elif op.name == "fpga.stream_create":
            name = value_name(op.results[0])
            if name:
                found.setdefault(name, op.results[0])
        elif isinstance(op, func.CallOp):
            # a buffer a callee returns, named in the caller
            for result in op.res:
                if isinstance(result.type, MemRefType) and result.name_hint:
                    found.setdefault(result.name_hint, result)
    return found


def find_buffer(fn: func.FuncOp, name: str) -> SSAValue:
    buffers = buffers_of(fn)
    if name not in buffers:
        raise AlloError(
            f"in function '{fn.sym_name.data}': "
            + did_you_mean("buffer", name, buffers),
            fn,
        )
    return buffers[name]
