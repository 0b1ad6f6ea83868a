"""
Simulation through upstream MLIR: the circt export, lowered to LLVM by
`mlir-opt-22` and run by `mlir-runner-22`.

The module goes through the pipeline that the `circt` target declares for
`level` and that target, exactly as `allo-opt --pipeline circt -t
'circt{level=...}'` exports it. A generated
driver is appended: every input travels as `i64` values in a
`memref.global` (floats as their bit patterns, so nothing is rounded), is
converted into a buffer of the kernel's type, the kernel is called, and every
memref argument and result is converted back to `i64` and printed with the
runner library's `printMemrefI64`. Returned memrefs are output arguments in
the export; the driver allocates them and reports them as results.

    from allo_xdsl.sim.mlir_runner import run_mlir
    result = run_mlir(module, "gemm", [A, B, C], level="cf")
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FunctionType,
    IndexType,
    IntegerType,
    MemRefType,
    ModuleOp,
    NoneAttr,
)
from xdsl.ir import Attribute

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.api import lower_for_target
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.rewriting.buffer_types import output_type, strip_type
from allo_xdsl.sim.result import SimResult, numpy_dtype
from allo_xdsl.sim.tools import run_tool
from allo_xdsl.targets.circt import CirctTarget, emit_circt

MLIR_OPT = "mlir-opt-22"
MLIR_RUNNER = "mlir-runner-22"
TIMEOUT = 300

LOWERING = (
    "--lower-affine",
    "--convert-scf-to-cf",
    "--expand-strided-metadata",
    "--arith-expand",
    "--convert-math-to-llvm",
    "--convert-math-to-libm",
    "--finalize-memref-to-llvm",
    "--convert-arith-to-llvm",
    "--convert-index-to-llvm",
    "--convert-cf-to-llvm",
    "--convert-func-to-llvm",
    "--reconcile-unrealized-casts",
)
"""The mlir-opt-22 passes from the export (any level) to the LLVM dialect."""

ENTRY = "__allo_main"


@dataclass(frozen=True)
class Interface:
    """
    The original function's signature, and where its results are in the
    export: memref results are trailing output arguments there."""

    name: str
    inputs: tuple[Attribute, ...]
    outputs: tuple[Attribute, ...]


def run_mlir(
    module: ModuleOp, func: str, args: Sequence[Any], level: str = "affine"
) -> SimResult:
    """
    Run `func` of `module` on numpy `args` through the circt export at
    `level`, mlir-opt-22 and mlir-runner-22 (see `allo_xdsl.sim`)."""
    fn = find_func(module, func)
    if fn.is_declaration:
        raise AlloError(f"mlir: '@{func}' has no body", fn)
    interface = export_interface(fn.sym_name.data, fn.function_type)
    if len(args) != len(interface.inputs):
        raise AlloError(
            f"mlir: '@{func}' takes {len(interface.inputs)} arguments, "
            f"{len(args)} were given",
            fn,
        )
    inputs = [
        _to_numpy(value, t, f"argument {k} of '@{func}'")
        for k, (value, t) in enumerate(zip(args, interface.inputs, strict=True))
    ]
    source = export_text(module, level) + driver(interface, inputs)
    printed = run_source(source)
    return _results(interface, inputs, printed)


def export_interface(name: str, function_type: FunctionType) -> Interface:
    """
    The signature of function `name` as the export sees it: partition
    layouts stripped, returned views row-major."""
    inputs = tuple(strip_type(t) for t in function_type.inputs)
    outputs = tuple(
        output_type(s) if isinstance(s := strip_type(t), MemRefType) else s
        for t in function_type.outputs
    )
    return Interface(name, inputs, outputs)


def export_text(module: ModuleOp, level: str) -> str:
    """
    The module as `allo-opt --pipeline circt -t 'circt{level=...}'` prints
    it, without its closing brace (the driver goes inside the module)."""
    prepared = module.clone()
    lower_for_target(make_context(), prepared, CirctTarget(level))
    text = emit_circt(prepared, level).rstrip()
    assert text.endswith("}")
    return text[:-1]


# ----- the driver -----


def _storage_width(t: Attribute) -> int:
    if isinstance(t, Float32Type):
        return 32
    if isinstance(t, Float16Type | BFloat16Type):
        return 16
    if isinstance(t, Float64Type | IndexType):
        return 64
    if isinstance(t, IntegerType):
        return t.width.data
    raise AlloError(f"mlir: the simulation does not support type {t}")


def _from_i64(value: str, t: Attribute, fresh: _Names) -> tuple[list[str], str]:
    """Lines converting the i64 `value` to a value of scalar type `t`."""
    if isinstance(t, IndexType):
        v = fresh()
        return [f"{v} = arith.index_cast {value} : i64 to index"], v
    width = _storage_width(t)
    lines: list[str] = []
    if width < 64:
        v = fresh()
        lines.append(f"{v} = arith.trunci {value} : i64 to i{width}")
        value = v
    if not isinstance(t, IntegerType):
        v = fresh()
        lines.append(f"{v} = arith.bitcast {value} : i{width} to {t}")
        value = v
    return lines, value


def _to_i64(value: str, t: Attribute, fresh: _Names) -> tuple[list[str], str]:
    """
    Lines converting `value` of scalar type `t` to i64 (integers sign
    extended, i1 zero extended, floats as their bits)."""
    if isinstance(t, IndexType):
        v = fresh()
        return [f"{v} = arith.index_cast {value} : index to i64"], v
    width = _storage_width(t)
    lines: list[str] = []
    if not isinstance(t, IntegerType):
        v = fresh()
        lines.append(f"{v} = arith.bitcast {value} : {t} to i{width}")
        value = v
    if width < 64:
        v = fresh()
        extend = "extsi" if isinstance(t, IntegerType) and width > 1 else "extui"
        lines.append(f"{v} = arith.{extend} {value} : i{width} to i64")
        value = v
    return lines, value


class _Names:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"%v{self.count}"


def _flat(name: str, t: MemRefType, fresh: _Names) -> tuple[list[str], str, int]:
    """A 1-D view of the identity-layout memref `name`: lines, value, size."""
    shape = t.get_shape()
    size = int(np.prod(shape)) if shape else 1
    flat_type = f"memref<{size}x{t.element_type}>"
    v = fresh()
    if len(shape) == 1:
        return [], name, size
    if not shape:
        line = f"{v} = memref.expand_shape {name} [] output_shape [1]"
        return [f"{line} : {t} into {flat_type}"], v, size
    groups = "[[" + ", ".join(str(d) for d in range(len(shape))) + "]]"
    line = f"{v} = memref.collapse_shape {name} {groups} : {t} into {flat_type}"
    return [line], v, size


def _copy_loop(size: int, body: Sequence[str], fresh: _Names, iv: str) -> list[str]:
    c0, c1, cn = fresh(), fresh(), fresh()
    return [
        f"{c0} = arith.constant 0 : index",
        f"{c1} = arith.constant 1 : index",
        f"{cn} = arith.constant {size} : index",
        f"scf.for {iv} = {c0} to {cn} step {c1} {{",
        *[f"  {line}" for line in body],
        "}",
    ]


def _check_memref(t: MemRefType, what: str) -> None:
    if any(d < 0 for d in t.get_shape()):
        raise AlloError(f"mlir: {what} has dynamic shape {t}")
    if not isinstance(t.layout, NoneAttr):
        raise AlloError(f"mlir: {what} has a layout ({t}); expected row-major")


def _input_memref(
    k: int, t: MemRefType, fresh: _Names, lines: list[str], globals_: list[str]
) -> str:
    _check_memref(t, f"argument {k}")
    size = int(np.prod(t.get_shape())) if t.get_shape() else 1
    buffer = f"%arg{k}"
    lines.append(f"{buffer} = memref.alloc() : {t}")
    return _fill(buffer, t, f"__allo_in{k}", size, fresh, lines, globals_)


def _fill(
    buffer: str,
    t: MemRefType,
    global_name: str,
    size: int,
    fresh: _Names,
    lines: list[str],
    globals_: list[str],
) -> str:
    g = fresh()
    lines.append(f"{g} = memref.get_global @{global_name} : memref<{size}xi64>")
    view_lines, view, _ = _flat(buffer, t, fresh)
    lines += view_lines
    iv = fresh()
    loaded = fresh()
    convert, value = _from_i64(loaded, t.element_type, fresh)
    body = [
        f"{loaded} = memref.load {g}[{iv}] : memref<{size}xi64>",
        *convert,
        f"memref.store {value}, {view}[{iv}] : memref<{size}x{t.element_type}>",
    ]
    lines += _copy_loop(size, body, fresh, iv)
    return buffer


def _print_memref(name: str, t: MemRefType, fresh: _Names, lines: list[str]) -> None:
    view_lines, view, size = _flat(name, t, fresh)
    lines += view_lines
    out = fresh()
    lines.append(f"{out} = memref.alloc() : memref<{size}xi64>")
    iv, loaded = fresh(), fresh()
    convert, value = _to_i64(loaded, t.element_type, fresh)
    body = [
        f"{loaded} = memref.load {view}[{iv}] : memref<{size}x{t.element_type}>",
        *convert,
        f"memref.store {value}, {out}[{iv}] : memref<{size}xi64>",
    ]
    lines += _copy_loop(size, body, fresh, iv)
    _print_i64(out, size, fresh, lines)


def _print_scalar(value: str, t: Attribute, fresh: _Names, lines: list[str]) -> None:
    convert, wide = _to_i64(value, t, fresh)
    lines += convert
    out, c0 = fresh(), fresh()
    lines += [
        f"{out} = memref.alloc() : memref<1xi64>",
        f"{c0} = arith.constant 0 : index",
        f"memref.store {wide}, {out}[{c0}] : memref<1xi64>",
    ]
    _print_i64(out, 1, fresh, lines)


def _print_i64(buffer: str, size: int, fresh: _Names, lines: list[str]) -> None:
    unranked = fresh()
    lines += [
        f"{unranked} = memref.cast {buffer} : memref<{size}xi64> to memref<*xi64>",
        f"func.call @printMemrefI64({unranked}) : (memref<*xi64>) -> ()",
    ]


def _dense(values: np.ndarray[Any, Any]) -> str:
    return "dense<[" + ", ".join(str(int(v)) for v in values.reshape(-1)) + "]>"


def driver(interface: Interface, inputs: Sequence[np.ndarray[Any, Any]]) -> str:
    """The driver functions and globals (the text that closes the module)."""
    fresh = _Names()
    lines: list[str] = []
    globals_: list[str] = []
    operands: list[str] = []
    for k, (t, value) in enumerate(zip(interface.inputs, inputs, strict=True)):
        bits = _as_i64(value, t)
        if isinstance(t, MemRefType):
            size = bits.size
            globals_.append(
                f'memref.global "private" @__allo_in{k} : memref<{size}xi64> = '
                + _dense(bits)
            )
            operands.append(_input_memref(k, t, fresh, lines, globals_))
            continue
        constant = fresh()
        lines.append(f"{constant} = arith.constant {int(bits[0])} : i64")
        convert, scalar = _from_i64(constant, t, fresh)
        lines += convert
        operands.append(scalar)
    out_types = [t for t in interface.outputs if isinstance(t, MemRefType)]
    scalar_types = [t for t in interface.outputs if not isinstance(t, MemRefType)]
    outs: list[str] = []
    for k, t in enumerate(out_types):
        _check_memref(t, f"result {k}")
        outs.append(f"%out{k}")
        lines.append(f"%out{k} = memref.alloc() : {t}")
    call_types = ", ".join(str(t) for t in [*interface.inputs, *out_types])
    results = ", ".join(str(t) for t in scalar_types)
    call_operands = ", ".join([*operands, *outs])
    call = f"func.call @{interface.name}({call_operands})"
    call += f" : ({call_types}) -> ({results})"
    if scalar_types:
        call = f"%res:{len(scalar_types)} = " + call
    lines.append(call)
    memref_out = iter(outs)
    scalar_out = iter(range(len(scalar_types)))
    for t in interface.outputs:
        if isinstance(t, MemRefType):
            _print_memref(next(memref_out), t, fresh, lines)
        else:
            _print_scalar(f"%res#{next(scalar_out)}", t, fresh, lines)
    for k, t in enumerate(interface.inputs):
        if isinstance(t, MemRefType):
            _print_memref(f"%arg{k}", t, fresh, lines)
    body = "\n".join(f"    {line}" for line in lines)
    declarations = "\n".join(f"  {g}" for g in globals_)
    return (
        "\n  func.func private @printMemrefI64(memref<*xi64>) "
        "attributes {llvm.emit_c_interface}\n"
        f"{declarations}\n"
        f"  func.func @{ENTRY}() {{\n{body}\n    func.return\n  }}\n}}\n"
    )


# ----- numpy side -----


def _to_numpy(value: Any, t: Attribute, what: str) -> np.ndarray[Any, Any]:
    dtype = numpy_dtype(t)
    if isinstance(t, MemRefType):
        shape = tuple(t.get_shape())
        array = np.asarray(value)
        if array.shape != shape:
            raise AlloError(f"mlir: {what} must have shape {shape}, got {array.shape}")
        return np.ascontiguousarray(array, dtype=dtype)
    if np.ndim(value) != 0:
        raise AlloError(f"mlir: {what} must be a scalar of type {t}")
    return np.asarray(value).astype(dtype).reshape(1)


def _element(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, MemRefType) else t


def _as_i64(value: np.ndarray[Any, Any], t: Attribute) -> np.ndarray[Any, Any]:
    """The values as the driver reads them: integers, or float bits."""
    element = _element(t)
    if isinstance(element, Float32Type):
        return value.astype(np.float32).view(np.int32).astype(np.int64).reshape(-1)
    if isinstance(element, Float64Type):
        return value.astype(np.float64).view(np.int64).reshape(-1)
    if isinstance(element, Float16Type):
        return value.astype(np.float16).view(np.int16).astype(np.int64).reshape(-1)
    return value.astype(np.int64).reshape(-1)


def _from_printed(values: list[int], t: Attribute) -> Any:
    element = _element(t)
    data = np.array(values, dtype=np.int64)
    if isinstance(element, Float32Type):
        data = data.astype(np.uint32).view(np.float32)
    elif isinstance(element, Float64Type):
        data = data.view(np.float64)
    elif isinstance(element, Float16Type):
        data = data.astype(np.uint16).view(np.float16)
    else:
        data = data.astype(numpy_dtype(element))
    if isinstance(t, MemRefType):
        return data.reshape(t.get_shape())
    return data[0]


def _results(
    interface: Interface,
    inputs: Sequence[np.ndarray[Any, Any]],
    printed: list[list[int]],
) -> SimResult:
    chunks = iter(printed)
    returns = tuple(_from_printed(next(chunks), t) for t in interface.outputs)
    after: list[Any] = []
    for value, t in zip(inputs, interface.inputs, strict=True):
        if isinstance(t, MemRefType):
            after.append(_from_printed(next(chunks), t))
        else:
            after.append(value.dtype.type(value[0]))
    return SimResult(returns=returns, args=tuple(after))


# ----- running the tools -----


@cache
def runner_libraries() -> tuple[Path, Path]:
    """libmlir_runner_utils and libmlir_c_runner_utils of mlir-runner-22."""
    runner = shutil.which(MLIR_RUNNER)
    if runner is None:
        raise AlloError(
            f"mlir: {MLIR_RUNNER} is not installed (Debian package mlir-22-tools)"
        )
    lib = Path(runner).resolve().parent.parent / "lib"
    found: list[Path] = []
    for name in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"):
        candidates = sorted(lib.glob(name + "*"))
        if not candidates:
            raise AlloError(f"mlir: {name} is missing from {lib}")
        found.append(candidates[0])
    return found[0], found[1]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AlloError(f"mlir: {name} is not installed (Debian package mlir-22-tools)")
    return path


def _run(command: list[str], stdin: str, what: str) -> str:
    return run_tool(command, f"mlir: {what}", TIMEOUT, stdin=stdin)


def lower_to_llvm(source: str) -> str:
    """`source` in the LLVM dialect, by mlir-opt-22."""
    return _run([_tool(MLIR_OPT), *LOWERING], source, MLIR_OPT)


def run_source(source: str) -> list[list[int]]:
    """Lower and run `source` (with its driver); the printed memrefs."""
    llvm = lower_to_llvm(source)
    libs = ",".join(str(p) for p in runner_libraries())
    stdout = _run(
        [
            _tool(MLIR_RUNNER),
            "-e",
            ENTRY,
            "-entry-point-result=void",
            f"-shared-libs={libs}",
        ],
        llvm,
        MLIR_RUNNER,
    )
    return parse_printed(stdout)


_DATA = re.compile(r"data =\s*(\[[^A-Za-z]*\])", re.S)
_INT = re.compile(r"-?\d+")


def parse_printed(stdout: str) -> list[list[int]]:
    """The values of every `printMemrefI64` output, in order."""
    return [[int(v) for v in _INT.findall(m.group(1))] for m in _DATA.finditer(stdout)]
