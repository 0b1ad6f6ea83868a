"""
Ops that compile, once per op, to a Python function of their operand values.

xDSL's interpreter calls `impl(functions, interpreter, op, args)` for every op
it runs; most of that time goes into reading the op (types, maps, predicates)
again. A table method decorated with `@compiled_impl(OpType)` is instead a
*compiler*: given the op it returns a function from operand values to the
tuple of result values (a terminator's function returns its
`TerminatorValue`). `AlloInterpreter` calls compilers once, when it first
plans a block; a stock `Interpreter` still works, through the regular `impl`
this decorator also registers (compiled functions cached per op).

Ops whose Python class another dialect defines (`affine.max`) are
compiled by name, `@named_compiler("affine.max")`, which
only `AlloInterpreter` looks up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    TerminatorValue,
    impl,
    impl_terminator,
)
from xdsl.ir import Block, Operation

COMPILER_KEY = "__allo_compiler"

Compiled = Callable[..., Any]
"""Operand values -> result values (a tuple), or a `TerminatorValue`."""

_FT = TypeVar("_FT", bound=InterpreterFunctions)
_Op = TypeVar("_Op", bound=Operation)
Compiler = Callable[[_FT, Interpreter, _Op], Compiled]

NAMED_COMPILERS: dict[str, Callable[[Interpreter, Operation], Compiled]] = {}
"""Compilers of ops known by name only, for every table."""


def _cached(
    ft: InterpreterFunctions,
    interpreter: Interpreter,
    op: Operation,
    compiler: Callable[..., Compiled],
) -> Compiled:
    cache: dict[int, tuple[Operation, Compiled]] = interpreter.get_data(
        type(ft), "compiled", dict
    )
    entry = cache.get(id(op))
    if entry is None or entry[0] is not op:
        entry = (op, compiler(ft, interpreter, op))
        cache[id(op)] = entry
    return entry[1]


def compiled_impl(
    op_type: type[_Op],
) -> Callable[[Compiler[_FT, _Op]], Any]:
    """Register a compiler for the non-terminator `op_type`."""

    def annot(compiler: Compiler[_FT, _Op]) -> Any:
        def run(
            ft: _FT, interpreter: Interpreter, op: _Op, args: PythonValues
        ) -> PythonValues:
            return _cached(ft, interpreter, op, compiler)(*args)

        wrapped = impl(op_type)(run)
        setattr(wrapped, COMPILER_KEY, compiler)
        return wrapped

    return annot


def compiled_terminator(
    op_type: type[_Op],
) -> Callable[[Compiler[_FT, _Op]], Any]:
    """Register a compiler for the terminator `op_type`."""

    def annot(compiler: Compiler[_FT, _Op]) -> Any:
        def run(
            ft: _FT, interpreter: Interpreter, op: _Op, args: PythonValues
        ) -> tuple[TerminatorValue, PythonValues]:
            return _cached(ft, interpreter, op, compiler)(*args), ()

        wrapped = impl_terminator(op_type)(run)
        setattr(wrapped, COMPILER_KEY, compiler)
        return wrapped

    return annot


def named_compiler(
    name: str,
) -> Callable[
    [Callable[[Interpreter, Operation], Compiled]],
    Callable[[Interpreter, Operation], Compiled],
]:
    """Register a compiler for the op called `name`, whatever its class."""

    def annot(
        compiler: Callable[[Interpreter, Operation], Compiled],
    ) -> Callable[[Interpreter, Operation], Compiled]:
        NAMED_COMPILERS[name] = compiler
        return compiler

    return annot


def run_single_block(interpreter: Interpreter, block: Block, args: PythonValues) -> Any:
    """
    Run `block` (of a single-block region) and return its terminator's
    values; fast under `AlloInterpreter`, correct under any interpreter."""
    fast = getattr(interpreter, "run_block_values", None)
    if fast is not None:
        return fast(block, args)
    region = block.parent
    assert region is not None
    return interpreter.run_ssacfg_region(region, args)


def run_loop(
    interpreter: Interpreter, block: Block, ivs: range, carried: PythonValues
) -> PythonValues:
    """Run the loop body `block` for each of `ivs`, threading `carried`."""
    fast = getattr(interpreter, "run_loop", None)
    if fast is not None:
        return fast(block, ivs, carried)
    for iv in ivs:
        carried = run_single_block(interpreter, block, (iv, *carried))
    return tuple(carried)


_SOURCE_CACHE: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def make_function(source: str, name: str, env: dict[str, Any] | None = None) -> Any:
    """
    Define the function `name` from `source`, with the globals `env`
    (cached: ops with the same maps and shapes share their code)."""
    key = (source, tuple((env or {}).items()))
    if key in _SOURCE_CACHE:
        return _SOURCE_CACHE[key]
    namespace: dict[str, Any] = dict(env or {})
    exec(compile(source, f"<allo-interp {name}>", "exec"), namespace)
    _SOURCE_CACHE[key] = namespace[name]
    return namespace[name]


def offset_source(indices: Sequence[str], shape: Sequence[int]) -> tuple[str, str]:
    """(bounds condition, row-major linear offset) of `indices` in `shape`."""
    if not shape:
        return "True", "0"
    checks = " and ".join(
        f"0 <= {i} < {n}" for i, n in zip(indices, shape, strict=True)
    )
    offset = indices[0]
    for i, n in zip(indices[1:], shape[1:], strict=True):
        offset = f"({offset}) * {n} + {i}"
    return checks, offset
