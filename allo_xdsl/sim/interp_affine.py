"""
`affine` for the interpreter.

xDSL 0.74's table runs `affine.for` only with constant bounds, no
`iter_args` and no results, reads every map operand as a dimension, and
has no `affine.if`, `affine.min` or `affine.max`. Here every map becomes a
Python function of its dims then symbols (compiled once per map), loop
bounds take the max of the lower and the min of the upper bound results,
loops carry `iter_args`, and loads and stores check their indices against
the memref's shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, MemRefType
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    ReturnedValues,
    register_impls,
)
from xdsl.ir import Attribute, Block, Operation
from xdsl.ir.affine import AffineMap

from allo_xdsl.analysis.affine_expr import (
    affine_source,
    compile_map,
    compile_set,
    map_params,
)
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.interp_compile import (
    Compiled,
    compiled_impl,
    compiled_terminator,
    make_function,
    named_compiler,
    offset_source,
    run_loop,
    run_single_block,
)


def out_of_bounds(index: Sequence[int], shape: Sequence[int]) -> IndexError:
    dims = "x".join(str(n) for n in shape)
    return IndexError(f"index {list(index)} is outside the shape {dims}")


def compile_access(
    affine_map: AffineMap | None, shape: Sequence[int], store: bool
) -> Compiled:
    """
    A load `(m, *operands) -> (value,)` or a store `(v, m, *operands) ->
    ()` at `affine_map(*operands)` (identity when None), bounds checked."""
    if affine_map is None:
        params = [f"d{i}" for i in range(len(shape))]
        indices = params
        lines: list[str] = []
    else:
        params = map_params(affine_map.num_dims, affine_map.num_symbols)
        indices = [f"i{n}" for n in range(len(affine_map.results))]
        lines = [
            f"    {name} = {affine_source(e)}"
            for name, e in zip(indices, affine_map.results, strict=True)
        ]
    checks, offset = offset_source(indices, shape)
    head = ["v", "m", *params] if store else ["m", *params]
    access = (
        f"m.flat[{offset}] = v\n        return ()"
        if store
        else (f"return (m.flat[{offset}],)")
    )
    source = "\n".join(
        [
            f"def f({', '.join(head)}):",
            *lines,
            f"    if {checks}:",
            f"        {access}",
            f"    raise oob(({', '.join(indices)}{',' if len(indices) == 1 else ''}),"
            f" {tuple(shape)})",
            "",
        ]
    )
    return make_function(source, "f", {"oob": out_of_bounds})


def memref_shape(t: Attribute, op: Operation) -> Sequence[int]:
    if not isinstance(t, MemRefType):
        raise AlloError(f"the interpreter expected a memref, not {t}", op)
    return t.get_shape()


def map_of(op: Operation, name: str = "map") -> AffineMap:
    attr = op.properties.get(name) or op.attributes.get(name)
    if not isinstance(attr, AffineMapAttr):
        raise AlloError(f"the interpreter cannot find the map of '{op.name}'", op)
    return attr.data


def _loop(
    interpreter: Interpreter,
    op: affine.ForOp,
) -> Compiled:
    lower = compile_map(op.lowerBoundMap.data, "max")
    upper = compile_map(op.upperBoundMap.data, "min")
    step = op.step.value.data
    if step <= 0:
        raise AlloError(f"affine.for needs a positive step, not {step}", op)
    n_lower = len(op.lowerBoundOperands)
    n_bounds = n_lower + len(op.upperBoundOperands)
    block = op.body.block
    if n_bounds == 0:
        iterations = range(lower(), upper(), step)
        return lambda *inits: run_loop(interpreter, block, iterations, inits)

    def run(*operands: Any) -> Any:
        iterations = range(
            lower(*operands[:n_lower]), upper(*operands[n_lower:n_bounds]), step
        )
        return run_loop(interpreter, block, iterations, operands[n_bounds:])

    return run


def _branches(op: affine.IfOp) -> tuple[Block, Block | None]:
    else_block = op.else_region.blocks.first
    return op.then_region.block, else_block


@register_impls
class AlloAffineFunctions(InterpreterFunctions):
    """Compilers for the `affine` ops (they replace xDSL's `AffineFunctions`)."""

    @compiled_impl(affine.ForOp)
    def compile_for(self, interpreter: Interpreter, op: affine.ForOp) -> Compiled:
        return _loop(interpreter, op)

    @compiled_impl(affine.IfOp)
    def compile_if(self, interpreter: Interpreter, op: affine.IfOp) -> Compiled:
        condition = op.properties.get("condition") or op.attributes.get("condition")
        if not isinstance(condition, AffineSetAttr):
            raise AlloError("the interpreter cannot find the set of 'affine.if'", op)
        test = compile_set(condition.data)
        then_block, else_block = _branches(op)
        if else_block is None:

            def run_then(*operands: int) -> Any:
                if test(*operands):
                    return run_single_block(interpreter, then_block, ())
                return ()

            return run_then

        def run(*operands: int) -> Any:
            block = then_block if test(*operands) else else_block
            return run_single_block(interpreter, block, ())

        return run

    @compiled_impl(affine.ApplyOp)
    def compile_apply(self, interpreter: Interpreter, op: affine.ApplyOp) -> Compiled:
        apply = compile_map(op.map.data, "one")
        return lambda *operands: (apply(*operands),)

    @compiled_impl(affine.MinOp)
    def compile_min(self, interpreter: Interpreter, op: affine.MinOp) -> Compiled:
        return compile_minmax(interpreter, op, "min")

    @compiled_impl(affine.LoadOp)
    def compile_load(self, interpreter: Interpreter, op: affine.LoadOp) -> Compiled:
        shape = memref_shape(op.memref.type, op)
        return compile_access(op.map.data, shape, store=False)

    @compiled_impl(affine.StoreOp)
    def compile_store(self, interpreter: Interpreter, op: affine.StoreOp) -> Compiled:
        shape = memref_shape(op.memref.type, op)
        return compile_access(op.map.data, shape, store=True)

    @compiled_terminator(affine.YieldOp)
    def compile_yield(self, interpreter: Interpreter, op: affine.YieldOp) -> Compiled:
        return lambda *values: ReturnedValues(values)


@named_compiler("affine.max")
def compile_max(interpreter: Interpreter, op: Operation) -> Compiled:
    return compile_minmax(interpreter, op, "max")


def compile_minmax(interpreter: Interpreter, op: Operation, combine: str) -> Compiled:
    select = compile_map(map_of(op), combine)
    return lambda *operands: (select(*operands),)
