"""
The test bench of the `csim` target: a C++ `main` that reads the
arguments of a top function from files, calls it, and writes its outputs.

The program takes a directory: it reads `argK.bin` (argument K) from it,
calls the function, and writes `retK.bin` (result K) and `argK.out.bin`
(memref argument K after the call). Each file holds the elements raw and
little-endian, as the C++ type `FileCodec.storage` (a fixed-width integer
or float), converted to and from the kernel's type by a cast; fixed-point
values and integers over 64 bits travel as raw bits in 64-bit words
(`FileCodec.bits`). `allo_xdsl.sim.csim` writes and reads these files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    MemRefType,
    Signedness,
)
from xdsl.ir import Attribute

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.targets.hls_cpp import FunctionInterface
from allo_xdsl.targets.hls_types import CppTypes

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
class FileCodec:
    """
    How the values of one MLIR scalar type are stored in the files: as
    C++ `storage`; or, when `bits` is set, as the raw `bits` (`signed` or
    not) in `words` little-endian 64-bit words per element."""

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


def file_codec(t: Attribute) -> FileCodec:
    """The codec of scalar type `t` (the element type for memrefs)."""
    if isinstance(t, MemRefType):
        return file_codec(t.element_type)
    if isinstance(t, FixedPointType):
        return FileCodec("uint64_t", t.width.data, t.signed)
    if isinstance(t, Float32Type):
        return FileCodec("float")
    if isinstance(t, Float64Type):
        return FileCodec("double")
    if isinstance(t, IndexType):
        return FileCodec("int64_t")
    if isinstance(t, IntegerType):
        width = t.width.data
        unsigned = t.signedness.data == Signedness.UNSIGNED
        if width > 64:
            return FileCodec("uint64_t", width, not unsigned)
        if width == 1:
            # std::vector<bool> has no data(): bytes instead.
            return FileCodec("uint8_t")
        bits = next(b for b in (8, 16, 32, 64) if width <= b)
        return FileCodec(f"{'u' if unsigned else ''}int{bits}_t")
    raise AlloError(f"simulation does not support type {t}")


def csim_main(interface: FunctionInterface) -> str:
    """
    A `main` that loads the inputs of `interface`'s function from
    `argK.bin`, calls it and saves `retK.bin` and `argK.out.bin`."""
    types = CppTypes(set())
    codecs = [file_codec(t) for t in (*interface.inputs, *interface.outputs)]
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
        codec = file_codec(t)
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
        codec = file_codec(t)
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
