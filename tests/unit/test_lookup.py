"""Name lookup of functions, loops and buffers, and the errors it gives."""

import pytest

from allo_xdsl.analysis.lookup import (
    band_name,
    find_buffer,
    find_func,
    find_loop,
    loop_name,
)
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.parsing import parse_module

TWO_NESTS = """
func.func @f(%A: memref<4x4xf32>, %n: index) {
  %t = memref.alloc() {name = "tmp"} : memref<4xf32>
  %u = memref.alloc() : memref<4xf32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xf32>
      affine.store %v, %A[%j, %i] : memref<4x4xf32>
    }
  }
  affine.for %i = 0 to 4 {
    %v = affine.load %t[%i] : memref<4xf32>
    affine.store %v, %u[%i] : memref<4xf32>
  }
  func.return
}
"""


@pytest.fixture
def fn():
    module = parse_module(make_context(), TWO_NESTS, "two.mlir")
    return find_func(module, "f")


def test_unique_loop_by_plain_name(fn):
    loop = find_loop(fn, "j")
    assert loop_name(loop) == "j" and band_name(loop) == "S_i_0"


def test_band_qualified_name(fn):
    assert band_name(find_loop(fn, "S_i_1:i")) == "S_i_1"
    assert band_name(find_loop(fn, "S_i_0:i")) == "S_i_0"


def test_ambiguous_loop_lists_qualified_names(fn):
    with pytest.raises(AlloError, match="ambiguous; write one of: S_i_0:i, S_i_1:i"):
        find_loop(fn, "i")


def test_unknown_loop_lists_loops_and_is_located(fn):
    with pytest.raises(AlloError) as info:
        find_loop(fn, "k")
    assert "unknown loop 'k'; existing loops: S_i_0:i, S_i_0:j, S_i_1:i" in str(
        info.value
    )
    assert info.value.location is not None and info.value.location.line == 2


def test_buffers_by_argument_attribute_and_ssa_name(fn):
    assert find_buffer(fn, "A") is fn.args[0]
    assert find_buffer(fn, "tmp").type.get_shape() == (4,)
    assert find_buffer(fn, "u").name_hint == "u"
    with pytest.raises(AlloError, match="existing buffers: A, n, tmp, u"):
        find_buffer(fn, "B")


def test_unknown_function():
    module = parse_module(make_context(), TWO_NESTS, "two.mlir")
    with pytest.raises(AlloError, match="unknown function 'g'; existing functions: f"):
        find_func(module, "g")
