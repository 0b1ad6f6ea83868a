"""
Names a schedule can use, from the ONNX nodes, on an imported model.

`allo_xdsl.frontend.onnx` tags every top-level op of the model's function
with the node it came from (`allo.layer`). `name_layers` turns the tags into
names and removes them:

- arguments: the model's input and output names (sanitized);
- loop nests: the band (`op_name`) is the layer's name for its first nest,
  `<layer>_1`, `<layer>_2`, ... for the next ones (torch-mlir lowers a node
  to several nests: fill, compute, bias, ...); loops are `i`, `j`, `k`, ...
  by depth;
- buffers: an alloc is `<layer>_buf`, `<layer>_buf1`, ...; a weight is
  `<layer>_w`, `<layer>_w1`, ..., as is its global.

With `layers_as_functions`, each run of consecutive nests of one layer
becomes a function named after the layer, called by the model's function
in the same order: buffers used only by the layer and its weights move into
it, the others (model arguments and buffers between layers) are passed with
the same names, so a schedule per layer and `compose` across the calls work
as for hand-written kernels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xdsl.dialects import affine, arith, func, memref
from xdsl.dialects.builtin import ModuleOp, StringAttr, SymbolRefAttr
from xdsl.ir import Block, Operation, Region, SSAValue

from allo_xdsl.analysis.lookup import BAND_NAME, LOOP_NAME, loops_of, outermost_loop
from allo_xdsl.diagnostics import AlloError

LAYER_ATTR = "allo.layer"
_LOOP_LETTERS = "ijklmnopq"
# top-level ops that belong to no layer when outlining
_NOT_LAYERS = (
    memref.AllocOp,
    memref.AllocaOp,
    arith.ConstantOp,
    memref.GetGlobalOp,
    func.ReturnOp,
)


def sanitize(name: str) -> str:
    """`name` as an identifier usable in MLIR, C++ and YAML schedules."""
    text = re.sub(r"\W+", "_", name).strip("_")
    if not text:
        return ""
    return f"n{text}" if text[0].isdigit() else text


def name_layers(
    module: ModuleOp,
    inputs: Sequence[str],
    outputs: Sequence[str],
    layers_as_functions: bool = False,
) -> None:
    """
    Name the model function's arguments, loops, buffers and globals after
    the ONNX model (see the module docstring); outline its layers when
    `layers_as_functions`."""
    fns = [op for op in module.ops if isinstance(op, func.FuncOp)]
    if len(fns) != 1:
        raise AlloError(f"expected one function from torch-mlir, got {len(fns)}")
    fn = fns[0]
    fn.sym_name = StringAttr(sanitize(fn.sym_name.data) or "model")
    _name_arguments(fn, [*inputs, *outputs])
    _name_globals(module, fn)
    _name_buffers(fn)
    _name_bands(fn)
    if layers_as_functions:
        _outline_layers(module, fn)
    for op in module.walk():
        op.attributes.pop(LAYER_ATTR, None)


def _layer(op: Operation) -> str | None:
    attr = op.attributes.get(LAYER_ATTR)
    return attr.data if isinstance(attr, StringAttr) else None


def _fresh(base: str, taken: set[str], sep: str = "_") -> str:
    """
    `base`, else `base<sep>1`, `base<sep>2`, ..., not in `taken`;
    recorded in `taken`."""
    name, k = base, 0
    while name in taken:
        k += 1
        name = f"{base}{sep}{k}"
    taken.add(name)
    return name


def value_name(name: str) -> str:
    """
    `name` as an SSA name that xDSL keeps: it drops a `_<digits>` suffix
    from name hints, so `input_1` becomes `input1`."""
    return re.sub(r"_(\d+)$", r"\1", name)


def _name_arguments(fn: func.FuncOp, names: Sequence[str]) -> None:
    taken: set[str] = set()
    args = fn.body.block.args
    if len(args) != len(names):
        raise AlloError(
            f"torch-mlir's function has {len(args)} arguments, the model "
            f"{len(names)} inputs and outputs"
        )
    for k, (arg, name) in enumerate(zip(args, names, strict=True)):
        arg.name_hint = _fresh(value_name(sanitize(name) or f"arg{k}"), taken, "")


def _name_globals(module: ModuleOp, fn: func.FuncOp) -> None:
    """Rename each global after the layer that first reads it."""
    taken = {a.name_hint for a in fn.body.block.args if a.name_hint}
    renamed: dict[str, str] = {}
    for op in fn.walk():
        if not isinstance(op, memref.GetGlobalOp):
            continue
        old = op.name_.root_reference.data
        if old not in renamed:
            renamed[old] = _fresh(f"{_layer(op) or 'const'}_w", taken, "")
        op.name_ = SymbolRefAttr(renamed[old])
        op.memref.name_hint = renamed[old]
    for op in module.ops:
        if isinstance(op, memref.GlobalOp) and op.sym_name.data in renamed:
            op.sym_name = StringAttr(renamed[op.sym_name.data])


def _name_buffers(fn: func.FuncOp) -> None:
    taken = {a.name_hint for a in fn.body.block.args if a.name_hint}
    taken |= {
        op.memref.name_hint or ""
        for op in fn.walk()
        if isinstance(op, memref.GetGlobalOp)
    }
    for op in fn.walk():
        if isinstance(op, memref.AllocOp | memref.AllocaOp):
            name = _fresh(f"{_layer(op) or 'tmp'}_buf", taken, "")
            op.attributes["name"] = StringAttr(name)
            op.memref.name_hint = name


def _name_bands(fn: func.FuncOp) -> None:
    taken: set[str] = set()
    for loop in loops_of(fn):
        depth = _depth(loop)
        letter = _LOOP_LETTERS[depth] if depth < len(_LOOP_LETTERS) else f"l{depth}"
        loop.attributes[LOOP_NAME] = StringAttr(letter)
        loop.body.block.args[0].name_hint = letter
        if outermost_loop(loop) is loop:
            band = _fresh(_layer(loop) or "loop", taken)
            loop.attributes[BAND_NAME] = StringAttr(band)


def _depth(loop: affine.ForOp) -> int:
    depth = 0
    parent = loop.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        if isinstance(parent, affine.ForOp):
            depth += 1
        parent = parent.parent_op()
    return depth


def _outline_layers(module: ModuleOp, fn: func.FuncOp) -> None:
    block = fn.body.block
    _hoist_allocs(block)
    taken = {op.sym_name.data for op in module.ops if isinstance(op, func.FuncOp)}
    for run in _layer_runs(block):
        name = _fresh(_layer(run[0]) or "layer", taken)
        callee = _outline(run, name)
        module.body.block.insert_op_before(callee, fn)


def _hoist_allocs(block: Block) -> None:
    """
    Allocs (static shapes: no operands) first, so that they dominate
    every call that passes them."""
    first = block.first_op
    assert first is not None
    for op in list(block.ops):
        hoisted = isinstance(op, memref.AllocOp | memref.AllocaOp | arith.ConstantOp)
        if hoisted and op is not first and not op.operands:
            op.detach()
            block.insert_op_before(op, first)


def _layer_runs(block: Block) -> list[list[Operation]]:
    """
    Consecutive top-level ops (other than allocs, constants and weights)
    of one layer."""
    runs: list[list[Operation]] = []
    current: str | None = None
    for op in block.ops:
        if isinstance(op, _NOT_LAYERS):
            continue
        layer = _layer(op)
        if runs and layer == current:
            runs[-1].append(op)
        else:
            runs.append([op])
            current = layer
    return runs


def _outline(run: list[Operation], name: str) -> func.FuncOp:
    """`run` moved into a new function `name`, replaced by a call to it."""
    inside = {id(op) for top in run for op in top.walk()}
    captured: list[SSAValue] = []
    for top in run:
        for op in top.walk():
            for operand in op.operands:
                if _defined_outside(operand, inside) and operand not in captured:
                    captured.append(operand)
    passed = [v for v in captured if not _movable(v, inside)]
    passed.sort(key=lambda v: _written(v, inside))
    body = Block(arg_types=[v.type for v in passed])
    for arg, value in zip(body.args, passed, strict=True):
        arg.name_hint = value.name_hint
    call = func.CallOp(name, passed, [])
    run[0].parent_block().insert_op_before(call, run[0])  # pyright: ignore[reportOptionalMemberAccess]
    for value in captured:
        if value in passed:
            continue
        owner = value.owner
        assert isinstance(owner, Operation)
        if all(id(use.operation) in inside for use in value.uses):
            owner.detach()
            body.add_op(owner)
        else:
            clone = owner.clone()
            body.add_op(clone)
            _replace_inside(value, clone.results[0], inside)
    for top in run:
        top.detach()
        body.add_op(top)
    for arg, value in zip(body.args, passed, strict=True):
        _replace_inside(value, arg, inside)
    body.add_op(func.ReturnOp())
    return func.FuncOp(name, ([v.type for v in passed], []), Region(body))


def _defined_outside(value: SSAValue, inside: set[int]) -> bool:
    owner = value.owner
    if isinstance(owner, Block):
        # a block argument: a loop's induction variable, or the function's
        parent = owner.parent_op()
        return parent is None or id(parent) not in inside
    return id(owner) not in inside


def _movable(value: SSAValue, inside: set[int]) -> bool:
    """
    Weights and constants go into the layer (cloned when others use them
    too); a buffer only the layer uses moves into it."""
    owner = value.owner
    if isinstance(owner, memref.GetGlobalOp | arith.ConstantOp):
        return True
    if isinstance(owner, memref.AllocOp | memref.AllocaOp):
        return all(id(use.operation) in inside for use in value.uses)
    return False


def _replace_inside(old: SSAValue, new: SSAValue, inside: set[int]) -> None:
    for use in list(old.uses):
        if id(use.operation) in inside:
            use.operation.operands[use.index] = new


def _written(value: SSAValue, inside: set[int]) -> bool:
    """
    Whether the ops in `inside` store to the buffer `value` (or pass it
    to a call, which may)."""
    for use in value.uses:
        op = use.operation
        if id(op) not in inside:
            continue
        if isinstance(op, affine.StoreOp | memref.StoreOp) and use.index == 1:
            return True
        if isinstance(op, func.CallOp):
            return True
    return False
