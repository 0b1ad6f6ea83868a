"""
Name-based lookup of functions, loops and buffers, shared by all passes.

Names follow Allo's: a loop is found by its `loop_name`; where a function has
several loops of that name, `band:loop` picks the one in the nest whose
outermost loop has `op_name` `band`; loops of one band that share a name are
`i#0`, `i#1` (name-loops). A buffer is a function argument or an alloc (by
its `name` attribute, else its SSA name as the input spells it and the
printed IR shows it). A failed lookup is an `AlloError` that lists the names
that exist, located at the band searched when one is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import MemRefType, ModuleOp, StringAttr
from xdsl.ir import Operation, SSAValue

from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.ssa_names import printed_names

_OCCURRENCE = re.compile(r"(.+)#[0-9]+")

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
    return [qualified_loop_name(loop) for loop in loops_of(fn)]


def qualified_loop_name(loop: affine.ForOp) -> str:
    name = loop_name(loop) or "?"
    band = band_name(loop)
    return f"{band}:{name}" if band else name


def bands_of(fn: func.FuncOp) -> dict[str, list[affine.ForOp]]:
    """The outermost loops of `fn` by band name, in program order."""
    found: dict[str, list[affine.ForOp]] = {}
    for loop in loops_of(fn):
        band = loop.attributes.get(BAND_NAME)
        if outermost_loop(loop) is loop and isinstance(band, StringAttr):
            found.setdefault(band.data, []).append(loop)
    return found


def find_loop(fn: func.FuncOp, name: str) -> affine.ForOp:
    """
    The unique loop named `name` (`loop` or `band:loop`) in `fn`.

    A name that several loops share is ambiguous; so is `i` when the loops
    are `i#0`, `i#1` (the names name-loops gives loops of one band that
    share a name). The error lists names that each resolve to one loop. A
    missing loop of a named band is reported at the band."""
    band, _, loop = name.rpartition(":")
    where = f"in function '{fn.sym_name.data}'"
    scope: Operation = fn
    if band:
        bands = bands_of(fn)
        outers = bands.get(band, [])
        if len(outers) != 1:
            raise AlloError(
                f"{where}: "
                + did_you_mean("loop", name, qualified_loop_names(fn))
                + _band_note(band, bands),
                outers[1] if outers else fn,
            )
        scope = outers[0]
    loops = list(loops_of(scope))
    matches = [x for x in loops if loop_name(x) == loop]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        matches = [x for x in loops if _without_occurrence(loop_name(x)) == loop]
    if not matches:
        # At the band that was searched, when one is named.
        message = did_you_mean("loop", name, qualified_loop_names(fn))
        raise AlloError(f"{where}: {message}", scope)
    names = sorted({_loop_handle(fn, x, bool(band)) for x in matches})
    if len(matches) == 1:  # `i` when only `i#1` is left: no guessing
        raise AlloError(
            f"{where}: unknown loop '{name}'; did you mean {names[0]}?", scope
        )
    note = ""
    if len(names) < len(matches):
        note = " (some loops share a band and a name; name-loops tells them apart)"
    raise AlloError(
        f"{where}: loop name '{name}' is ambiguous; write one of: "
        + ", ".join(names)
        + note,
        scope,
    )


def _without_occurrence(name: str | None) -> str | None:
    """`i` for `i#1` (see name-loops)."""
    match = _OCCURRENCE.fullmatch(name or "")
    return match[1] if match else name


def _band_note(band: str, bands: dict[str, list[affine.ForOp]]) -> str:
    if band in bands:
        count = len(bands[band])
        return f" ({count} loop nests are named '{band}'; name-loops tells them apart)"
    return f" (no band '{band}'; bands: {', '.join(bands) or '(none)'})"


def _loop_handle(fn: func.FuncOp, loop: affine.ForOp, qualified: bool) -> str:
    """
    The shortest name of `loop` that resolves to it alone: its loop name,
    else `band:loop` (always with `qualified`)."""
    name = loop_name(loop) or "?"
    if not qualified and sum(loop_name(x) == name for x in loops_of(fn)) == 1:
        return name
    return qualified_loop_name(loop)


def value_name(value: SSAValue) -> str | None:
    """
    The name a buffer is known by: an alloc's `name` attribute, else its SSA
    name hint."""
    owner = value.owner
    if isinstance(owner, Operation):
        attr = owner.attributes.get("name")
        if isinstance(attr, StringAttr):
            return attr.data
    return value.name_hint


def buffers_of(fn: func.FuncOp) -> dict[str, SSAValue]:
    """
    Every nameable buffer of `fn`: arguments, then allocs,
    `memref.get_global`s, streams (`fpga.stream_create`, which `to` makes
    of an alloc) and memrefs returned by calls, in program order. A buffer
    is named by its `name` attribute, else as the printed IR names it (the
    input's spelling; a second value hinted `t` prints as `t_1`). Where two
    buffers have one name, the first is listed."""
    return {name: values[0] for name, values in _buffer_candidates(fn).items()}


def _buffer_candidates(fn: func.FuncOp) -> dict[str, list[SSAValue]]:
    printed = printed_names(fn)
    found: dict[str, list[SSAValue]] = {}

    def add(value: SSAValue) -> None:
        owner = value.owner
        attr = owner.attributes.get("name") if isinstance(owner, Operation) else None
        name = attr.data if isinstance(attr, StringAttr) else printed.get(value)
        if name:
            found.setdefault(name, []).append(value)

    for arg in fn.args:
        add(arg)
    for op in fn.walk():
        if isinstance(op, memref.AllocOp | memref.AllocaOp | memref.GetGlobalOp):
            add(op.memref)
        elif op.name == "fpga.stream_create":
            add(op.results[0])
        elif isinstance(op, func.CallOp):
            # a buffer a callee returns, named in the caller
            for result in op.res:
                if isinstance(result.type, MemRefType):
                    add(result)
    return found


def find_buffer(fn: func.FuncOp, name: str) -> SSAValue:
    """
    The buffer named `name` in `fn` (see `buffers_of`); a name that two
    buffers share (a `name` attribute given twice) is an error."""
    buffers = _buffer_candidates(fn)
    if name not in buffers:
        raise AlloError(
            f"in function '{fn.sym_name.data}': "
            + did_you_mean("buffer", name, buffers),
            fn,
        )
    values = buffers[name]
    if len(values) > 1:
        raise AlloError(
            f"in function '{fn.sym_name.data}': buffer name '{name}' is ambiguous: "
            f"{len(values)} buffers are named so; give them distinct names",
            _defining_op(values[1]) or fn,
        )
    return values[0]


def _defining_op(value: SSAValue) -> Operation | None:
    owner = value.owner
    return owner if isinstance(owner, Operation) else None
