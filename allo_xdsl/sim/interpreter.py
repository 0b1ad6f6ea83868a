"""
Run a `func.func` on numpy arrays with xDSL's interpreter.

`run_interpreter(module, "gemm", [A, B, C])` copies every memref argument
into a `Buffer` (xDSL's `ShapedArray` over a `bytearray` that numpy views
without a second copy), runs the function with xDSL's stock interpreter
tables plus ours (`interp_*.py`: what 0.74 lacks, and exact f32 and integer
semantics), and copies the buffers back out as numpy arrays.

`AlloInterpreter` is xDSL's `Interpreter` with a faster region runner: each
block is planned once (ops compiled to Python closures where a table offers
a compiler, stock `impl`s otherwise), values live in one flat dict per
function call, and loops run their body plan directly. Any Python exception
an op raises (out-of-bounds access, division by zero, ...) becomes an
`AlloError` located at that op; an op no table implements is an `AlloError`
before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    ReturnedValues,
    Successor,
    TerminatorValue,
)
from xdsl.interpreters.affine import AffineFunctions
from xdsl.interpreters.arith import ArithFunctions
from xdsl.interpreters.builtin import BuiltinFunctions
from xdsl.interpreters.cf import CfFunctions
from xdsl.interpreters.func import FuncFunctions
from xdsl.interpreters.math import MathFunctions
from xdsl.interpreters.memref import MemRefFunctions
from xdsl.interpreters.scf import ScfFunctions
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.traits import IsTerminator, SymbolTable

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import StreamType
from allo_xdsl.sim import interp_lowering as lowering
from allo_xdsl.sim.interp_affine import AlloAffineFunctions
from allo_xdsl.sim.interp_arith import AlloArithFunctions
from allo_xdsl.sim.interp_cf import AlloCfFunctions
from allo_xdsl.sim.interp_compile import (
    COMPILER_KEY,
    NAMED_COMPILERS,
    Compiled,
    make_function,
)
from allo_xdsl.sim.interp_func import AlloFuncFunctions
from allo_xdsl.sim.interp_math import AlloMathFunctions
from allo_xdsl.sim.interp_memref import AlloMemRefFunctions
from allo_xdsl.sim.interp_scf import AlloScfFunctions
from allo_xdsl.sim.interp_stream import (
    AlloFpgaFunctions,
    stream_from_numpy,
    stream_problem,
    stream_to_numpy,
)
from allo_xdsl.sim.interp_values import (
    Buffer,
    float_rounder,
    int_kind,
    is_float,
    memref_problem,
    scalar_supported,
)
from allo_xdsl.sim.result import SimResult, numpy_dtype

Env = dict[int, Any]
"""Python values of SSA values, keyed by `id` (SSAValue hashes in Python)."""

Step = Callable[[Env], Any]

_STOCK: tuple[type[InterpreterFunctions], ...] = (
    BuiltinFunctions,
    ArithFunctions,
    MathFunctions,
    MemRefFunctions,
    AffineFunctions,
    ScfFunctions,
    CfFunctions,
    FuncFunctions,
)
_OURS: tuple[type[InterpreterFunctions], ...] = (
    AlloArithFunctions,
    AlloMathFunctions,
    AlloMemRefFunctions,
    AlloAffineFunctions,
    AlloScfFunctions,
    AlloCfFunctions,
    AlloFuncFunctions,
    AlloFpgaFunctions,
)


def _step_factory(n_in: int, n_out: int) -> Callable[..., Step]:
    """A factory of steps `env[r..] = fn(env[a..])` for this arity."""
    ins = [f"a{i}" for i in range(n_in)]
    outs = [f"r{i}" for i in range(n_out)]
    call = f"fn({', '.join(f'env[{a}]' for a in ins)})"
    body = f"{', '.join(f'env[{r}]' for r in outs)}, = {call}" if n_out else call
    params = ", ".join(["fn", *ins, *outs])
    source = (
        f"def make({params}):\n    def step(env):\n        {body}\n    return step\n"
    )
    return make_function(source, "make")


@dataclass
class _Plan:
    arg_ids: tuple[int, ...]
    steps: list[Step]
    terminator: Step | None


@dataclass
class AlloInterpreter(Interpreter):
    """xDSL's interpreter with planned blocks and a flat value store."""

    env: Env = field(default_factory=Env)
    _plans: dict[int, _Plan] = field(default_factory=dict[int, _Plan])
    _step_ops: dict[int, Operation] = field(default_factory=dict[int, Operation])
    _resolved: dict[type[Operation], Any] = field(default_factory=dict)

    # The value store of the stock interpreter, redirected to `env`.

    def get_values(self, values: Iterable[SSAValue]) -> tuple[Any, ...]:
        env = self.env
        return tuple(env[id(v)] for v in values)

    def set_values(self, pairs: Iterable[tuple[SSAValue, Any]]) -> None:
        env = self.env
        for ssa_value, value in pairs:
            env[id(ssa_value)] = value

    # Regions see their parents' values in one store; `call_function` gives
    # each call a store of its own, so there are no scopes to push.

    def push_scope(self, name: str | None = None) -> None:
        pass

    def pop_scope(self) -> None:
        pass

    # Finding what runs an op.

    def resolve(self, op: Operation) -> Compiled:
        """The compiled function of `op`; AlloError if no table runs it."""
        named = NAMED_COMPILERS.get(op.name)
        if named is not None:
            return named(self, op)
        entry = self._impl_entry(type(op))
        if entry is None:
            raise AlloError(f"the interpreter cannot run '{op.name}'", op)
        ft, impl = entry
        compiler = getattr(impl, COMPILER_KEY, None)
        if compiler is not None:
            return compiler(ft, self, op)
        return self._stock(ft, impl, op)

    def supports(self, op: Operation) -> bool:
        return op.name in NAMED_COMPILERS or self._impl_entry(type(op)) is not None

    def _impl_entry(self, op_type: type[Operation]) -> Any:
        if op_type in self._resolved:
            return self._resolved[op_type]
        # The one private xDSL member allo-xdsl reads: xDSL 0.74 has no public
        # way to look up the (functions, impl) pair of an op type, which
        # compiling an op to a closure needs (`run_op` looks the impl up on
        # every call, by exact type, so it misses our subclassed ops).
        # Upstream fix: a public `Interpreter` lookup of an op's impl.
        table = self._impls._impl_dict  # pyright: ignore[reportPrivateUsage]
        entry = table.get(op_type)
        # Another dialect may subclass an op (custom syntax) or redefine it.
        if entry is None:
            bases = op_type.__mro__[1:]
            entry = next((table[b] for b in bases if b in table), None)
        if entry is None:
            same_name = (e for t, e in table.items() if t.name == op_type.name)
            entry = next(same_name, None)
        self._resolved[op_type] = entry
        return entry

    def _stock(self, ft: InterpreterFunctions, impl: Any, op: Operation) -> Compiled:
        if op.has_trait(IsTerminator):
            return lambda *args: impl(ft, self, op, args).terminator_value
        return lambda *args: impl(ft, self, op, args).values

    # Planning and running blocks.

    def _plan(self, block: Block) -> _Plan:
        plan = self._plans.get(id(block))
        if plan is not None:
            return plan
        ops = list(block.ops)
        terminator = None
        if ops and ops[-1].has_trait(IsTerminator):
            terminator = self._step(ops.pop())
        plan = _Plan(tuple(id(a) for a in block.args), [], terminator)
        plan.steps = [self._step(op) for op in ops]
        self._plans[id(block)] = plan
        return plan

    def _step(self, op: Operation) -> Step:
        try:
            fn = self.resolve(op)
        except AlloError:
            raise
        except Exception as e:
            raise AlloError(f"the interpreter cannot run '{op.name}': {e}", op) from e
        ins = [id(v) for v in op.operands]
        if op.has_trait(IsTerminator):
            step = _terminator_step(fn, tuple(ins))
        else:
            outs = [id(r) for r in op.results]
            step = _step_factory(len(ins), len(outs))(fn, *ins, *outs)
        self._step_ops[id(step)] = op
        return step

    def _located(self, error: Exception, step: Step | None) -> AlloError:
        op = self._step_ops.get(id(step)) if step is not None else None
        if isinstance(error, AlloError):
            if error.location is not None or op is None:
                return error
            return AlloError(error.message, op)
        name = op.name if op is not None else "?"
        if isinstance(error, IndexError):
            message = f"out-of-bounds access in '{name}': {error}"
        elif isinstance(error, ZeroDivisionError):
            message = f"division by zero in '{name}'"
        else:
            message = f"the interpreter failed on '{name}': {error}"
        return AlloError(message, op)

    def run_block(self, block: Block, args: PythonValues) -> TerminatorValue:
        plan = self._plan(block)
        env = self.env
        for key, value in zip(plan.arg_ids, args, strict=True):
            env[key] = value
        step = None
        try:
            for step in plan.steps:
                step(env)
            step = plan.terminator
            if step is None:
                return ReturnedValues(())
            return step(env)
        except Exception as e:
            raise self._located(e, step) from None

    def run_block_values(self, block: Block, args: PythonValues) -> PythonValues:
        result = self.run_block(block, args)
        assert isinstance(result, ReturnedValues)
        return result.values

    def run_loop(
        self, block: Block, ivs: Iterable[int], carried: PythonValues
    ) -> PythonValues:
        """
        Run `block` once per induction value, threading `carried` values
        through its arguments and terminator."""
        plan = self._plan(block)
        env = self.env
        iv_id, *carried_ids = plan.arg_ids
        steps = plan.steps
        step = None
        try:
            if not carried_ids:
                for iv in ivs:
                    env[iv_id] = iv
                    for step in steps:
                        step(env)
                return ()
            terminator = plan.terminator
            assert terminator is not None
            for iv in ivs:
                env[iv_id] = iv
                for key, value in zip(carried_ids, carried, strict=True):
                    env[key] = value
                for step in steps:
                    step(env)
                step = terminator
                carried = terminator(env).values
            return tuple(carried)
        except Exception as e:
            raise self._located(e, step) from None

    def run_ssacfg_region(
        self, region: Region, args: PythonValues, name: str = "unknown"
    ) -> PythonValues:
        block = region.blocks.first
        while block is not None:
            result = self.run_block(block, args)
            if isinstance(result, Successor):
                block, args = result.block, result.args
                continue
            return result.values
        return ()

    def call_function(self, fn: func.FuncOp, args: PythonValues) -> PythonValues:
        """Call `fn` with a value store of its own (recursion-safe)."""
        if fn.is_declaration:
            raise AlloError(
                f"the interpreter cannot call the external function "
                f"'@{fn.sym_name.data}'",
                fn,
            )
        saved = self.env
        self.env = {}
        try:
            return self.run_ssacfg_region(fn.body, args, fn.sym_name.data)
        finally:
            self.env = saved


