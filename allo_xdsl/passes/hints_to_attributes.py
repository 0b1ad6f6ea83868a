"""The `hints-to-attributes` pass: `fpga.*` hints become `hls.*` attributes
that upstream MLIR tools keep and ignore."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass

from allo_xdsl.analysis.foreign import foreign_attribute
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import FPGA_ATTRIBUTES


def hls_name(name: str) -> str:
    """`fpga.pipeline_ii` -> `hls.pipeline_ii`."""
    return "hls." + name.removeprefix("fpga.")


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
        for inner in op.walk():
            renamed = _renamed(inner.attributes, inner)
            if renamed is not None:
                inner.attributes = renamed
            if isinstance(inner, func.FuncOp):
                inner.arg_attrs = _renamed_array(inner.arg_attrs, inner)
                inner.res_attrs = _renamed_array(inner.res_attrs, inner)


def _renamed(attrs: dict[str, Attribute], op: Operation) -> dict[str, Attribute] | None:
    if not any(name.startswith("fpga.") for name in attrs):
        return None
    out: dict[str, Attribute] = {}
    for name, value in attrs.items():
        if not name.startswith("fpga."):
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
    if attrs is None:
        return None
    entries: list[DictionaryAttr] = []
    for entry in attrs:
        renamed = _renamed(dict(entry.data), op)
        entries.append(entry if renamed is None else DictionaryAttr(renamed))
    return ArrayAttr(entries)
