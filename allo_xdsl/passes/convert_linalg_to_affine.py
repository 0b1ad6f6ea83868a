"""
The `convert-linalg-to-affine` pass: `linalg` ops on memrefs to
`affine.for` nests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    AffineMapAttr,
    DenseIntOrFPElementsAttr,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    TensorType,
    i64,
)
from xdsl.dialects.linalg.abstract_ops import (
    ConvOperation,
    LinalgStructuredOperation,
    PoolingOperation,
)
from xdsl.dialects.linalg.ops import IndexOp, YieldOp
from xdsl.ir import Block, Operation, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.passes import ModulePass

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.rewriting.loops import const_bound, new_loop


@dataclass(frozen=True)
class ConvertLinalgToAffinePass(ModulePass):
    """
    Lower each structured `linalg` op on memrefs (`linalg.generic` and the
    named ops xDSL knows: `fill`, `copy`, `matmul`, `batch_matmul`,
    `conv_2d_*`, `pooling_*`, `add`, `mul`, `transpose`, ...) to a perfect
    nest of `affine.for` loops, one per iteration dimension in order, whose
    body loads each memref operand through its indexing map, computes the
    op's body, and stores what it yields through the output's map (as
    upstream's `convert-linalg-to-affine-loops`). `linalg.index` becomes the
    loop's variable. Loops are named after the op (`matmul_d0`, ...), so a
    schedule can refer to them. Convolutions and poolings without
    `strides`/`dilations` take 1, as in MLIR. No options.

    Rejects linalg on tensors (bufferize first), dynamic extents, and
    linalg ops that are not structured (the error names the op).
    """

    name = "convert-linalg-to-affine"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        structured: list[LinalgStructuredOperation] = []
        for inner in op.walk():
            if isinstance(inner, LinalgStructuredOperation):
                structured.append(inner)
            elif inner.name.startswith("linalg.") and not isinstance(
                inner.parent_op(), LinalgStructuredOperation
            ):
                raise AlloError(
                    f"'{inner.name}' is not supported (only structured linalg "
                    "ops on memrefs are lowered)",
                    inner,
                )
        for inner in structured:
            lower_structured(inner)


def lower_structured(op: LinalgStructuredOperation) -> None:
    if op.results:
        raise AlloError(
            f"'{op.name}' on tensors is not supported: bufferize to memrefs first",
            op,
        )
    default_windows(op)
    maps = [m.data for m in op.get_indexing_maps().data]
    extents = [size for _, _, size in op.get_loop_bound_sources()]
    if any(e == DYNAMIC_INDEX for e in extents):
        raise AlloError(f"'{op.name}' with dynamic extents is not supported", op)
    label = op.name.removeprefix("linalg.")
    block = op.parent_block()
    assert block is not None
    loops: list[affine.ForOp] = []
    for k, extent in enumerate(extents):
        loop = new_loop(const_bound(0), const_bound(extent), iv_name=f"{label}_d{k}")
        loop.location = op.location
        if loops:
            loops[-1].body.block.add_op(loop)
        else:
            block.insert_op_before(loop, op)
        loops.append(loop)
    ivs = [loop.body.block.args[0] for loop in loops]
    body = loops[-1].body.block if loops else None
    ops = _body_ops(op, maps, ivs)
    for new in ops:
        new.location = op.location
    if body is None:
        block.insert_ops_before(ops, op)
    else:
        body.add_ops(ops)
        for loop in reversed(loops):
            loop.body.block.add_op(affine.YieldOp.get())
    op.detach()
    op.erase()


def _body_ops(
    op: LinalgStructuredOperation, maps: list[AffineMap], ivs: Sequence[SSAValue]
) -> list[Operation]:
    """
    Loads of the operands, a clone of the body, stores of the yielded
    values."""
    ops: list[Operation] = []
    values: dict[SSAValue, SSAValue] = {}
    template: Block = op.body.block
    for k, (operand, arg) in enumerate(zip(op.operands, template.args, strict=True)):
        if not isinstance(operand.type, MemRefType):
            values[arg] = operand
            continue
        if not arg.uses:
            continue
        load = affine.LoadOp(
            operand, ivs, AffineMapAttr(maps[k]), operand.type.element_type
        )
        load.result.name_hint = arg.name_hint
        ops.append(load)
        values[arg] = load.result
    for inner in template.ops:
        if isinstance(inner, YieldOp):
            ops.extend(
                _stores(op, maps, ivs, [values.get(v, v) for v in inner.operands])
            )
            continue
        if isinstance(inner, IndexOp):
            dim = inner.properties["dim"]
            assert isinstance(dim, IntegerAttr)
            values[inner.results[0]] = ivs[dim.value.data]
            continue
        clone = inner.clone(value_mapper=values)
        ops.append(clone)
    return ops


def _stores(
    op: LinalgStructuredOperation,
    maps: list[AffineMap],
    ivs: Sequence[SSAValue],
    yielded: list[SSAValue],
) -> list[Operation]:
    first = len(op.inputs)
    return [
        affine.StoreOp(value, output, ivs, AffineMapAttr(maps[first + k]))
        for k, (output, value) in enumerate(zip(op.outputs, yielded, strict=True))
    ]


def default_windows(op: Operation) -> None:
    """
    MLIR's defaults (1) for the strides and dilations of a convolution or
    pooling that does not state them."""
    if not isinstance(op, ConvOperation | PoolingOperation):
        return
    spatial = len(op.operands[-1].type.get_shape()) - 2  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]
    for name in ("strides", "dilations"):
        if name in op.properties:
            continue
        given = op.attributes.pop(name, None)
        op.properties[name] = given or DenseIntOrFPElementsAttr.from_list(
            TensorType(i64, [spatial]), [1] * spatial
        )
