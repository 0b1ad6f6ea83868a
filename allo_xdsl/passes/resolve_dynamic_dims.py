"""
The `resolve-dynamic-dims` pass: dynamic dimensions of memref arguments
become the static extents that the loops bound, or that the user states."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, arith, func, memref
from xdsl.dialects.builtin import DYNAMIC_INDEX, IntegerAttr, MemRefType, ModuleOp
from xdsl.ir import BlockArgument, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from allo_xdsl.analysis.affine_forms import (
    LinearForm,
    form_range,
    map_forms,
    value_form,
)
from allo_xdsl.analysis.loops import induction_var
from allo_xdsl.diagnostics import AlloError

Range = tuple[int, int]


@dataclass(frozen=True)
class ResolveDynamicDimsPass(ModulePass):
    """
    Give each dynamic dimension of a memref argument (Polygeist's
    `memref<?x1200xf64>`) a static extent: the one `sizes` states for it,
    else one past the largest index that the function's accesses reach,
    computed from the bounds of the enclosing loops (a kernel that loops
    `i` from 0 to 1000 over `A[i][j]` gets `memref<1000x1200xf64>`). The
    function type, `memref.dim` of the dimension, and `memref.cast`s at
    call sites follow.

    Options:
    - `sizes`: `"BUFFER=EXTENTS,..."`, `BUFFER` an argument name (`arg5`)
      or `FUNC:BUFFER`, `EXTENTS` the extents of its dynamic dimensions
      (`1000` or `1000x20`), e.g. `sizes="A=1000,kernel_gemm:B=32x8"`;
    - `strict` (default true): a dimension left dynamic is an error; the
      input preparation runs the pass with `strict=false` and leaves such
      a dimension for the targets to reject.

    Rejects (when strict) a dynamic dimension that nothing bounds: an access
    whose subscript has no constant range, a use other than an affine or
    memref load or store, `memref.dim` or a call; and a function whose
    callers pass something other than a `memref.cast` of the static type.
    The error names the function, the argument and the dimension.
    """

    name = "resolve-dynamic-dims"

    sizes: str = ""
    strict: bool = True

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        stated = _parse_sizes(self.sizes)
        for fn in [o for o in op.walk() if isinstance(o, func.FuncOp)]:
            if fn.is_declaration:
                continue
            ranges = _loop_ranges(fn)
            for arg in list(fn.args):
                t = arg.type
                if not isinstance(t, MemRefType) or DYNAMIC_INDEX not in t.get_shape():
                    continue
                name = arg.name_hint or f"arg{arg.index}"
                extents = stated.get(f"{fn.sym_name.data}:{name}") or stated.get(name)
                shape = _resolved_shape(fn, arg, t, extents, ranges, self.strict)
                if shape is None:
                    continue
                new = MemRefType(t.element_type, shape, t.layout, t.memory_space)
                call = _retype(op, fn, arg, new)
                if call is not None and self.strict:
                    raise AlloError(
                        f"resolve-dynamic-dims: cannot give argument '{name}' of "
                        f"'{fn.sym_name.data}' the type {new}: this call passes "
                        "something other than a memref.cast of that type",
                        call,
                    )


def _parse_sizes(text: str) -> dict[str, list[int]]:
    sizes: dict[str, list[int]] = {}
    for item in filter(None, (s.strip() for s in text.split(","))):
        name, _, value = item.partition("=")
        try:
            extents = [int(v) for v in value.split("x")]
        except ValueError:
            extents = []
        if not name or not extents or min(extents) < 1:
            raise AlloError(
                f"resolve-dynamic-dims: bad size '{item}' (expected "
                "BUFFER=N or FUNC:BUFFER=NxM)"
            )
        sizes[name.strip()] = extents
    return sizes


def _loop_ranges(fn: func.FuncOp) -> dict[SSAValue, Range]:
    """
    The range of each loop variable whose bounds have a constant range
    (a triangular `j < i` takes the range of `i`)."""
    ranges: dict[SSAValue, Range] = {}
    for op in fn.walk():
        if not isinstance(op, affine.ForOp):
            continue
        lows = [
            _range(f, ranges)
            for f in map_forms(op.lowerBoundMap.data, op.lowerBoundOperands)
        ]
        highs = [
            _range(f, ranges)
            for f in map_forms(op.upperBoundMap.data, op.upperBoundOperands)
        ]
        if any(r is None for r in lows + highs) or not lows or not highs:
            continue
        low = max(r[0] for r in lows if r is not None)
        high = min(r[1] for r in highs if r is not None) - 1
        if high >= low:
            ranges[induction_var(op)] = (low, high)
    return ranges


def _range(form: LinearForm | None, ranges: dict[SSAValue, Range]) -> Range | None:
    return None if form is None else form_range(form, ranges)


def _resolved_shape(
    fn: func.FuncOp,
    arg: BlockArgument,
    t: MemRefType,
    extents: list[int] | None,
    ranges: dict[SSAValue, Range],
    strict: bool,
) -> list[int] | None:
    shape = list(t.get_shape())
    dynamic = [k for k, d in enumerate(shape) if d == DYNAMIC_INDEX]
    name = arg.name_hint or f"arg{arg.index}"
    where = f"argument '{name}' of '{fn.sym_name.data}' ({t})"
    if extents is not None:
        if len(extents) != len(dynamic):
            raise AlloError(
                f"resolve-dynamic-dims: {len(extents)} sizes given for {where}, "
                f"which has {len(dynamic)} dynamic dimensions",
                fn,
            )
        for k, extent in zip(dynamic, extents, strict=True):
            shape[k] = extent
        return shape
    highest: dict[int, int] = {k: -1 for k in dynamic}
    for use in arg.uses:
        subscripts = _subscripts(use.operation, use.index)
        if subscripts is None:
            continue
        for k in dynamic:
            r = _range(subscripts[k], ranges) if subscripts else None
            if r is None:
                return _unresolved(fn, where, k, use.operation, strict)
            highest[k] = max(highest[k], r[1])
    for k in dynamic:
        if highest[k] < 0:
            return _unresolved(fn, where, k, fn, strict)
        shape[k] = highest[k] + 1
    return shape


def _subscripts(op: Operation, operand: int) -> list[LinearForm | None] | None:
    """
    The forms of the subscripts of an access of operand `operand`; None
    for uses that need no extent (`memref.dim`, calls); an empty list for
    uses that cannot be bounded."""
    if (
        isinstance(op, affine.LoadOp | affine.StoreOp)
        and op.memref is op.operands[operand]
    ):
        return list(map_forms(op.map.data, op.indices))
    if (
        isinstance(op, memref.LoadOp | memref.StoreOp)
        and op.memref is op.operands[operand]
    ):
        return [value_form(i) for i in op.indices]
    if isinstance(op, memref.DimOp | func.CallOp):
        return None
    return []


def _unresolved(
    fn: func.FuncOp, where: str, dim: int, at: Operation, strict: bool
) -> None:
    if strict:
        raise AlloError(
            f"resolve-dynamic-dims: nothing bounds dimension {dim} of {where}; "
            'state its size with the option sizes="NAME=N"',
            at,
        )
    return None


def _retype(
    module: ModuleOp, fn: func.FuncOp, arg: BlockArgument, t: MemRefType
) -> func.CallOp | None:
    """
    Give `arg` type `t`, bypassing the casts its callers pass; the first
    call that passes anything else, with nothing changed."""
    callers = [
        o
        for o in module.walk()
        if isinstance(o, func.CallOp) and o.callee.root_reference == fn.sym_name
    ]
    sources: list[tuple[func.CallOp, SSAValue]] = []
    for call in callers:
        passed = call.arguments[arg.index]
        owner = passed.owner
        if not (isinstance(owner, memref.CastOp) and owner.source.type == t):
            return call
        sources.append((call, owner.source))
    for call, source in sources:
        cast = call.operands[arg.index].owner
        call.operands[arg.index] = source
        if isinstance(cast, memref.CastOp) and not cast.dest.uses:
            cast.detach()
            cast.erase()
    for use in list(arg.uses):
        dim_op = use.operation
        if isinstance(dim_op, memref.DimOp):
            k = _constant_index(dim_op.index)
            if k is not None:
                constant = arith.ConstantOp(
                    IntegerAttr.from_index_int_value(t.get_shape()[k])
                )
                Rewriter.replace_op(dim_op, constant)
    Rewriter.replace_value_with_new_type(arg, t)
    fn.update_function_type()
    return None


def _constant_index(value: SSAValue) -> int | None:
    owner = value.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None
