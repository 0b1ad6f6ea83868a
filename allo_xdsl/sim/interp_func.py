"""
`func` for the interpreter.

xDSL 0.74's table looks the callee up by symbol at every call and runs its
body in a scope that sees the caller's values. Here a call resolves its
callee once and runs it with a value store of its own, which recursion
needs under `AlloInterpreter`'s flat store; calling a declaration is an
error at the call.
"""

from __future__ import annotations

from typing import Any

from xdsl.dialects import func
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    ReturnedValues,
    impl_callable,
    register_impls,
)
from xdsl.traits import SymbolTable

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.interp_compile import (
    Compiled,
    compiled_impl,
    compiled_terminator,
)


def call(interpreter: Interpreter, callee: func.FuncOp, args: PythonValues) -> Any:
    """Call `callee` in a fresh value store (stock interpreters: a new scope)."""
    fast = getattr(interpreter, "call_function", None)
    if fast is not None:
        return fast(callee, args)
    if callee.is_declaration:
        raise AlloError(
            f"the interpreter cannot call the external function "
            f"'@{callee.sym_name.data}'",
            callee,
        )
    return interpreter.run_ssacfg_region(callee.body, args, callee.sym_name.data)


@register_impls
class AlloFuncFunctions(InterpreterFunctions):
    """Compilers for `func.call` and `func.return`, and calls of `func.func`."""

    @compiled_impl(func.CallOp)
    def compile_call(self, interpreter: Interpreter, op: func.CallOp) -> Compiled:
        callee = SymbolTable.lookup_symbol(op, op.callee)
        if not isinstance(callee, func.FuncOp):
            raise AlloError(f"unknown function '{op.callee.string_value()}'", op)
        return lambda *args: call(interpreter, callee, args)

    @compiled_terminator(func.ReturnOp)
    def compile_return(self, interpreter: Interpreter, op: func.ReturnOp) -> Compiled:
        return lambda *values: ReturnedValues(values)

    @impl_callable(func.FuncOp)
    def call_func(
        self, interpreter: Interpreter, op: func.FuncOp, args: PythonValues
    ) -> PythonValues:
        return call(interpreter, op, args)
