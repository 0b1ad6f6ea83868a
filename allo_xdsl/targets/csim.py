"""
The `csim` target: the HLS C++ of a top function and its callees, plus a
test-bench `main`, as one program for C simulation outside Python.

The program takes a directory: it reads `argK.bin` (argument K, raw
little-endian elements) from it, calls the top function, and writes
`retK.bin` (result K) and `argK.out.bin` (memref argument K after the call).
Fixed-point values and integers over 64 bits travel as raw bits in 64-bit
words (`allo_xdsl.targets.testbench`). `allo_xdsl.sim.simulate(...,
backend="csim")` runs exactly this.

The target declares the `fpga` pipeline, which `allo-opt` and
`allo_xdsl.api` run first when the module still holds schedules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from allo_xdsl.analysis.call_graph import callees, functions
from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.targets.hls_cpp import emit_unit
from allo_xdsl.targets.testbench import csim_main


def top_function(module: ModuleOp, top: str) -> str:
    """`top`, checked, or the one defined function no other function calls."""
    funcs = functions(module)
    if top:
        if top not in funcs:
            raise AlloError(did_you_mean("function", top, funcs), module)
        return top
    called = {name for fn in funcs.values() for name in callees(fn)}
    roots = [
        name
        for name, fn in funcs.items()
        if name not in called and isinstance(fn, func.FuncOp) and not fn.is_declaration
    ]
    if len(roots) != 1:
        raise AlloError(
            "csim target: name the top function (-t 'csim{top=NAME}'); "
            f"uncalled functions: {', '.join(roots) or '(none)'}",
            module,
        )
    return roots[0]


@dataclass(frozen=True)
class CSimTarget(Target):
    """
    Options: `top`, the function the test bench calls (default: the only
    function that no other function calls)."""

    name = "csim"

    top: str = ""

    pipeline = "fpga"
    """The builtin pipeline that prepares a module for this target."""

    def accepts(self, module: ModuleOp) -> bool:
        """
        Whether `module` is ready (else run `pipeline` first): its
        schedules are applied."""
        return not any(op.dialect_name() == "sched" for op in module.walk())

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        top = top_function(module, self.top)
        unit = emit_unit(module, roots=[top])
        output.write(unit.source + csim_main(unit.functions[top]))
