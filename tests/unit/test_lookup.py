"""Name lookup of functions, loops and buffers, and the errors it gives."""

import pytest
from xdsl.dialects import affine, memref
from xdsl.dialects.builtin import StringAttr

from allo_xdsl.analysis.lookup import (
    band_name,
    find_buffer,
    find_func,
    find_loop,
    loop_name,
    loops_of,
)
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir

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
    module = read_mlir(make_context(), TWO_NESTS, "two.mlir")
    return find_func(module, "f")


def test_unique_loop_by_plain_name(fn):
    loop = find_loop(fn, "j")
    assert loop_name(loop) == "j"
    assert band_name(loop) == "S_i_0"


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
    assert info.value.location is not None
    assert info.value.location.line == 2


def test_buffers_by_argument_attribute_and_ssa_name(fn):
    assert find_buffer(fn, "A") is fn.args[0]
    assert find_buffer(fn, "tmp").type.get_shape() == (4,)
    assert find_buffer(fn, "u").name_hint == "u"
    with pytest.raises(AlloError, match="existing buffers: A, n, tmp, u"):
        find_buffer(fn, "B")


def test_unknown_function():
    module = read_mlir(make_context(), TWO_NESTS, "two.mlir")
    with pytest.raises(AlloError, match="unknown function 'g'; existing functions: f"):
        find_func(module, "g")


# ----- names as the input spells them -----

SUFFIXES = """
func.func @top(%A_1: memref<4xf32>, %A_2: memref<4xf32>) {
  affine.for %i_1 = 0 to 4 {
    %v = affine.load %A_2[%i_1] : memref<4xf32>
    affine.store %v, %A_1[%i_1] : memref<4xf32>
  }
  func.return
}
"""


def test_names_ending_in_a_number_keep_their_spelling():
    module = read_mlir(make_context(), SUFFIXES, "s.mlir")
    fn = find_func(module, "top")
    assert find_buffer(fn, "A_1") is fn.args[0]
    assert find_buffer(fn, "A_2") is fn.args[1]
    with pytest.raises(AlloError, match="'A'; existing buffers: A_1, A_2$"):
        find_buffer(fn, "A")
    assert loop_name(find_loop(fn, "i_1")) == "i_1"


def test_printing_round_trips_the_names():
    module = read_mlir(make_context(), SUFFIXES, "s.mlir")
    text = str(module)
    assert "func.func @top(%A_1: memref<4xf32>, %A_2: memref<4xf32>)" in text
    assert "affine.store %v, %A_1[%i_1]" in text
    again = read_mlir(make_context(), text, "again.mlir")
    assert str(again) == text
    fn = find_func(again, "top")
    assert find_buffer(fn, "A_2") is fn.args[1]


def test_printed_names_never_clash_and_lookup_follows_them():
    text = """
    func.func @f() {
      %t_1 = memref.alloc() : memref<2xf32>
      %t = memref.alloc() : memref<3xf32>
      %u = memref.alloc() : memref<4xf32>
      func.return
    }
    """
    module = read_mlir(make_context(), text, "t.mlir")
    fn = find_func(module, "f")
    u = find_buffer(fn, "u")
    # As a pass may: a second value hinted `t`. Plain xDSL prints it as
    # `%t_1`, the name of the first alloc.
    u.name_hint = "t"
    printed = str(module)
    assert "%t_1 = memref.alloc() : memref<2xf32>" in printed
    assert "%t_2 = memref.alloc() : memref<4xf32>" in printed
    read_mlir(make_context(), printed, "again.mlir")
    assert find_buffer(fn, "t_2") is u
    assert find_buffer(fn, "t_1").type.get_shape() == (2,)
    assert find_buffer(fn, "t").type.get_shape() == (3,)


def test_a_name_attribute_given_twice_is_ambiguous():
    text = """
    func.func @f() {
      %a = memref.alloc() {name = "buf"} : memref<2xf32>
      %b = memref.alloc() {name = "buf"} : memref<3xf32>
      func.return
    }
    """
    fn = find_func(read_mlir(make_context(), text, "t.mlir"), "f")
    with pytest.raises(AlloError, match="buffer name 'buf' is ambiguous") as info:
        find_buffer(fn, "buf")
    assert info.value.location is not None
    assert info.value.location.line == 4


