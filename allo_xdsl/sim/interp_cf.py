"""
`cf.assert` for the interpreter: a failed assertion is a located error
with the assertion's message (C simulation aborts on it too; hardware drops
it)."""

from __future__ import annotations

from xdsl.dialects import cf
from xdsl.interpreter import Interpreter, InterpreterFunctions, register_impls

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.interp_compile import Compiled, compiled_impl


@register_impls
class AlloCfFunctions(InterpreterFunctions):
    """The compiler of `cf.assert`."""

    @compiled_impl(cf.AssertOp)
    def compile_assert(self, interpreter: Interpreter, op: cf.AssertOp) -> Compiled:
        message = op.msg.data

        def run(condition: int) -> tuple[()]:
            if not condition:
                raise AlloError(f"assertion failed: {message}", op)
            return ()

        return run
