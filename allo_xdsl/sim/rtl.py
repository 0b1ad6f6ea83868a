"""
RTL simulation: the `verilog` target's SystemVerilog, simulated by
Verilator with a generated C++ testbench.

The testbench models every memory port of the top module: a load port
accepts an address every cycle and answers with the word read at that
moment one cycle later or more (a FIFO of answers, in order); a store port
accepts a write every cycle, applies it, and answers `done`. It raises the
start token (and the scalar arguments) after reset, takes every result,
and counts clock cycles from the first cycle after reset to the cycle in
which the done token (`outN`) is taken. After done it runs
`QUIET_CYCLES` more cycles and fails if the design still touches a memory.

Builds are cached by a hash of the design, the testbench and Verilator's
version under `$XDG_CACHE_HOME/allo-xdsl/rtl`, so a kernel is built once;
the data travels through files, so a build serves every input.

    from allo_xdsl.sim.rtl import run_rtl
    result = run_rtl(module, "gemm_i32", [A, B])   # result.cycles
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from xdsl.dialects.builtin import IndexType, IntegerType, MemRefType, ModuleOp
from xdsl.ir import Attribute

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.api import lower_for_target
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.result import SimResult, numpy_dtype
from allo_xdsl.sim.tools import find_tool, run_tool
from allo_xdsl.targets.verilog import RtlDesign, VerilogTarget, export_rtl

MAX_CYCLES = 10_000_000
QUIET_CYCLES = 32
BUILD_TIMEOUT = 1200
RUN_TIMEOUT = 300


@dataclass(frozen=True)
class Port:
    name: str
    output: bool
    width: int
    fields: tuple[tuple[str, int], ...] = ()
    """For a packed struct: (field, width), most significant first."""


_PORT = re.compile(
    r"^(?:(input|output)\s+)?(struct packed \{([^}]*)\}|\[(\d+):0\])?\s*(\w+)$"
)
_FIELD = re.compile(r"logic\s*(?:\[(\d+):0\])?\s*(\w+)")


def parse_ports(sv: str, top: str) -> dict[str, Port]:
    """The ports of module `top` in `sv` (ANSI header, as CIRCT prints it)."""
    match = re.search(rf"^module {re.escape(top)}\((.*?)\);", sv, re.S | re.M)
    if match is None:
        raise AlloError(f"rtl: no module '{top}' in the generated SystemVerilog")
    header = re.sub(r"//[^\n]*", "", match.group(1))
    ports: dict[str, Port] = {}
    output, width, fields = False, 1, ()
    for entry in (e.strip() for e in header.split(",")):
        if not entry:
            continue
        m = _PORT.match(" ".join(entry.split()))
        if m is None:
            raise AlloError(f"rtl: cannot read port declaration '{entry}'")
        direction, typ, struct, msb, name = m.groups()
        if direction is not None:
            output = direction == "output"
            width, fields = 1, ()
            if struct is not None:
                fields = tuple(
                    (f, int(hi) + 1 if hi else 1) for hi, f in _FIELD.findall(struct)
                )
                width = sum(w for _, w in fields)
            elif msb is not None:
                width = int(msb) + 1
        elif typ is not None:
            raise AlloError(f"rtl: cannot read port declaration '{entry}'")
        ports[name] = Port(name, output, width, fields)
    return ports


# ----- the testbench -----


@dataclass(frozen=True)
class Layout:
    """Where each original argument and result lives in the data files."""

    sizes: tuple[int, ...]
    """Elements per original argument (1 for a scalar)."""
    memories: tuple[int, ...]
    """Original arguments that are memrefs."""
    results: int


def _mask(width: int) -> str:
    return "~0ULL" if width >= 64 else f"((1ULL << {width}) - 1)"


_PRELUDE = """\
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <vector>
#include "verilated.h"
#include "V{top}.h"

