"""
The `hints-to-attributes` pass: `fpga.*` hints become `hls.*` attributes
that upstream MLIR tools keep and ignore."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)

from allo_xdsl.analysis.foreign import foreign_attribute
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import FPGA_ATTRIBUTES, HINT_PREFIX, hls_name


@dataclass(frozen=True)
class HintsToAttributesPass(ModulePass):
    """
    Rename every `fpga.*` hint to `hls.*`, keeping its value: on ops (loops,
    functions, allocs) and in function argument and result attributes.

    | fpga hint | hls attribute | on | value |
    |---|---|---|---|
    | `fpga.pipeline_ii` | `hls.pipeline_ii` | loop | i64 >= 1 |
    | `fpga.rewind` | `hls.rewind` | loop | unit |
    | `fpga.unroll` | `hls.unroll` | loop | i64, 0 = fully |
    | `fpga.parallel` | `hls.parallel` | loop | unit |
    | `fpga.dataflow` | `hls.dataflow` | function or loop | unit |
    | `fpga.inline` | `hls.inline` | function | unit |
    | `fpga.bind_storage` | `hls.bind_storage` | alloc, argument | `{impl, type}` |

    Any hint added later to `fpga.FPGA_ATTRIBUTES` is renamed the same way.
    The `hls` prefix names no dialect, so MLIR tools carry the attributes
    through as discardable ones. No options. Rejects an `fpga.*` attribute
    that is not a known hint, and a hint whose value is an attribute of the
    `allo`, `sched` or `fpga` dialect (no upstream tool could read it).
    """

    name = "hints-to-attributes"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        # The walker visits the ops inside the module, not the module itself.
        rename_hints(op)
        PatternRewriteWalker(RenameHints(), apply_recursively=False).rewrite_module(op)


class RenameHints(RewritePattern):
    """
    The `fpga.*` hints of one op (and of a function's parameters and
    results) renamed `hls.*`: a local rewrite of the op's attributes."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if rename_hints(op):
            rewriter.notify_op_modified(op)


def rename_hints(op: Operation) -> bool:
    """Rename the hints of `op`; whether there were any."""
    changed = False
    renamed = _renamed(op.attributes, op)
    if renamed is not None:
        op.attributes = renamed
        changed = True
    if isinstance(op, func.FuncOp):
        for key in ("arg_attrs", "res_attrs"):
            entries = _renamed_array(getattr(op, key), op)
            if entries is not None:
                setattr(op, key, entries)
                changed = True
    return changed


def _renamed(attrs: dict[str, Attribute], op: Operation) -> dict[str, Attribute] | None:
    if not any(name.startswith(HINT_PREFIX) for name in attrs):
        return None
    out: dict[str, Attribute] = {}
    for name, value in attrs.items():
        if not name.startswith(HINT_PREFIX):
            out[name] = value
            continue
        if name not in FPGA_ATTRIBUTES:
            raise AlloError(
                f"unknown hint '{name}' on '{op.name}'; known fpga hints: "
                + ", ".join(sorted(FPGA_ATTRIBUTES)),
                op,
            )
        if (foreign := foreign_attribute(value)) is not None:
            raise AlloError(
                f"hint '{name}' on '{op.name}' holds {foreign}, which has no "
                "upstream MLIR form",
                op,
            )
        out[hls_name(name)] = value
    return out


def _renamed_array(
    attrs: ArrayAttr[DictionaryAttr] | None, op: Operation
) -> ArrayAttr[DictionaryAttr] | None:
    """`attrs` with its hints renamed, or None when none is."""
    if attrs is None:
        return None
    renamed = [_renamed(dict(entry.data), op) for entry in attrs]
    if all(r is None for r in renamed):
        return None
    return ArrayAttr(
        entry if r is None else DictionaryAttr(r)
        for entry, r in zip(attrs, renamed, strict=True)
    )
