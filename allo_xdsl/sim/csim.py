"""C simulation: emit HLS C++, compile it with g++ and run it on numpy data.

The emitted unit gets a generated `main` that reads every argument from a
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
import math
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
from xdsl.dialects.builtin import IntegerType, MemRefType, ModuleOp, Signedness
from xdsl.ir import Attribute

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.sim import SimResult, numpy_dtype
from allo_xdsl.sim.tools import find_tool, run_tool
from allo_xdsl.targets.hls_cpp import FunctionInterface, emit_unit
from allo_xdsl.targets.hls_types import CppTypes

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

_MAIN_PRELUDE = """
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace allo_csim {
template <typename S>
std::vector<S> read_all(const std::string &dir, const char *file, std::size_t n) {
  std::vector<S> buffer(n);
  std::FILE *f = std::fopen((dir + "/" + file).c_str(), "rb");
  if (!f || std::fread(buffer.data(), sizeof(S), n, f) != n) {
    std::fprintf(stderr, "csim: cannot read %s\\n", file);
    std::exit(3);
  }
  std::fclose(f);
  return buffer;
}

template <typename S>
void write_all(const std::string &dir, const char *file, const std::vector<S> &buffer) {
  std::FILE *f = std::fopen((dir + "/" + file).c_str(), "wb");
  if (!f || std::fwrite(buffer.data(), sizeof(S), buffer.size(), f) != buffer.size()) {
    std::fprintf(stderr, "csim: cannot write %s\\n", file);
    std::exit(3);
  }
  std::fclose(f);
}

template <typename S, typename T>
void load(const std::string &dir, const char *file, T *data, std::size_t n) {
  std::vector<S> buffer = read_all<S>(dir, file, n);
  for (std::size_t i = 0; i < n; ++i) data[i] = (T)buffer[i];
}

template <typename S, typename T>
void save(const std::string &dir, const char *file, const T *data, std::size_t n) {
  std::vector<S> buffer(n);
  for (std::size_t i = 0; i < n; ++i) buffer[i] = (S)data[i];
  write_all(dir, file, buffer);
}
}  // namespace allo_csim
"""

# Raw bits of fixed-point and wide integer values: WORDS 64-bit words per
# element, least significant first, sign-extended for signed types.
_BITS_PRELUDE = """
#include "ap_int.h"

namespace allo_csim {
template <int W, int WORDS, typename T>
void load_bits(const std::string &dir, const char *file, T *data, std::size_t n) {
  std::vector<uint64_t> words = read_all<uint64_t>(dir, file, n * WORDS);
  for (std::size_t i = 0; i < n; ++i) {
    ap_uint<64 * WORDS> v;
    for (int j = 0; j < WORDS; ++j) v.range(64 * j + 63, 64 * j) = words[i * WORDS + j];
    data[i].range(W - 1, 0) = ap_uint<W>(v);
  }
}

template <int W, bool SIGNED, int WORDS, typename T>
void save_bits(const std::string &dir, const char *file, const T *data, std::size_t n) {
  std::vector<uint64_t> words(n * WORDS);
  for (std::size_t i = 0; i < n; ++i) {
    ap_int_base<W, SIGNED> b;
    b.range(W - 1, 0) = data[i].range(W - 1, 0);
    ap_int_base<64 * WORDS, SIGNED> v = b;
    for (int j = 0; j < WORDS; ++j)
      words[i * WORDS + j] = v.range(64 * j + 63, 64 * j).to_uint64();
  }
  write_all(dir, file, words);
}
}  // namespace allo_csim
"""


@dataclass(frozen=True)
class HostCodec:
    """How values of one MLIR scalar type travel between numpy and C++: as
    elements of `dtype` in the files, read and written as C++ `storage`, then
    converted to and from the kernel's type by a cast.

    Fixed-point types and integers wider than 64 bits travel as raw bits
    instead (`bits` wide, `signed` or not): numpy holds the integer the bits
    stand for (`value * 2**F` for fixed point; Python ints beyond 64 bits),
    the files hold `words` little-endian 64-bit words per element."""

    dtype: np.dtype[Any]
    storage: str
    bits: int | None = None
    signed: bool = True

    @property
    def words(self) -> int:
        return -(-(self.bits or 64) // 64)

    def load(self) -> str:
        """The C++ function template that reads values of this type."""
        if self.bits is None:
            return f"allo_csim::load<{self.storage}>"
        return f"allo_csim::load_bits<{self.bits}, {self.words}>"

    def save(self) -> str:
        """The C++ function template that writes values of this type."""
        if self.bits is None:
            return f"allo_csim::save<{self.storage}>"
        signed = "true" if self.signed else "false"
        return f"allo_csim::save_bits<{self.bits}, {signed}, {self.words}>"

    def encode(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """`values` (already of `dtype`) as the file holds them."""
        if self.bits is None:
            return values
        total = 64 * self.words
        words = [
            (int(v) % (1 << total)) >> (64 * j) & (2**64 - 1)
            for v in values.ravel()
            for j in range(self.words)
        ]
        return np.array(words, dtype=np.uint64)

    def decode(self, data: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The values of `dtype` that the file's `data` holds."""
        if self.bits is None:
            return data
        total = 64 * self.words
        values: list[int] = []
        for k in range(0, len(data), self.words):
            v = sum(int(w) << (64 * j) for j, w in enumerate(data[k : k + self.words]))
            if self.signed and v >> (total - 1):
                v -= 1 << total
            values.append(v)
        return np.array(values, dtype=self.dtype)