def _terminator_step(fn: Compiled, keys: tuple[int, ...]) -> Step:
    return lambda env: fn(*[env[k] for k in keys])


def make_interpreter(module: ModuleOp) -> AlloInterpreter:
    """An interpreter with xDSL's tables and ours (ours win)."""
    interpreter = AlloInterpreter(module, index_bitwidth=64)
    for table in _STOCK:
        interpreter.register_implementations(table())
    for table in _OURS:
        interpreter.register_implementations(table(), override=True)
    return interpreter


def _check_type(t: Attribute, where: Operation) -> None:
    if isinstance(t, MemRefType):
        problem = memref_problem(t)  # pyright: ignore[reportUnknownArgumentType]
        if problem is not None:
            raise AlloError(f"the interpreter cannot run {t}: {problem}", where)
        return
    if isinstance(t, StreamType):
        problem = stream_problem(t)
        if problem is not None:
            raise AlloError(f"the interpreter cannot run {t}: {problem}", where)
        return
    if not scalar_supported(t):
        raise AlloError(f"the interpreter cannot run values of type {t}", where)


def check_runnable(interpreter: AlloInterpreter, fn: func.FuncOp) -> None:
    """
    AlloError at the first op (in `fn` or what it calls) that the
    interpreter cannot run, before anything runs."""
    todo = [fn]
    seen: set[str] = set()
    while todo:
        current = todo.pop()
        if current.sym_name.data in seen:
            continue
        seen.add(current.sym_name.data)
        for t in current.function_type.inputs.data:
            _check_type(t, current)
        for t in current.function_type.outputs.data:
            _check_type(t, current)
        for op in current.body.walk():
            _check_op(interpreter, op)
            if isinstance(op, func.CallOp):
                todo.append(_callee(op))