template <typename T> static uint64_t bits(const T &v, int lo, int w) {{
  return (uint64_t(v) >> lo) & (w >= 64 ? ~0ULL : ((1ULL << w) - 1));
}}
template <std::size_t N>
static uint64_t bits(const VlWide<N> &v, int lo, int w) {{
  uint64_t r = 0;
  for (int i = 0; i < w; ++i) {{
    int b = lo + i;
    r |= uint64_t((v[b / 32] >> (b % 32)) & 1u) << i;
  }}
  return r;
}}
static void fail(const char *what, uint64_t a = 0, uint64_t b = 0) {{
  std::fprintf(stderr, what, (unsigned long long)a, (unsigned long long)b);
  std::fprintf(stderr, "\\n");
  std::exit(4);
}}
struct LoadPort {{ std::deque<uint64_t> answers; }};
struct StorePort {{ uint64_t pending = 0; }};
"""


def testbench(design: RtlDesign, ports: dict[str, Port], layout: Layout) -> str:
    """
    The C++ testbench of `design`: reads `in.bin` (int64 per element of
    every original argument), writes `out.bin` (every result, then every
    memref argument) and prints `cycles N`."""
    top = design.top
    lines = [_PRELUDE.format(top=top), "int main(int argc, char **argv) {"]
    lines += [
        "  Verilated::commandArgs(argc, argv);",
        '  const std::string dir = argc > 1 ? argv[1] : ".";',
        f"  auto top = std::make_unique<V{top}>();",
        f"  std::vector<std::vector<uint64_t>> data({len(layout.sizes)});",
        '  std::FILE *in = std::fopen((dir + "/in.bin").c_str(), "rb");',
        '  if (!in) fail("rtl: cannot read in.bin");',
    ]
    for k, size in enumerate(layout.sizes):
        lines += [
            f"  data[{k}].resize({size});",
            f"  if (std::fread(data[{k}].data(), 8, {size}, in) != {size}) "
            'fail("rtl: in.bin is short");',
        ]
    lines.append("  std::fclose(in);")
    loads, stores, scalars = _port_lists(design, ports)
    n_args = len(design.arg_types)
    results = len(design.result_types)
    lines += [
        f"  LoadPort ld[{max(1, len(loads))}];",
        f"  StorePort st[{max(1, len(stores))}];",
        f"  bool given[{n_args + 1}] = {{}};",
        f"  bool got[{results + 1}] = {{}};",
        f"  uint64_t result[{results + 1}] = {{}};",
        "  auto tick = [&](bool clock) { top->clock = clock; top->eval(); };",
        "  top->reset = 1;",
        "  for (int i = 0; i < 4; ++i) { tick(0); tick(1); }",
        "  top->reset = 0;",
        "  uint64_t cycles = 0, done_at = 0, touched_after = 0;",
        "  bool done = false;",
        f"  while (cycles < {MAX_CYCLES}ULL) {{",
    ]
    lines += _drive(design, ports, loads, stores, scalars, n_args, results)
    lines += ["    tick(0);", "    bool touched = false;"]
    lines += _sample(design, ports, loads, stores, scalars, n_args, results)
    lines += [
        "    tick(1);",
        "    ++cycles;",
        "    if (done && touched) ++touched_after;",
        f"    if (!done && got[{results}]) {{ done = true; done_at = cycles; }}",
        f"    if (done && cycles >= done_at + {QUIET_CYCLES}) break;",
        "  }",
        '  if (!done) fail("rtl: no done token after %llu cycles", cycles);',
        "  if (touched_after) "
        'fail("rtl: the design accessed memory in %llu cycles after done", '
        "touched_after);",
        '  std::FILE *out = std::fopen((dir + "/out.bin").c_str(), "wb");',
        '  if (!out) fail("rtl: cannot write out.bin");',
        f"  std::fwrite(result, 8, {results}, out);",
    ]
    for k in layout.memories:
        lines.append(f"  std::fwrite(data[{k}].data(), 8, {layout.sizes[k]}, out);")
    lines += [
        "  std::fclose(out);",
        '  std::printf("cycles %llu\\n", (unsigned long long)done_at);',
        "  top->final();",
        "  return 0;",
        "}",
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Mem:
    index: int
    """Position among the load (or store) ports."""
    prefix: str
    source: int
    size: int


def _port_lists(
    design: RtlDesign, ports: dict[str, Port]
) -> tuple[list[_Mem], list[_Mem], list[int]]:
    loads: list[_Mem] = []
    stores: list[_Mem] = []
    scalars: list[int] = []
    for p, t in enumerate(design.arg_types):
        if not isinstance(t, MemRefType):
            scalars.append(p)
            continue
        size = math.prod(t.get_shape())
        for j in range(len(ports)):
            if f"in{p}_ld{j}_addr" not in ports:
                break
            loads.append(_Mem(len(loads), f"in{p}_ld{j}", design.sources[p], size))
        for j in range(len(ports)):
            if f"in{p}_st{j}" not in ports:
                break
            stores.append(_Mem(len(stores), f"in{p}_st{j}", design.sources[p], size))
    return loads, stores, scalars


def _drive(
    design: RtlDesign,
    ports: dict[str, Port],
    loads: list[_Mem],
    stores: list[_Mem],
    scalars: list[int],
    n_args: int,
    results: int,
) -> list[str]:
    lines: list[str] = []
    for m in loads:
        lines += [
            f"    top->{m.prefix}_addr_ready = 1;",
            f"    top->{m.prefix}_data_valid = !ld[{m.index}].answers.empty();",
            f"    top->{m.prefix}_data = ld[{m.index}].answers.empty() ? 0 : "
            f"ld[{m.index}].answers.front();",
        ]
    for m in stores:
        lines += [
            f"    top->{m.prefix}_ready = 1;",
            f"    top->{m.prefix}_done_valid = st[{m.index}].pending > 0;",
        ]
    for p in scalars:
        width = ports[f"in{p}"].width
        lines += [
            f"    top->in{p}_valid = !given[{p}];",
            f"    top->in{p} = data[{design.sources[p]}][0] & {_mask(width)};",
        ]
    lines.append(f"    top->in{n_args}_valid = !given[{n_args}];")
    for r in range(results + 1):
        lines.append(f"    top->out{r}_ready = 1;")
    return lines


def _sample(
    design: RtlDesign,
    ports: dict[str, Port],
    loads: list[_Mem],
    stores: list[_Mem],
    scalars: list[int],
    n_args: int,
    results: int,
) -> list[str]:
    lines: list[str] = []
    for m in loads:
        lines += [
            f"    if (top->{m.prefix}_data_valid && top->{m.prefix}_data_ready) "
            f"ld[{m.index}].answers.pop_front();",
            f"    if (top->{m.prefix}_addr_valid) {{",
            f"      uint64_t a = top->{m.prefix}_addr;",
            f"      if (a >= {m.size}) "
            f'fail("rtl: load address %llu out of %llu", a, {m.size});',
            f"      ld[{m.index}].answers.push_back(data[{m.source}][a]);",
            "      touched = true;",
            "    }",
        ]
    for m in stores:
        port = ports[m.prefix]
        (_, addr_width), (_, data_width) = port.fields
        lines += [
            f"    if (top->{m.prefix}_done_valid && top->{m.prefix}_done_ready) "
            f"--st[{m.index}].pending;",
            f"    if (top->{m.prefix}_valid) {{",
            f"      uint64_t a = bits(top->{m.prefix}, {data_width}, {addr_width});",
            f"      if (a >= {m.size}) "
            f'fail("rtl: store address %llu out of %llu", a, {m.size});',
            f"      data[{m.source}][a] = bits(top->{m.prefix}, 0, {data_width});",
            f"      ++st[{m.index}].pending;",
            "      touched = true;",
            "    }",
        ]
    for p in [*scalars, n_args]:
        lines.append(
            f"    if (top->in{p}_valid && top->in{p}_ready) given[{p}] = true;"
        )
    for r in range(results):
        width = ports[f"out{r}"].width
        lines.append(
            f"    if (top->out{r}_valid && !got[{r}]) "
            f"{{ got[{r}] = true; result[{r}] = bits(top->out{r}, 0, {width}); }}"
        )
    lines.append(f"    if (top->out{results}_valid) got[{results}] = true;")
    return lines


# ----- building and running -----


def _verilator() -> tuple[str, str]:
    return find_tool("verilator", "rtl", " (Debian package verilator)")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "allo-xdsl" / "rtl"
    path.mkdir(parents=True, exist_ok=True)
    return path


def build(design: RtlDesign, tb: str) -> Path:
    """The simulator of `design` with testbench `tb`, built once per cache."""
    verilator, version = _verilator()
    key = hashlib.sha256("\0".join((version, design.sv, tb)).encode()).hexdigest()
    directory = cache_dir() / key[:32]
    binary = directory / "Vtb"
    if binary.is_file():
        return binary
    work = Path(tempfile.mkdtemp(prefix="build-", dir=cache_dir()))
    try:
        (work / "design.sv").write_text(design.sv)
        (work / "tb.cpp").write_text(tb)
        command = [
            verilator,
            "--cc",
            "--exe",
            "--build",
            "-j",
            "2",
            "-Wno-fatal",
            "-Wno-lint",
            "-Wno-style",
            "--x-assign",
            "fast",
            "--x-initial",
            "fast",
            # The model is small and runs briefly: compile it fast.
            "-MAKEFLAGS",
            "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0",
            "--top-module",
            design.top,
            "-Mdir",
            "obj",
            "-o",
            "Vtb",
            "design.sv",
            "tb.cpp",
        ]
        run_tool(command, f"rtl: verilator on {design.top}", BUILD_TIMEOUT, cwd=work)
        directory.mkdir(exist_ok=True)
        os.replace(work / "obj" / "Vtb", binary.with_suffix(".tmp"))
        os.replace(binary.with_suffix(".tmp"), binary)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return binary


def _bits(value: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return value.astype(np.int64).reshape(-1)


def _decode(raw: np.ndarray[Any, Any], t: Attribute) -> np.ndarray[Any, Any]:
    """Raw words (the low `width` bits) as values of element type `t`."""
    width = 64 if isinstance(t, IndexType) else t.width.data  # type: ignore[attr-defined]
    dtype = numpy_dtype(t)
    if width == 1:
        return (raw & 1).astype(dtype)
    if width >= 64:
        return raw.astype(dtype)
    low = raw.astype(np.uint64) & np.uint64((1 << width) - 1)
    signed = low.astype(np.int64)
    signed = np.where(signed >= 1 << (width - 1), signed - (1 << width), signed)
    return signed.astype(dtype)


def run_rtl(
    module: ModuleOp, func: str, args: Sequence[Any], design: RtlDesign | None = None
) -> SimResult:
    """
    Run `func` of `module` on numpy `args` in RTL simulation (see
    `allo_xdsl.sim`); `module` is exported after the pipeline the `verilog`
    target declares unless `design` (its `verilog` export) is given."""
    fn = find_func(module, func)
    original = [*fn.function_type.inputs.data]
    outputs = [*fn.function_type.outputs.data]
    if len(args) != len(original):
        raise AlloError(
            f"rtl: '@{func}' takes {len(original)} arguments, {len(args)} were given",
            fn,
        )
    if design is None:
        design = export_design(module, func)
    given = [
        _input(v, t, f"argument {k}")
        for k, (v, t) in enumerate(zip(args, original, strict=True))
    ]
    memref_results = [t for t in outputs if isinstance(t, MemRefType)]
    all_args = [*original, *memref_results]
    inputs = [
        *given,
        *(np.zeros(t.get_shape(), numpy_dtype(t.element_type)) for t in memref_results),
    ]
    layout = Layout(
        sizes=tuple(max(1, v.size) for v in inputs),
        memories=tuple(k for k, t in enumerate(all_args) if isinstance(t, MemRefType)),
        results=len(design.result_types),
    )
    ports = parse_ports(design.sv, design.top)
    binary = build(design, testbench(design, ports, layout))
    with tempfile.TemporaryDirectory(prefix="allo-rtl-") as tmp:
        work = Path(tmp)
        np.concatenate([_bits(v) for v in inputs]).tofile(work / "in.bin")
        stdout = _run(binary, work)
        raw = np.fromfile(work / "out.bin", dtype=np.int64)
    cycles = int(stdout.split()[-1])
    after: dict[int, Any] = {}
    offset = layout.results
    for k in layout.memories:
        t = all_args[k]
        assert isinstance(t, MemRefType)
        words = raw[offset : offset + layout.sizes[k]]
        after[k] = _decode(words, t.element_type).reshape(t.get_shape())
        offset += layout.sizes[k]
    scalar_results = iter(raw[: layout.results])
    memref_slots = iter(range(len(original), len(all_args)))
    returns = tuple(
        after[next(memref_slots)]
        if isinstance(t, MemRefType)
        else _decode(np.array([next(scalar_results)]), t)[0]
        for t in outputs
    )
    final_args = tuple(
        after[k] if k in after else v.dtype.type(v[0]) for k, v in enumerate(given)
    )
    return SimResult(returns=returns, args=final_args, cycles=cycles)


def export_design(module: ModuleOp, func: str) -> RtlDesign:
    """
    The `verilog` export of `func` after the pipeline that the target
    declares."""
    prepared = module.clone()
    lower_for_target(make_context(), prepared, VerilogTarget(func))
    return export_rtl(prepared, func)


def _input(value: Any, t: Attribute, what: str) -> np.ndarray[Any, Any]:
    if isinstance(t, MemRefType):
        dtype = numpy_dtype(t.element_type)
        shape = tuple(t.get_shape())
        array = np.asarray(value)
        if array.shape != shape:
            raise AlloError(f"rtl: {what} must have shape {shape}, got {array.shape}")
        return np.ascontiguousarray(array, dtype=dtype)
    if not isinstance(t, IntegerType | IndexType):
        raise AlloError(f"rtl: {what} has type {t}; only integers become RTL")
    if np.ndim(value) != 0:
        raise AlloError(f"rtl: {what} must be a scalar of type {t}")
    return np.asarray(value).astype(numpy_dtype(t)).reshape(1)


def _run(binary: Path, work: Path) -> str:
    return run_tool([str(binary), str(work)], "rtl: the simulation", RUN_TIMEOUT)
