"""
`scf` for the interpreter.

xDSL 0.74's table runs `scf.for`, `scf.if`, `scf.while` and
`scf.index_switch` correctly; these compilers only make `for`, `if` and
`yield` run their blocks through `AlloInterpreter`'s planned fast path.
"""

from __future__ import annotations

from typing import Any

from xdsl.dialects import scf
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    ReturnedValues,
    register_impls,
)

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.interp_compile import (
    Compiled,
    compiled_impl,
    compiled_terminator,
    run_loop,
    run_single_block,
)


@register_impls
class AlloScfFunctions(InterpreterFunctions):
    """Compilers for `scf.for`, `scf.if` and `scf.yield`."""

    @compiled_impl(scf.ForOp)
    def compile_for(self, interpreter: Interpreter, op: scf.ForOp) -> Compiled:
        block = op.body.block

        def run(lower: int, upper: int, step: int, *inits: Any) -> Any:
            if step <= 0:
                raise AlloError(f"scf.for needs a positive step, not {step}", op)
            return run_loop(interpreter, block, range(lower, upper, step), inits)

        return run

    @compiled_impl(scf.IfOp)
    def compile_if(self, interpreter: Interpreter, op: scf.IfOp) -> Compiled:
        then_block = op.true_region.block
        else_block = op.false_region.blocks.first

        def run(condition: int) -> Any:
            if condition:
                return run_single_block(interpreter, then_block, ())
            if else_block is None:
                return ()
            return run_single_block(interpreter, else_block, ())

        return run

    @compiled_terminator(scf.YieldOp)
    def compile_yield(self, interpreter: Interpreter, op: scf.YieldOp) -> Compiled:
        return lambda *values: ReturnedValues(values)
