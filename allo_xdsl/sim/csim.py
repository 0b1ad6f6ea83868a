"""
C simulation: emit HLS C++, compile it with g++ and run it on numpy data.

The emitted unit gets the test bench of the `csim` target
(`allo_xdsl.targets.testbench`), a `main` that reads every argument from a
binary file, calls the function and writes every output (returned values,
then all memref arguments) back. g++ compiles against the Vitis ap_types
headers that the installed hls4ml package ships (used in place, never
copied). Binaries are cached by a hash of their source and flags, under
`$XDG_CACHE_HOME/allo-xdsl/csim` (`~/.cache/...` by default), so a kernel is
compiled once; the headers are precompiled once per cache.

    from allo_xdsl.sim.csim import run_csim
    result = run_csim(module, "gemm", [A, B, C])
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import resource
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.ir import Attribute

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.result import SimResult, numpy_dtype
from allo_xdsl.sim.tools import find_tool, run_tool
from allo_xdsl.targets.hls_cpp import emit_unit
from allo_xdsl.targets.testbench import FileCodec, csim_main, file_codec

# -fwrapv and -ffp-contract=off: integer overflow wraps and float ops round
# one at a time, as the MLIR semantics (and HLS hardware) do. -fno-ivopts:
# GCC 12.2's induction-variable optimization at -O1 drops the stores of a
# loop nest that reads `B[i][j][k + 1]` and `B[i][k][j + 1]` of one 3-D array
# (found by the fuzzer; tests/unit/test_csim.py keeps the reduced case).
CXX_FLAGS = ("-std=c++17", "-O1", "-fno-ivopts", "-fwrapv", "-ffp-contract=off", "-w")
RUN_TIMEOUT = 120
COMPILE_TIMEOUT = 600

_PCH_HEADER = """\
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>
#include "ap_int.h"
#include "ap_fixed.h"
#include "hls_stream.h"
"""


@dataclass(frozen=True)
class HostCodec:
    """
    How values of one MLIR scalar type travel between numpy and C++: as
    elements of `dtype` in the files, which the test bench reads and writes
    as `wire` says (`targets.testbench.FileCodec`).

    Fixed-point types and integers wider than 64 bits travel as raw bits
    (`wire.bits` wide): numpy holds the integer the bits stand for
    (`value * 2**F` for fixed point; Python ints beyond 64 bits), the files
    hold `wire.words` little-endian 64-bit words per element."""

    dtype: np.dtype[Any]
    wire: FileCodec

    @property
    def bits(self) -> int | None:
        return self.wire.bits

    def encode(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """`values` (already of `dtype`) as the file holds them."""
        if self.bits is None:
            return values
        count = self.wire.words
        total = 64 * count
        words = [
            (int(v) % (1 << total)) >> (64 * j) & (2**64 - 1)
            for v in values.ravel()
            for j in range(count)
        ]
        return np.array(words, dtype=np.uint64)

    def decode(self, data: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The values of `dtype` that the file's `data` holds."""
        if self.bits is None:
            return data
        count = self.wire.words
        total = 64 * count
        values: list[int] = []
        for k in range(0, len(data), count):
            v = sum(int(w) << (64 * j) for j, w in enumerate(data[k : k + count]))
            if self.wire.signed and v >> (total - 1):
                v -= 1 << total
            values.append(v)
        return np.array(values, dtype=self.dtype)


def host_codec(t: Attribute) -> HostCodec:
    """The codec of scalar type `t` (the element type for memrefs)."""
    return HostCodec(numpy_dtype(t), file_codec(t))


def run_csim(module: ModuleOp, func: str, args: Sequence[Any]) -> SimResult:
    """
    Run `func` of `module` on numpy `args` by C simulation (see
    `allo_xdsl.sim`)."""
    fn = find_func(module, func)
    if fn.is_declaration:
        raise AlloError(f"csim: '@{func}' has no body", fn)
    unit = emit_unit(module, roots=[func])
    interface = unit.functions[func]
    if len(args) != len(interface.inputs):
        raise AlloError(
            f"csim: '@{func}' takes {len(interface.inputs)} arguments, "
            f"{len(args)} were given",
            fn,
        )
    inputs = [
        _to_numpy(value, t, f"argument {k} of '@{func}'")
        for k, (value, t) in enumerate(zip(args, interface.inputs, strict=True))
    ]
    source = unit.source + csim_main(interface)
    binary = compile_cached(source)
    with tempfile.TemporaryDirectory(prefix="allo-csim-") as tmp:
        work = Path(tmp)
        for k, (value, t) in enumerate(zip(inputs, interface.inputs, strict=True)):
            host_codec(t).encode(value).tofile(work / f"arg{k}.bin")
        _run(binary, work)
        returns = tuple(
            _read(work / f"ret{k}.bin", t) for k, t in enumerate(interface.outputs)
        )
        after = tuple(
            _read(work / f"arg{k}.out.bin", t) if isinstance(t, MemRefType) else value
            for k, (value, t) in enumerate(zip(inputs, interface.inputs, strict=True))
        )
    return SimResult(returns=returns, args=tuple(_scalar_out(v) for v in after))