def _check_op(interpreter: AlloInterpreter, op: Operation) -> None:
    if not interpreter.supports(op):
        raise AlloError(f"the interpreter cannot run '{op.name}'", op)
    for value in (*op.operands, *op.results):
        _check_type(value.type, op)
    for region in op.regions:
        for block in region.blocks:
            for arg in block.args:
                _check_type(arg.type, op)


def _callee(call: func.CallOp) -> func.FuncOp:
    callee = SymbolTable.lookup_symbol(call, call.callee)
    if not isinstance(callee, func.FuncOp):
        raise AlloError(f"unknown function '{call.callee.string_value()}'", call)
    return callee


# numpy in, numpy out.


def buffer_from_numpy(value: Any, t: MemRefType[Any], name: str = "argument") -> Buffer:
    """A new `Buffer` of type `t` holding a copy of the array `value`."""
    dtype = numpy_dtype(t)
    array = np.asarray(value)
    shape = tuple(t.get_shape())
    if array.shape != shape:
        raise AlloError(f"argument {name}: expected shape {shape}, got {array.shape}")
    if not np.can_cast(array.dtype, dtype, casting="same_kind"):
        raise AlloError(f"argument {name}: cannot pass {array.dtype} as {t}")
    buffer = Buffer.zeros(t)
    view = buffer.numpy_view(dtype)
    view[...] = array
    if dtype.kind in "iub" and not (
        np.array_equal(view, array) and _fits(view, t.get_element_type())
    ):
        raise AlloError(f"argument {name}: values do not fit {t.get_element_type()}")
    return buffer


