"""
The `circt` target: MLIR that upstream MLIR and CIRCT tools take as is.

The output holds only `builtin`, `func`, `arith`, `math`, `memref`, `cf`,
and `scf`/`affine` depending on `level`:

- `level=affine` (default): loops stay `affine.for` (CIRCT's
  `affine-to-loopschedule` and mlir-opt's `lower-affine` start here);
- `level=scf`: loops are `scf.for` (after `lower-affine-ext`);
- `level=cf`: control flow is `cf` branches (after `convert-scf-to-cf-ext`:
  the input of CIRCT's `lower-cf-to-handshake`).

The target only prints. It declares the builtin pipeline that prepares a
module for it (`circt`, `circt-scf` or `circt-cf` by level: bit ops, fixed
point, streams, returned memrefs, layouts and hints lowered, then the loops
to the level), and `allo-opt` and `allo_xdsl.api` run that pipeline first
whenever the module is not ready. What is still left of the `allo`,
`sched` or `fpga` dialects (an op, a type, an attribute, a hint, a
partition layout), or of a dialect above the level, is an error that names
the pass that removes it.

    allo-opt kernel.mlir --pipeline my.yaml -t circt      # affine level
    allo-opt kernel.mlir -t 'circt{level=cf}'             # cf level
    from allo_xdsl.targets.circt import emit_circt
    text = emit_circt(module, level="scf")                # a prepared module
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

from allo_xdsl.analysis.foreign import FOREIGN_DIALECTS, foreign_attribute
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.dialects.fpga import PartitionAttr, StreamType

LEVELS = ("affine", "scf", "cf")

PIPELINES = {"affine": "circt", "scf": "circt-scf", "cf": "circt-cf"}
"""The builtin pipeline that prepares a module for each level."""

_COMMON = ("builtin", "func", "arith", "math", "memref", "cf")
EXPORT_DIALECTS: dict[str, tuple[str, ...]] = {
    "affine": (*_COMMON, "scf", "affine"),
    "scf": (*_COMMON, "scf"),
    "cf": _COMMON,
}
"""The dialects that the export may hold, per level."""


@dataclass(frozen=True)
class CirctTarget(Target):
    """
    Print the module as CIRCT-compatible MLIR at `level` (affine, scf or
    cf); see the module docstring."""

    name = "circt"

    level: str = "affine"

    def __post_init__(self) -> None:
        check_level(self.level)

    @property
    def pipeline(self) -> str:
        """The builtin pipeline that prepares a module for this target."""
        return PIPELINES[self.level]

    def accepts(self, module: ModuleOp) -> bool:
        """Whether `module` is ready to print (else run `pipeline` first)."""
        return exportable(module, self.level)

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        output.write(emit_circt(module, self.level))


def emit_circt(module: ModuleOp, level: str = "affine") -> str:
    """
    The text of `module`, checked to hold only what the export at `level`
    may hold."""
    check_level(level)
    # The affine level's checks first: they name the pass that is missing.
    check_export(module, "affine")
    check_export(module, level)
    out = StringIO()
    Printer(out).print_op(module)
    return out.getvalue() + "\n"


def check_level(level: str) -> None:
    if level not in LEVELS:
        raise AlloError(
            f"circt target: unknown level '{level}'; expected one of: "
            + ", ".join(LEVELS)
        )


def exportable(module: ModuleOp, level: str) -> bool:
    """Whether `module` holds only what the export at `level` may hold."""
    try:
        check_export(module, level)
    except AlloError:
        return False
    return True


def check_export(module: ModuleOp, level: str) -> None:
    """
    Raise a located `AlloError` on the first op of `module` that the
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
        if name.startswith(FOREIGN_DIALECTS):
            raise AlloError(
                f"attribute '{name}' on '{op.name}' reaches the circt export "
                f"({_run('hints-to-attributes')})",
                op,
            )
    for attr in _attributes_of(op):
        if (foreign := foreign_attribute(attr)) is not None:
            raise AlloError(_foreign_message(op, foreign), op)


def _attribute_names(op: Operation) -> list[str]:
    """
    Discardable attribute names of `op`, and of its arguments and
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


def _foreign_message(op: Operation, foreign: Attribute) -> str:
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