def _to_numpy(value: Any, t: Attribute, what: str) -> np.ndarray[Any, Any]:
    codec = host_codec(t)
    if isinstance(t, MemRefType):
        shape = t.get_shape()
        array = np.asarray(value)
        if array.shape != shape:
            raise AlloError(f"csim: {what} must have shape {shape}, got {array.shape}")
        return np.ascontiguousarray(array, dtype=codec.dtype)
    if np.ndim(value) != 0:
        raise AlloError(f"csim: {what} must be a scalar of type {t}")
    return np.asarray(value).astype(codec.dtype).reshape(1)


def _read(path: Path, t: Attribute) -> Any:
    codec = host_codec(t)
    storage = codec.dtype if codec.bits is None else np.dtype(np.uint64)
    data = codec.decode(np.fromfile(path, dtype=storage))
    if isinstance(t, MemRefType):
        return data.reshape(t.get_shape())
    return codec.dtype.type(data[0])


def _scalar_out(value: Any) -> Any:
    if isinstance(value, np.ndarray) and value.shape == (1,):
        return value.dtype.type(value[0])
    return value


# ----- compiling and running -----


@cache
def ap_types_dir() -> Path:
    """The ap_types headers of the installed hls4ml package."""
    spec = importlib.util.find_spec("hls4ml")
    if spec is None or spec.origin is None:
        raise AlloError(
            "csim: the hls4ml package is not installed; it provides the "
            "ap_types headers (pip install hls4ml)"
        )
    path = Path(spec.origin).parent / "templates" / "vivado" / "ap_types"
    if not (path / "ap_int.h").is_file():
        raise AlloError(f"csim: the ap_types headers are missing from {path}")
    return path


def _compiler() -> tuple[str, str]:
    """The g++ executable and its version line."""
    return find_tool("g++", "csim")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "allo-xdsl" / "csim"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _base_command() -> list[str]:
    gxx, _ = _compiler()
    return [gxx, *CXX_FLAGS, "-I", str(ap_types_dir())]


@cache
def _headers_stamp() -> str:
    """Changes when the installed ap_types headers change."""
    files = sorted(ap_types_dir().rglob("*.h"))
    return ";".join(
        f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files
    )


def _digest(*parts: str) -> str:
    _, version = _compiler()
    text = "\0".join((version, _headers_stamp(), *_base_command(), *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Exclusive use of `path` across processes (pytest-xdist workers)."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@cache
def precompiled_header() -> Path | None:
    """
    A precompiled header with the standard and ap_types headers, built
    once per cache (it saves about 0.7 s per compile); None when g++ cannot
    build it."""
    directory = cache_dir() / f"pch-{_digest(_PCH_HEADER)}"
    directory.mkdir(exist_ok=True)
    header = directory / "allo_csim_pch.h"
    gch = directory / "allo_csim_pch.h.gch"
    with _locked(directory / "build"):
        if gch.is_file():
            return header
        header.write_text(_PCH_HEADER)
        tmp = directory / f"tmp-{os.getpid()}.gch"
        done = subprocess.run(
            [*_base_command(), "-x", "c++-header", str(header), "-o", str(tmp)],
            capture_output=True,
            text=True,
            check=False,
            timeout=COMPILE_TIMEOUT,
        )
        if done.returncode != 0:
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, gch)
    return header


def _pch_flags() -> list[str]:
    header = precompiled_header()
    return [] if header is None else ["-include", str(header)]


def compile_cached(source: str) -> Path:
    """The executable of `source`, compiled once per cache."""
    key = _digest(source)
    directory = cache_dir()
    binary = directory / f"{key}.exe"
    if binary.is_file():
        return binary
    cpp = directory / f"{key}.cpp"
    cpp.write_text(source)
    tmp = directory / f"{key}.{os.getpid()}.tmp"
    _gxx([*_pch_flags(), str(cpp), "-o", str(tmp)])
    os.replace(tmp, binary)
    return binary


def check_compiles(sources: Sequence[str]) -> None:
    """
    g++ `-fsyntax-only` on several translation units at once: each is
    wrapped in a namespace of its own after every header is included, so a
    single compiler run checks them all."""
    parts = [_PCH_HEADER]
    for k, source in enumerate(sources):
        parts += [f"namespace allo_unit{k} {{", source, f"}}  // allo_unit{k}"]
    text = "\n".join(parts)
    with tempfile.TemporaryDirectory(prefix="allo-csim-") as tmp:
        cpp = Path(tmp) / "units.cpp"
        cpp.write_text(text)
        _gxx([*_pch_flags(), "-fsyntax-only", str(cpp)])


def _gxx(arguments: list[str]) -> None:
    run_tool([*_base_command(), *arguments], "csim: g++", COMPILE_TIMEOUT)


def _unlimited_stack() -> None:
    # Kernel-local arrays live on the stack, as in the HLS code.
    _, hard = resource.getrlimit(resource.RLIMIT_STACK)
    resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))


def _run(binary: Path, work: Path) -> None:
    run_tool(
        [str(binary), str(work)],
        f"csim: the simulation {binary.name}",
        RUN_TIMEOUT,
        preexec_fn=_unlimited_stack,
    )