def _fits(values: np.ndarray[Any, Any], t: Attribute) -> bool:
    """Whether integers of a width numpy lacks (i12) are in range."""
    kind = int_kind(t)
    if kind is None or values.size == 0 or kind.width == 1:
        return True
    low = -(1 << (kind.width - 1)) if kind.signed_repr else 0
    high = low + (1 << kind.width)
    return bool(low <= int(values.min()) and int(values.max()) < high)


def _to_scalar(value: Any, t: Attribute, name: str) -> Any:
    kind = int_kind(t)
    if kind is not None:
        if not isinstance(value, int | np.integer | bool | np.bool_):
            raise AlloError(f"argument {name}: expected an integer for {t}")
        v = int(value)
        if not -(1 << (kind.width - 1)) <= v < (1 << kind.width):
            raise AlloError(f"argument {name}: {v} does not fit {t}")
        return kind.wrap(v)
    assert is_float(t)
    if not isinstance(value, int | float | np.integer | np.floating):
        raise AlloError(f"argument {name}: expected a number for {t}")
    rounder = float_rounder(t)
    return rounder(float(value)) if rounder else float(value)


def _to_python(value: Any, t: Attribute, name: str) -> Any:
    if isinstance(t, MemRefType):
        return buffer_from_numpy(value, t, name)  # pyright: ignore[reportUnknownArgumentType]
    if isinstance(t, StreamType):
        element = t.element_type
        return stream_from_numpy(value, t, lambda v: _to_scalar(v, element, name))
    return _to_scalar(value, t, name)


def _to_numpy(value: Any, t: Attribute) -> Any:
    if isinstance(t, StreamType):
        return stream_to_numpy(value, t)
    dtype = numpy_dtype(t)
    if isinstance(t, MemRefType):
        assert isinstance(value, Buffer)
        return value.numpy_view(dtype).copy()
    kind = int_kind(t)
    if kind is not None and dtype.kind == "u":
        return dtype.type(kind.unsigned(value))
    return dtype.type(value)


def run_interpreter(module: ModuleOp, func: str, args: Sequence[Any]) -> SimResult:
    """
    Run `func` of `module` on numpy `args` (see `allo_xdsl.sim`); fixed
    point and bit operations run lowered (see `interp_lowering`)."""
    fn = find_func(module, func)
    inputs = fn.function_type.inputs.data
    if len(args) != len(inputs):
        raise AlloError(
            f"'{func}' takes {len(inputs)} arguments, {len(args)} were given", fn
        )
    if not lowering.needs_lowering(module):
        return _run(module, func, args)
    outputs = fn.function_type.outputs.data
    result = _run(
        lowering.lower_for_interpreter(module),
        func,
        [
            lowering.to_lowered(a, t, _arg_name(fn, i))
            for i, (a, t) in enumerate(zip(args, inputs, strict=True))
        ],
    )
    return SimResult(
        returns=tuple(
            lowering.from_lowered(v, t)
            for v, t in zip(result.returns, outputs, strict=True)
        ),
        args=tuple(
            lowering.from_lowered(v, t)
            for v, t in zip(result.args, inputs, strict=True)
        ),
    )


def _run(module: ModuleOp, func: str, args: Sequence[Any]) -> SimResult:
    fn = find_func(module, func)
    inputs = fn.function_type.inputs.data
    interpreter = make_interpreter(module)
    check_runnable(interpreter, fn)
    values = tuple(
        _to_python(a, t, _arg_name(fn, i))
        for i, (a, t) in enumerate(zip(args, inputs, strict=True))
    )
    with np.errstate(all="ignore"):
        results = interpreter.call_function(fn, values)
    outputs = fn.function_type.outputs.data
    return SimResult(
        returns=tuple(_to_numpy(v, t) for v, t in zip(results, outputs, strict=True)),
        args=tuple(_to_numpy(v, t) for v, t in zip(values, inputs, strict=True)),
    )


def _arg_name(fn: func.FuncOp, index: int) -> str:
    entry = fn.body.blocks.first
    hint = entry.args[index].name_hint if entry is not None else None
    return f"%{hint}" if hint else f"#{index}"