def host_codec(t: Attribute) -> HostCodec:
    """The codec of scalar type `t` (the element type for memrefs)."""
    if isinstance(t, MemRefType):
        return host_codec(t.element_type)
    dtype = numpy_dtype(t)
    if isinstance(t, FixedPointType):
        return HostCodec(dtype, "uint64_t", t.width.data, t.signed)
    if isinstance(t, IntegerType) and t.width.data > 64:
        signed = t.signedness.data != Signedness.UNSIGNED
        return HostCodec(dtype, "uint64_t", t.width.data, signed)
    storage = {
        "f": {4: "float", 8: "double"},
        # std::vector<bool> has no data(): bytes instead.
        "b": {1: "uint8_t"},
        "i": {1: "int8_t", 2: "int16_t", 4: "int32_t", 8: "int64_t"},
        "u": {1: "uint8_t", 2: "uint16_t", 4: "uint32_t", 8: "uint64_t"},
    }[dtype.kind][dtype.itemsize]
    return HostCodec(dtype, storage)


def run_csim(module: ModuleOp, func: str, args: Sequence[Any]) -> SimResult:
    """Run `func` of `module` on numpy `args` by C simulation (see
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


def csim_main(interface: FunctionInterface) -> str:
    """A `main` that loads the inputs of `interface`'s function from
    `argK.bin`, calls it and saves `retK.bin` and `argK.out.bin`."""
    types = CppTypes(set())
    codecs = [host_codec(t) for t in (*interface.inputs, *interface.outputs)]
    bits = any(codec.bits is not None for codec in codecs)
    lines = [
        _MAIN_PRELUDE + (_BITS_PRELUDE if bits else ""),
        "int main(int argc, char **argv) {",
        '  const std::string dir = argc > 1 ? argv[1] : ".";',
    ]
    call_args: list[str] = []
    saves: list[str] = []
    for k, t in enumerate(interface.inputs):
        name = f"arg{k}"
        lines += _declare(types, name, t)
        codec = host_codec(t)
        size = _size(t)
        lines.append(f'  {codec.load()}(dir, "{name}.bin", {_first(name, t)}, {size});')
        call_args.append(name)
        if isinstance(t, MemRefType):
            saves.append(
                f'  {codec.save()}(dir, "{name}.out.bin", {_first(name, t)}, {size});'
            )
    for k, t in enumerate(interface.outputs):
        name = f"ret{k}"
        lines += _declare(types, name, t)
        codec = host_codec(t)
        call_args.append(name if isinstance(t, MemRefType) else f"&{name}")
        saves.insert(
            k, f'  {codec.save()}(dir, "{name}.bin", {_first(name, t)}, {_size(t)});'
        )
    lines.append(f"  ::{interface.cpp_name}({', '.join(call_args)});")
    lines += saves
    lines += ["  return 0;", "}", ""]
    return "\n".join(lines)


def _declare(types: CppTypes, name: str, t: Attribute) -> list[str]:
    if isinstance(t, MemRefType):
        dims = "".join(f"[{d}]" for d in t.get_shape()) or "[1]"
        # Static: large arrays do not fit on the stack.
        return [f"  static {types.element(t, None)} {name}{dims};"]
    return [f"  {types.scalar(t, None)} {name};"]


def _first(name: str, t: Attribute) -> str:
    if isinstance(t, MemRefType):
        return "&" + name + "[0]" * max(1, len(t.get_shape()))
    return f"&{name}"


def _size(t: Attribute) -> int:
    if isinstance(t, MemRefType):
        return math.prod(t.get_shape())
    return 1


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
    """A precompiled header with the standard and ap_types headers, built
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
    """g++ `-fsyntax-only` on several translation units at once: each is
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
