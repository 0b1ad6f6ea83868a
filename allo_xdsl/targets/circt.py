"""The `circt` target: MLIR that upstream MLIR and CIRCT tools take as is.

The output holds only `builtin`, `func`, `arith`, `math`, `memref`, `cf`,
and `scf`/`affine` depending on `level`:

- `level=affine` (default): loops stay `affine.for` (CIRCT's
  `affine-to-loopschedule` and mlir-opt's `lower-affine` start here);
- `level=scf`: `lower-affine-ext` first, so loops are `scf.for`;
- `level=cf`: then `convert-scf-to-cf-ext`, so control flow is `cf`
  branches (the input of CIRCT's `lower-cf-to-handshake`).

The module must already be free of everything else: the `circt` builtin
pipeline (`lower-bit-ops`, `lower-fixed-point`, `lower-streams`,
`returned-memrefs-to-args`, `strip-layouts`, `hints-to-attributes`)
prepares it. Anything of the `allo`, `sched` or
`fpga` dialects that is left (an op, a type, an attribute, a hint, a
partition layout) is an error that names the pass that removes it.

    allo-opt kernel.mlir --pipeline circt            # affine level
    allo-opt kernel.mlir --pipeline circt-cf         # cf level
    from allo_xdsl.targets.circt import emit_circt
    text = emit_circt(module, level="scf")
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from typing import IO, cast

from xdsl.context import Context
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp
from xdsl.ir import Attribute, Operation
from xdsl.printer import Printer
from xdsl.utils.target import Target

from allo_xdsl.diagnostics import AlloError

LEVELS = ("affine", "scf", "cf")

_COMMON = ("builtin", "func", "arith", "math", "memref", "cf")
EXPORT_DIALECTS: dict[str, tuple[str, ...]] = {
    "affine": (*_COMMON, "scf", "affine"),
    "scf": (*_COMMON, "scf"),
    "cf": _COMMON,
}
"""The dialects that the export may hold, per level."""

FOREIGN_PREFIXES = ("allo.", "sched.", "fpga.")


@dataclass(frozen=True)
class CirctTarget(Target):
    """Print the module as CIRCT-compatible MLIR at `level` (affine, scf or
    cf); see the module docstring."""

    name = "circt"

    level: str = "affine"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        output.write(emit_circt(module, self.level))


def emit_circt(module: ModuleOp, level: str = "affine") -> str:
    """The export of `module` at `level`; `module` itself is not changed."""
    exported = export_module(module, level)
    out = StringIO()
    Printer(out).print_op(exported)
    return out.getvalue() + "\n"


def export_module(module: ModuleOp, level: str = "affine") -> ModuleOp:
    """A copy of `module` lowered to `level` and checked to hold only what
    the export may hold."""
    if level not in LEVELS:
        raise AlloError(
            f"circt target: unknown level '{level}'; expected one of: "
            + ", ".join(LEVELS)
        )
    check_export(module, "affine")
    exported = module.clone()
    lower_to_level(exported, level)
    check_export(exported, level)
    return exported


def lower_to_level(module: ModuleOp, level: str) -> None:
    """Lower `module` in place from affine to `level`."""
    from allo_xdsl.context import make_context
    from allo_xdsl.passes.convert_scf_to_cf_ext import ConvertScfToCfExtPass
    from allo_xdsl.passes.lower_affine_ext import LowerAffineExtPass

    ctx = make_context()
    if level in ("scf", "cf"):
        LowerAffineExtPass().apply(ctx, module)
    if level == "cf":
        ConvertScfToCfExtPass().apply(ctx, module)


def check_export(module: ModuleOp, level: str) -> None:
    """Raise a located `AlloError` on the first op of `module` that the
    export at `level` may not hold."""
    allowed = EXPORT_DIALECTS[level]
    for op in module.walk():
        _check_op(op, allowed, level)


def _check_op(op: Operation, allowed: tuple[str, ...], level: str) -> None:
    dialect = op.dialect_name()
    if dialect == "sched":
        raise AlloError(
            f"'{op.name}' is left in the circt export: schedules must be applied "
            f"first ({_run('apply-schedules')})",
            op,
        )
    if dialect == "fpga" and op.name.startswith("fpga.stream"):
        raise AlloError(
            f"'{op.name}' reaches the circt export: streams must first become "
            f"buffers ({_run('lower-streams')})",
            op,
        )
    if dialect in ("allo", "fpga"):
        raise AlloError(
            f"'{op.name}' reaches the circt export: it must be lowered to "
            f"upstream ops first ({_run('lower-fixed-point')}, "
            f"{_run('lower-bit-ops')})",
            op,
        )
    if dialect not in allowed:
        raise AlloError(
            f"'{op.name}' is outside the dialects of the circt export at level "
            f"'{level}' ({', '.join(allowed)})",
            op,
        )
    for name in _attribute_names(op):
        if name.startswith(FOREIGN_PREFIXES):
            raise AlloError(
                f"attribute '{name}' on '{op.name}' reaches the circt export "
                f"({_run('hints-to-attributes')})",
                op,
            )
    for attr in _attributes_of(op):
        if (foreign := _foreign(attr)) is not None:
            raise AlloError(_foreign_message(op, foreign), op)


def _attribute_names(op: Operation) -> list[str]:
    """Discardable attribute names of `op`, and of its arguments and
    results (`arg_attrs`/`res_attrs` of a function)."""
    names = list(op.attributes)
    for key in ("arg_attrs", "res_attrs"):
        entries = op.properties.get(key)
        if isinstance(entries, ArrayAttr):
            for entry in cast(ArrayAttr[Attribute], entries):
                if isinstance(entry, DictionaryAttr):
                    names += entry.data
    return names


def _attributes_of(op: Operation) -> list[Attribute]:
    attrs: list[Attribute] = [*op.result_types]
    for region in op.regions:
        for block in region.blocks:
            attrs += block.arg_types
    attrs += op.properties.values()
    attrs += op.attributes.values()
    return attrs


def _foreign(attr: Attribute) -> Attribute | None:
    from allo_xdsl.passes.hints_to_attributes import foreign_attribute

    return foreign_attribute(attr)


def _foreign_message(op: Operation, foreign: Attribute) -> str:
    from allo_xdsl.dialects.allo import FixedPointType
    from allo_xdsl.dialects.fpga import PartitionAttr, StreamType

    where = f"'{op.name}'"
    if isinstance(foreign, FixedPointType):
        return (
            f"fixed-point type {foreign} in {where} reaches the circt export: "
            f"fixed point must first be lowered to integers "
            f"({_run('lower-fixed-point')})"
        )
    if isinstance(foreign, StreamType):
        return (
            f"stream type {foreign} in {where} reaches the circt export: streams "
            f"must first become buffers ({_run('lower-streams')})"
        )
    if isinstance(foreign, PartitionAttr):
        return (
            f"partition layout {foreign} in {where} reaches the circt export "
            f"({_run('strip-layouts')})"
        )
    return f"{foreign} in {where} has no upstream MLIR form"


def _run(pass_name: str) -> str:
    """How to get `pass_name` run."""
    return f"run the '{pass_name}' pass; the circt pipeline does"
