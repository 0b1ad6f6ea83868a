"""
The `vitis-project` target: a directory to hand to Vitis HLS.

    kernel.cpp    the HLS C++ of the top function and its callees
    kernel.h      its includes and the top function's prototype
    tb.cpp        a test bench: golden inputs, the call, golden outputs;
                  returns 0 only when every output matches
    run_hls.tcl   csim, csynth, cosim and export (part and clock of the device)
    README.md     how to run it

The target only prints: the golden data (inputs and the outputs that the
unscheduled kernel computes on them) is computed above it, by
`allo_xdsl.sim.golden` (C simulation), and handed to `project_files`.
`allo-opt -t 'vitis-project{top=F}' -o DIR` does both and writes DIR
atomically; without `-o DIR` the target is refused, as it writes files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute
from xdsl.utils.target import Target

from allo_xdsl.analysis.dataflow_form import check_module as check_dataflow_form
from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.qor.device import available_devices, load_device
from allo_xdsl.targets.csim import top_function
from allo_xdsl.targets.hls_cpp import FunctionInterface, emit_unit
from allo_xdsl.targets.hls_types import CppTypes

# Tolerance of the test bench for floating point outputs: a schedule may
# reassociate sums (the golden data comes from the unscheduled kernel).
RTOL = 1e-3
ATOL = 1e-5


@dataclass(frozen=True)
class Golden:
    """
    Test data of the top function: `inputs` (one per parameter), the
    parameters after the call (`after`, one per parameter) and the results
    (`returns`), as numpy values."""

    inputs: Sequence[Any]
    after: Sequence[Any]
    returns: Sequence[Any]


@dataclass(frozen=True)
class VitisProjectTarget(Target):
    """
    Options: `top` (the kernel; default the only uncalled function) and
    `device` (default `u280`)."""

    name = "vitis-project"

    top: str = ""
    device: str = "u280"

    writes_directory = True

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        raise AlloError(
            "vitis-project target: it writes a directory; give it with -o DIR",
            module,
        )

    def files(self, module: ModuleOp, golden: Golden) -> dict[str, str]:
        check_dataflow_form(module)
        return project_files(module, self.top, self.device, golden)


def project_files(
    module: ModuleOp, top: str, device: str, golden: Golden
) -> dict[str, str]:
    """The files of the project, by name."""
    if device not in available_devices():
        raise AlloError(did_you_mean("device", device, available_devices()), module)
    table = load_device(device)
    top = top_function(module, top)
    unit = emit_unit(module, roots=[top])
    interface = unit.functions[top]
    part, clock = table.part, table.clock_ns
    return {
        "kernel.cpp": '#include "kernel.h"\n\n' + unit.source,
        "kernel.h": _header(unit.source, interface.cpp_name, module),
        "tb.cpp": test_bench(interface, golden),
        "run_hls.tcl": run_hls_tcl(interface.cpp_name, part, clock),
        "README.md": _README.format(top=interface.cpp_name, part=part, clock=clock),
    }


def _header(source: str, cpp_name: str, module: ModuleOp) -> str:
    """The includes of `source` and the prototype of `cpp_name`."""
    includes = [line for line in source.splitlines() if line.startswith("#include")]
    start = source.find(f"\nvoid {cpp_name}(")
    end = source.find(") {", start)
    if start < 0 or end < 0:
        raise AlloError(f"vitis-project: no definition of '{cpp_name}'", module)
    prototype = source[start + 1 : end + 1] + ";"
    guard = "ALLO_KERNEL_H"
    return "\n".join(
        [f"#ifndef {guard}", f"#define {guard}", *includes, "", prototype, "#endif", ""]
    )


# --- the test bench -------------------------------------------------------------


def test_bench(interface: FunctionInterface, golden: Golden) -> str:
    """
    A `main` that calls the kernel on the golden inputs and compares every
    array parameter and result with the golden outputs."""
    types = CppTypes(set())
    lines = [
        "// Test bench: golden data from C simulation of the unscheduled kernel.",
        "#include <cmath>",
        "#include <cstdio>",
        '#include "kernel.h"',
        "",
        "static int errors = 0;",
        "",
        "template <typename T, typename U>",
        "static void check(const char *name, int k, T got, U want, bool exact) {",
        "  double g = (double)got, w = (double)want;",
        "  bool ok = exact ? g == w",
        f"                 : std::fabs(g - w) <= {ATOL} + {RTOL} * std::fabs(w);",
        "  if (!ok && errors++ < 10)",
        '    std::printf("%s[%d]: got %.9g, expected %.9g\\n", name, k, g, w);',
        "}",
        "",
        "int main() {",
    ]
    call: list[str] = []
    checks: list[str] = []
    for k, t in enumerate(interface.inputs):
        name = f"arg{k}"
        lines += _declare(types, name, t, golden.inputs[k])
        call.append(name)
        if isinstance(t, MemRefType):
            checks += _compare(types, name, t, golden.after[k])
    for k, t in enumerate(interface.outputs):
        name = f"ret{k}"
        lines += _declare(types, name, t, None)
        call.append(name if isinstance(t, MemRefType) else f"&{name}")
        checks += _compare(types, name, t, golden.returns[k])
    lines.append(f"  {interface.cpp_name}({', '.join(call)});")
    lines += checks
    lines += [
        '  if (errors) std::printf("FAIL: %d mismatches\\n", errors);',
        '  else std::printf("PASS\\n");',
        "  return errors ? 1 : 0;",
        "}",
        "",
    ]
    return "\n".join(lines)


def _element(t: Attribute) -> Attribute:
    element = t.element_type if isinstance(t, MemRefType) else t
    if not isinstance(element, IntegerType | IndexType | Float32Type | Float64Type):
        raise AlloError(
            f"vitis-project: test data of type {element} is not supported "
            "(integers, index, f32 and f64 are)"
        )
    return element


def _literal(value: Any, element: Attribute) -> str:
    if isinstance(element, Float32Type):
        return float(np.float32(value)).hex() + "f"
    if isinstance(element, Float64Type):
        return float(value).hex()
    return f"{int(value)}LL"


def _declare(types: CppTypes, name: str, t: Attribute, value: Any) -> list[str]:
    element = _element(t)
    if not isinstance(t, MemRefType):
        init = f" = {_literal(value, element)}" if value is not None else ""
        return [f"  {types.scalar(t, None)} {name}{init};"]
    cpp = types.element(t, None)
    shape = t.get_shape()
    dims = "".join(f"[{d}]" for d in shape) or "[1]"
    size = math.prod(shape)
    lines = [f"  static {cpp} {name}{dims};"]
    if value is not None:
        data = ", ".join(_literal(v, element) for v in np.asarray(value).ravel())
        lines += [
            f"  static const {cpp} {name}_in[{size}] = {{{data}}};",
            f"  for (int k = 0; k < {size}; k++)",
            f"    ({_first(name, t)})[k] = {name}_in[k];",
        ]
    return lines


def _compare(types: CppTypes, name: str, t: Attribute, value: Any) -> list[str]:
    element = _element(t)
    exact = "false" if isinstance(element, Float32Type | Float64Type) else "true"
    if not isinstance(t, MemRefType):
        return [f'  check("{name}", 0, {name}, {_literal(value, element)}, {exact});']
    cpp = types.element(t, None)
    size = math.prod(t.get_shape())
    data = ", ".join(_literal(v, element) for v in np.asarray(value).ravel())
    return [
        f"  static const {cpp} {name}_out[{size}] = {{{data}}};",
        f"  for (int k = 0; k < {size}; k++)",
        f'    check("{name}", k, ({_first(name, t)})[k], {name}_out[k], {exact});',
    ]


def _first(name: str, t: MemRefType[Attribute]) -> str:
    return "&" + name + "[0]" * max(1, len(t.get_shape()))


# --- the Tcl script and the README -----------------------------------------------


def run_hls_tcl(top: str, part: str, clock: float) -> str:
    return "\n".join(
        [
            "# Vitis HLS: vitis_hls -f run_hls.tcl",
            f"open_project -reset {top}_prj",
            f"set_top {top}",
            "add_files kernel.cpp",
            "add_files kernel.h",
            'add_files -tb tb.cpp -cflags "-std=c++14"',
            "open_solution -reset solution1 -flow_target vitis",
            f"set_part {{{part}}}",
            f"create_clock -period {clock} -name default",
            "csim_design",
            "csynth_design",
            "cosim_design",
            "export_design -format xo",
            "exit",
            "",
        ]
    )


_README = """\
# Vitis HLS project of `{top}` (generated by allo-xdsl)

- `kernel.cpp`, `kernel.h`: the kernel, as `allo-opt -t hls-cpp` prints it.
- `tb.cpp`: a test bench with golden inputs and outputs (from C simulation
  of the unscheduled kernel); it prints PASS and returns 0 only when every
  output matches (floating point to a relative {rtol}).
- `run_hls.tcl`: C simulation, C synthesis, C/RTL co-simulation and export
  (`.xo`) for part `{part}` at a {clock} ns clock.

Run `vitis_hls -f run_hls.tcl` here. The synthesis report is then in
`{top}_prj/solution1/syn/report/`. Without Vitis, check the test bench with
`g++ -std=c++17 -I<ap_types> tb.cpp kernel.cpp && ./a.out`.
""".replace("{rtol}", str(RTOL))
