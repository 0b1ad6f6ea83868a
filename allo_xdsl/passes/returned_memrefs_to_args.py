"""
The `returned-memrefs-to-args` pass: memref results become output
arguments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    FunctionType,
    IndexType,
    MemRefType,
    ModuleOp,
    SymbolRefAttr,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.name_loops import name_function_loops
from allo_xdsl.rewriting.buffer_types import output_type


@dataclass(frozen=True)
class ReturnedMemrefsToArgsPass(ModulePass):
    """
    Turn every memref result of every function into a trailing output
    argument, as the HLS C++ emitter does and as CIRCT's handshake flow needs
    (its memories are function arguments).

    In a function returning memrefs `R0, R1, ...`, output arguments `%out0,
    %out1, ...` follow the inputs, in result order. A returned buffer that
    the function allocates (`memref.alloc`, returned at one position by every
    `func.return` and never deallocated) is replaced by its output argument;
    any other returned memref (an input, a view, a callee's result) is copied
    into the output argument by an `affine.for` nest just before the return.
    Scalar results stay results. Every call passes a fresh `memref.alloc` of
    the result type as the output argument and uses it in place of the
    result.

    No options. Rejects memref results of dynamic shape (a caller cannot
    allocate them) and functions used other than by `func.call` when they
    return memrefs.
    """

    name = "returned-memrefs-to-args"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        changed = {
            fn.sym_name.data: fn
            for fn in op.walk()
            if isinstance(fn, func.FuncOp) and _memref_results(fn)
        }
        if not changed:
            return
        for fn in changed.values():
            _check_results(fn)
        _check_uses(op, changed)
        for call in [o for o in op.walk() if isinstance(o, func.CallOp)]:
            if call.callee.root_reference.data in changed:
                _rewrite_call(call)
        for fn in changed.values():
            _rewrite_function(fn)


def _memref_results(fn: func.FuncOp) -> list[int]:
    return [
        k for k, t in enumerate(fn.function_type.outputs) if isinstance(t, MemRefType)
    ]


def _memref(t: Attribute) -> MemRefType:
    assert isinstance(t, MemRefType)
    return t


def _check_results(fn: func.FuncOp) -> None:
    for k in _memref_results(fn):
        t = fn.function_type.outputs.data[k]
        assert isinstance(t, MemRefType)
        if any(d < 0 for d in t.get_shape()):
            raise AlloError(
                f"'@{fn.sym_name.data}' returns {t}, of dynamic shape: "
                "returned-memrefs-to-args needs static shapes to allocate the "
                "output argument",
                fn,
            )


def _check_uses(module: ModuleOp, changed: dict[str, func.FuncOp]) -> None:
    """Only `func.call` may refer to a function whose signature changes."""
    for op in module.walk():
        if isinstance(op, func.CallOp | func.FuncOp):
            continue
        for attr in (*op.properties.values(), *op.attributes.values()):
            if isinstance(attr, SymbolRefAttr) and attr.root_reference.data in changed:
                raise AlloError(
                    f"'{op.name}' refers to '@{attr.root_reference.data}', whose "
                    "memref results returned-memrefs-to-args turns into "
                    "arguments; only func.call is supported",
                    op,
                )


def _rewrite_call(call: func.CallOp) -> None:
    results: list[SSAValue] = []
    outputs: list[SSAValue] = []
    allocs: list[Operation] = []
    for result in call.res:
        if not isinstance(result.type, MemRefType):
            results.append(result)
            continue
        alloc = memref.AllocOp([], [], output_type(result.type))
        alloc.location = call.location
        alloc.memref.name_hint = result.name_hint
        allocs.append(alloc)
        outputs.append(alloc.memref)
    scalar_types = [r.type for r in results]
    new_call = func.CallOp(call.callee, [*call.arguments, *outputs], scalar_types)
    new_call.location = call.location
    new_call.attributes |= call.attributes
    Rewriter.insert_op([*allocs, new_call], InsertPoint.before(call))
    out_iter = iter(outputs)
    scalar_iter = iter(new_call.res)
    for result in call.res:
        new = (
            next(out_iter) if isinstance(result.type, MemRefType) else next(scalar_iter)
        )
        if new.name_hint is None:
            new.name_hint = result.name_hint
        result.replace_all_uses_with(new)
    Rewriter.erase_op(call)


def _rewrite_function(fn: func.FuncOp) -> None:
    positions = _memref_results(fn)
    old_type = fn.function_type
    out_types = [output_type(_memref(old_type.outputs.data[k])) for k in positions]
    scalars = [t for t in old_type.outputs.data if not isinstance(t, MemRefType)]
    fn.function_type = FunctionType.from_lists(
        [*old_type.inputs.data, *out_types], scalars
    )
    _move_result_attributes(fn, positions)
    if fn.is_declaration:
        return
    entry = fn.body.blocks.first
    assert entry is not None
    used_names = {a.name_hint for a in entry.args}
    outs: list[SSAValue] = []
    for k, t in enumerate(out_types):
        arg = entry.insert_arg(t, len(entry.args))
        arg.name_hint = _fresh_name(f"out{k}", used_names)
        outs.append(arg)
    returns = [o for o in fn.walk() if isinstance(o, func.ReturnOp)]
    forwarded = _forwardable_allocs(returns, positions)
    for slot, k in enumerate(positions):
        alloc = forwarded.get(k)
        if alloc is not None:
            alloc.memref.replace_all_uses_with(outs[slot])
            Rewriter.erase_op(alloc)
    for ret in returns:
        _rewrite_return(ret, positions, outs, forwarded)
    name_function_loops(fn)


def _fresh_name(base: str, used: set[str | None]) -> str:
    name, n = base, 0
    while name in used:
        n += 1
        name = f"{base}_{n}"
    used.add(name)
    return name


def _move_result_attributes(fn: func.FuncOp, positions: Sequence[int]) -> None:
    """Result attributes of the moved results become argument attributes."""
    if fn.res_attrs is None and fn.arg_attrs is None:
        return
    n_inputs = len(fn.function_type.inputs.data) - len(positions)
    res = list(fn.res_attrs.data) if fn.res_attrs is not None else []
    args = list(fn.arg_attrs.data) if fn.arg_attrs is not None else []
    args += [DictionaryAttr({})] * (n_inputs - len(args))
    empty = DictionaryAttr({})
    moved = [res[k] if k < len(res) else empty for k in positions]
    kept = [a for k, a in enumerate(res) if k not in positions]
    fn.arg_attrs = ArrayAttr([*args, *moved])
    fn.res_attrs = ArrayAttr(kept) if fn.res_attrs is not None else None


def _forwardable_allocs(
    returns: Sequence[func.ReturnOp], positions: Sequence[int]
) -> dict[int, memref.AllocOp]:
    """
    Result position -> the `memref.alloc` that every return returns there,
    when that buffer can become the output argument itself."""
    found: dict[int, memref.AllocOp] = {}
    taken: set[SSAValue] = set()
    for k in positions:
        values = {ret.arguments[k] for ret in returns}
        if len(values) != 1:
            continue
        (value,) = values
        owner = value.owner
        if value in taken or not isinstance(owner, memref.AllocOp):
            continue
        if owner.dynamic_sizes or owner.memref.type != output_type(owner.memref.type):
            continue
        if any(isinstance(use.operation, memref.DeallocOp) for use in value.uses):
            continue
        if _returned_twice(returns, value):
            continue
        taken.add(value)
        found[k] = owner
    return found


def _returned_twice(returns: Sequence[func.ReturnOp], value: SSAValue) -> bool:
    return any(list(ret.arguments).count(value) > 1 for ret in returns)


def _rewrite_return(
    ret: func.ReturnOp,
    positions: Sequence[int],
    outs: Sequence[SSAValue],
    forwarded: dict[int, memref.AllocOp],
) -> None:
    for slot, k in enumerate(positions):
        if k in forwarded:
            continue
        for copy in _copy_nest(ret.arguments[k], outs[slot]):
            copy.location = ret.location
            Rewriter.insert_op(copy, InsertPoint.before(ret))
    scalars = [v for k, v in enumerate(ret.arguments) if k not in positions]
    new_ret = func.ReturnOp(*scalars)
    new_ret.location = ret.location
    Rewriter.replace_op(ret, new_ret)


def _copy_nest(source: SSAValue, target: SSAValue) -> list[Operation]:
    """
    `target[...] = source[...]` over the static shape of `target`, as an
    `affine.for` nest (no loops for rank 0)."""
    t = target.type
    assert isinstance(t, MemRefType)
    shape = t.get_shape()
    rank = len(shape)
    ivs: list[SSAValue] = []
    outer: list[Operation] = []
    current = Block()
    for d, size in enumerate(shape):
        block = Block(arg_types=[IndexType()])
        block.args[0].name_hint = f"copy{d}"
        loop = affine.ForOp.from_region([], [], [], [], 0, size, Region(block))
        if d == 0:
            outer.append(loop)
        else:
            current.add_op(loop)
        ivs.append(block.args[0])
        current = block
    load = affine.LoadOp(source, ivs)
    store = affine.StoreOp(load.result, target, ivs)
    current.add_ops([load, store])
    if not rank:
        return [load, store]
    for block in _nested_blocks(outer[0]):
        block.add_op(affine.YieldOp.get())
    return outer


def _nested_blocks(loop: Operation) -> list[Block]:
    blocks: list[Block] = []
    op: Operation | None = loop
    while isinstance(op, affine.ForOp):
        block = op.body.block
        blocks.append(block)
        op = block.first_op if isinstance(block.first_op, affine.ForOp) else None
    return blocks