# ----- loops that share a name in one band -----

JACOBI = """
func.func @jacobi(%A: memref<6xf32>, %B: memref<6xf32>) {
  affine.for %t = 0 to 2 {
    affine.for %i = 1 to 5 {
      affine.for %j = 0 to 1 {
        %v = affine.load %A[%i - 1] : memref<6xf32>
        affine.store %v, %B[%i] : memref<6xf32>
      }
    }
    affine.for %i = 1 to 5 {
      affine.for %j = 0 to 1 {
        %v = affine.load %B[%i + 1] : memref<6xf32>
        affine.store %v, %A[%i] : memref<6xf32>
      }
    }
  }
  func.return
}
"""


def ambiguity_suggestions(fn, name: str) -> list[str]:
    with pytest.raises(AlloError) as info:
        find_loop(fn, name)
    message = info.value.message
    assert "is ambiguous; write one of: " in message
    return message.split("write one of: ")[1].split(", ")


def test_every_jacobi_loop_has_a_name_and_suggestions_resolve():
    fn = find_func(read_mlir(make_context(), JACOBI, "j.mlir"), "jacobi")
    loops = list(loops_of(fn))
    assert [loop_name(x) for x in loops] == ["t", "i#0", "j#0", "i#1", "j#1"]
    for loop in loops:
        assert find_loop(fn, loop_name(loop) or "") is loop
        assert find_loop(fn, f"S_t_0:{loop_name(loop)}") is loop
    for name in ("i", "j", "S_t_0:i", "S_t_0:j"):
        suggested = ambiguity_suggestions(fn, name)
        assert len(set(suggested)) == len(suggested) == 2
        found = [find_loop(fn, s) for s in suggested]
        assert found[0] is not found[1]
        assert {loop_name(x) for x in found} == {f"{name[-1]}#0", f"{name[-1]}#1"}
    assert ambiguity_suggestions(fn, "S_t_0:i") == ["S_t_0:i#0", "S_t_0:i#1"]


def test_sibling_loops_get_occurrence_names():
    text = """
    func.func @f(%A: memref<4x4xf32>) {
      %c = arith.constant 0.0 : f32
      affine.for %i = 0 to 4 {
        affine.for %j = 0 to 4 {
          affine.store %c, %A[%i, %j] : memref<4x4xf32>
        }
        affine.for %j = 0 to 4 {
          %v = affine.load %A[%i, %j] : memref<4x4xf32>
          affine.store %v, %A[%j, %i] : memref<4x4xf32>
        }
      }
      func.return
    }
    """
    fn = find_func(read_mlir(make_context(), text, "s.mlir"), "f")
    first, second = (find_loop(fn, name) for name in ambiguity_suggestions(fn, "j"))
    assert isinstance(next(iter(first.body.block.ops)), memref.StoreOp | affine.StoreOp)
    assert isinstance(next(iter(second.body.block.ops)), affine.LoadOp)
    assert find_loop(fn, "i") is first.parent_op()


# ----- where a failed loop lookup points -----


def test_missing_loop_of_a_named_band_points_at_the_band(fn):
    with pytest.raises(AlloError) as info:
        find_loop(fn, "S_i_1:j")
    assert info.value.location is not None
    assert info.value.location.line == 11
    assert "unknown loop 'S_i_1:j'; existing loops: S_i_0:i, S_i_0:j, S_i_1:i" in (
        info.value.message
    )


def test_unknown_band_lists_the_bands(fn):
    with pytest.raises(AlloError) as info:
        find_loop(fn, "S_x:i")
    assert "unknown loop 'S_x:i'; existing loops: S_i_0:i" in info.value.message
    assert "(no band 'S_x'; bands: S_i_0, S_i_1)" in info.value.message
    assert info.value.location is not None
    assert info.value.location.line == 2


def test_a_plain_name_never_guesses_its_occurrence():
    module = read_mlir(make_context(), JACOBI, "j.mlir")
    fn = find_func(module, "jacobi")
    find_loop(fn, "i#1").attributes["loop_name"] = StringAttr("i#1.outer")
    with pytest.raises(AlloError, match="unknown loop 'i'; did you mean i#0?"):
        find_loop(fn, "i")
