"""
The `verilog` target: SystemVerilog through CIRCT's dynamic (handshake)
flow, for integer kernels.

The module must be prepared by the `circt-cf` pipeline, which the target
declares (`allo-opt` and `allo_xdsl.api` run it when the module is not
ready). The target splits, in a copy, read-only memories with several loads
into one argument per load (see below), and runs CIRCT
(`allo_xdsl.targets.circt_hw`, from the pycde package) in a child process.

The top hardware module is the function `top` (by default the only function
that no other function calls). Its ports, as CIRCT names them: per memref
argument `inK`, a load port `inK_ld0_addr`/`inK_ld0_data` and a store port
`inK_st0` (`{address, data}`) with `inK_st0_done`, each a valid/ready
handshake; per scalar argument `inK`; `inN` (N = number of arguments) starts
the function and `outM` (M = number of results) says it is done; `clock`
and `reset` (synchronous, active high).

CIRCT in pycde 0.12.1 aborts when a memory with several ports (loads and
stores) is followed by another memref argument (`handshake-lower-extmem-to-hw`
keeps stale argument indices). So a memory that the function only reads is
passed once per load, as extra arguments after the others, and the one
memory left with several ports becomes the last memref argument
(`RtlDesign.sources` maps each hardware argument back); two memories with
several ports each are an error. Floating point has no hardware lowering in CIRCT: a
float or `math` op is an error.

    allo-opt kernel.mlir --pipeline my.yaml -t verilog -o kernel.sv
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from typing import IO

from xdsl.context import Context
from xdsl.dialects import func, memref
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FunctionType,
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute, BlockArgument, Operation
from xdsl.printer import Printer
from xdsl.utils.target import Target

from allo_xdsl.analysis.call_graph import callees, functions
from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.circt import check_export, exportable

CIRCT_TIMEOUT = 600
_FLOATS = (Float16Type, BFloat16Type, Float32Type, Float64Type)


@dataclass(frozen=True)
class RtlDesign:
    """SystemVerilog for one top function, and how its ports map back."""

    sv: str
    top: str
    arg_types: tuple[Attribute, ...]
    """The hardware arguments (after read-port splitting), in port order."""
    sources: tuple[int, ...]
    """For each hardware argument, the original argument it stands for."""
    result_types: tuple[Attribute, ...]


@dataclass(frozen=True)
class VerilogTarget(Target):
    """
    SystemVerilog of function `top` (default: the one function no other
    function calls) and its callees; see the module docstring."""

    name = "verilog"

    top: str = ""

    pipeline = "circt-cf"
    """The builtin pipeline that prepares a module for this target."""

    def accepts(self, module: ModuleOp) -> bool:
        """Whether `module` is ready (else run `pipeline` first)."""
        return exportable(module, "cf") and not _memref_results(module)

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        output.write(export_rtl(module, self.top or None).sv)


def drop_asserts(module: ModuleOp) -> None:
    """
    Hardware has no `cf.assert` (CIRCT's handshake flow cannot lower it):
    they are dropped, as Vitis HLS leaves them out of synthesis; the
    simulations of the MLIR and of the HLS C++ check them."""
    for op in [o for o in module.walk() if o.name == "cf.assert"]:
        op.detach()
        op.erase()


def export_rtl(module: ModuleOp, top: str | None = None) -> RtlDesign:
    """
    Run `module`, prepared by the `circt-cf` pipeline, through CIRCT to
    SystemVerilog; `module` itself is not changed."""
    top_fn = top_function(module, top)
    check_integer(module)
    check_no_memref_results(module)
    check_export(module, "affine")
    check_export(module, "cf")
    exported = module.clone()
    drop_asserts(exported)
    hw_fn = functions(exported)[top_fn.sym_name.data]
    sources = memory_ports(hw_fn)
    text = _print(exported)
    sv = run_circt(text, top_fn)
    fn_type = hw_fn.function_type
    return RtlDesign(
        sv=sv,
        top=hw_fn.sym_name.data,
        arg_types=tuple(fn_type.inputs.data),
        sources=tuple(sources),
        result_types=tuple(fn_type.outputs.data),
    )


def top_function(module: ModuleOp, top: str | None) -> func.FuncOp:
    """Function `top`, or the only defined function that nothing calls."""
    if top is not None:
        return find_func(module, top)
    funcs = {n: f for n, f in functions(module).items() if not f.is_declaration}
    called = {c for f in funcs.values() for c in callees(f)}
    roots = [f for n, f in funcs.items() if n not in called]
    if len(roots) != 1:
        names = ", ".join(sorted(f.sym_name.data for f in roots)) or "(none)"
        raise AlloError(
            f"verilog target: cannot tell the top function (candidates: {names}); "
            "name it with the target option top (xdsl-opt -t 'verilog{top=NAME}')",
            module,
        )
    return roots[0]


def _float_in(t: Attribute) -> Attribute | None:
    if isinstance(t, _FLOATS):
        return t
    if isinstance(t, MemRefType) and isinstance(t.element_type, _FLOATS):
        return t.element_type
    if isinstance(t, FunctionType):
        for x in (*t.inputs, *t.outputs):
            if (found := _float_in(x)) is not None:
                return found
    return None


def check_integer(module: ModuleOp) -> None:
    """CIRCT lowers integer arithmetic only: reject floats and math ops."""
    for op in module.walk():
        if op.dialect_name() == "math":
            raise AlloError(_no_float(op, f"'{op.name}'"), op)
        for t in _types(op):
            if (found := _float_in(t)) is not None:
                raise AlloError(_no_float(op, f"{found} in '{op.name}'"), op)


def _no_float(op: Operation, what: str) -> str:
    return (
        f"verilog target: {what} is floating point, which CIRCT's handshake flow "
        "cannot lower to hardware; only integer kernels become RTL"
    )


def _types(op: Operation) -> list[Attribute]:
    types: list[Attribute] = [*op.result_types, *op.operand_types]
    if isinstance(op, func.FuncOp):
        types.append(op.function_type)
    return types


def check_no_memref_results(module: ModuleOp) -> None:
    if (fn := _memref_results(module)) is not None:
        raise AlloError(
            f"verilog target: '@{fn.sym_name.data}' returns a memref; run the "
            "circt-cf pipeline first (allo-opt -t verilog runs it)",
            fn,
        )


def _memref_results(module: ModuleOp) -> func.FuncOp | None:
    """A function that returns a memref, if there is one."""
    for fn in functions(module).values():
        if any(isinstance(t, MemRefType) for t in fn.function_type.outputs):
            return fn
    return None


def memory_ports(fn: func.FuncOp) -> list[int]:
    """
    Work around CIRCT's `handshake-lower-extmem-to-hw` (pycde 0.12.1),
    which uses stale argument indices after a memory with several ports:
    every load of a read-only memref argument gets an argument of its own,
    and the one memory left with several ports becomes the last memref
    argument. Returns, for every argument of `fn` afterwards, the original
    argument it stands for; rejects two memories with several ports."""
    entry = fn.body.blocks.first
    assert entry is not None
    sources = list(range(len(entry.args)))
    for index, arg in enumerate(list(entry.args)):
        loads = _loads_only(arg)
        for load in loads[1:]:
            copy = entry.insert_arg(arg.type, len(entry.args))
            copy.name_hint = arg.name_hint
            load.operands = [copy, *load.operands[1:]]
            sources.append(index)
    multi = [
        arg
        for arg in entry.args
        if isinstance(arg.type, MemRefType) and len(list(arg.uses)) > 1
    ]
    if len(multi) > 1:
        names = ", ".join(str(sources[a.index]) for a in multi)
        raise AlloError(
            f"verilog target: '@{fn.sym_name.data}' has several memories that are "
            f"accessed at several places and written (arguments {names}); CIRCT "
            "(pycde 0.12.1) aborts on more than one memory with several ports",
            fn,
        )
    for arg in multi:
        moved = entry.insert_arg(arg.type, len(entry.args))
        moved.name_hint = arg.name_hint
        arg.replace_all_uses_with(moved)
        sources.append(sources.pop(arg.index))
        entry.erase_arg(arg)
    fn.function_type = FunctionType.from_lists(
        entry.arg_types, fn.function_type.outputs.data
    )
    fn.arg_attrs = None
    return sources


def _loads_only(arg: BlockArgument) -> list[memref.LoadOp]:
    """The loads of memref `arg` when it is only loaded from."""
    if not isinstance(arg.type, MemRefType):
        return []
    users = [use.operation for use in arg.uses]
    loads = [u for u in users if isinstance(u, memref.LoadOp)]
    return loads if len(loads) == len(users) else []


def _print(module: ModuleOp) -> str:
    out = StringIO()
    Printer(out).print_op(module)
    return out.getvalue() + "\n"


def run_circt(mlir: str, top: func.FuncOp) -> str:
    """SystemVerilog for `mlir`, by CIRCT in a child process."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "allo_xdsl.targets.circt_hw"],
            input=mlir,
            capture_output=True,
            text=True,
            check=False,
            timeout=CIRCT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise AlloError(
            f"verilog target: CIRCT did not finish within {CIRCT_TIMEOUT} s", top
        ) from None
    if done.returncode == 3:
        raise AlloError(f"verilog target: {done.stderr.strip()}")
    if done.returncode != 0:
        what = (
            f"crashed (signal {-done.returncode})"
            if done.returncode < 0
            else "rejected the export"
        )
        detail = "\n".join(done.stderr.strip().splitlines()[:8])
        raise AlloError(
            f"verilog target: CIRCT {what} of '@{top.sym_name.data}':\n{detail}", top
        )
    return done.stdout
