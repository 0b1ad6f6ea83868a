"""
The affine dependence test: exact direction vectors for constant
distances, exactness through splits, steps, divisions and conditions, and
conservative answers where the subscripts cannot be read."""

from __future__ import annotations

from collections.abc import Sequence

from loop_check import kernel_text, parse, transform

from allo_xdsl.analysis.dependence import (
    Dependence,
    dependences,
    permutation_violation,
)
from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.passes.loop_fuse import LoopFusePass
from allo_xdsl.passes.loop_split import LoopSplitPass


def deps(text: str, func: str, loops: Sequence[str]) -> list[Dependence]:
    return deps_of(parse(text), func, loops)


def deps_of(module, func: str, loops: Sequence[str]) -> list[Dependence]:
    fn = find_func(module, func)
    return dependences([find_loop(fn, name) for name in loops])


def summary(found: list[Dependence]) -> set[tuple[str, str, str]]:
    return {
        (d.source.describe(), d.sink.describe(), "".join(d.directions)) for d in found
    }


WAVE = """
func.func @wave(%A: memref<6x6xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 1 to 6 {
    affine.for %j = 0 to 5 {
      %v = affine.load %A[%i - 1, %j + 1] : memref<6x6xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %A[%i, %j] : memref<6x6xi32>
    }
  }
  return
}
"""


def test_wavefront_direction():
    assert summary(deps(WAVE, "wave", ["i", "j"])) == {
        ("store A[i, j]", "load A[i - 1, j + 1]", "<>"),
    }


def test_wavefront_one_loop_chain():
    # over i alone the write reaches a later i
    assert summary(deps(WAVE, "wave", ["i"])) == {
        ("store A[i, j]", "load A[i - 1, j + 1]", "<"),
    }


def test_gemm_reduction_carried_by_k_only():
    assert summary(deps(kernel_text("gemm_f32"), "gemm", ["i", "j", "k"])) == {
        ("load C[i, j]", "store C[i, j]", "==="),
        ("load C[i, j]", "store C[i, j]", "==<"),
        ("store C[i, j]", "load C[i, j]", "==<"),
        ("store C[i, j]", "store C[i, j]", "==<"),
    }


def test_dependence_carried_inside_the_chain():
    # Over (i, j), the k loop inside carries the reduction: all `=`.
    assert summary(deps(kernel_text("gemm_f32"), "gemm", ["i", "j"])) == {
        ("load C[i, j]", "store C[i, j]", "=="),
        ("store C[i, j]", "store C[i, j]", "=="),
    }


def test_no_dependence_between_read_only_and_other_buffers():
    assert deps(kernel_text("stencil2d"), "stencil2d", ["S_i_1:i", "S_i_1:j"]) == []


def test_in_place_stencil_flow_and_anti():
    text = """
    func.func @smooth(%A: memref<10xi32>) {
      affine.for %i = 1 to 9 {
        %l = affine.load %A[%i - 1] : memref<10xi32>
        %r = affine.load %A[%i + 1] : memref<10xi32>
        %s = arith.addi %l, %r : i32
        affine.store %s, %A[%i] : memref<10xi32>
      }
      return
    }
    """
    assert summary(deps(text, "smooth", ["i"])) == {
        ("store A[i]", "load A[i - 1]", "<"),
        ("load A[i + 1]", "store A[i]", "<"),
    }


def test_split_subscripts_are_exact():
    module = transform(
        kernel_text("gemm_f32"),
        [
            LoopSplitPass(func="gemm", loop="i", factor=3),
            LoopSplitPass(func="gemm", loop="j", factor=4),
        ],
    )
    found = deps_of(module, "gemm", ["i.outer", "i.inner", "j.outer", "j.inner", "k"])
    assert found
    assert {"".join(d.directions)[:4] for d in found} == {"===="}


def test_fused_subscripts_are_exact():
    module = transform(
        kernel_text("gemm_f32"), [LoopFusePass(func="gemm", loops=("i", "j"))]
    )
    found = deps_of(module, "gemm", ["i_j_fused", "k"])
    assert {"".join(d.directions) for d in found} == {"=<", "=="}


def test_steps_separate_even_and_odd():
    text = """
    func.func @f(%A: memref<12xi32>) {
      affine.for %i = 0 to 10 step 2 {
        %v = affine.load %A[%i + 1] : memref<12xi32>
        affine.store %v, %A[%i] : memref<12xi32>
      }
      return
    }
    """
    assert deps(text, "f", ["i"]) == []


def test_gcd_separates_even_and_odd():
    text = """
    func.func @f(%A: memref<24xi32>) {
      affine.for %i = 0 to 10 {
        %v = affine.load %A[%i * 2 + 1] : memref<24xi32>
        affine.store %v, %A[%i * 2] : memref<24xi32>
      }
      return
    }
    """
    assert deps(text, "f", ["i"]) == []


def test_distance_beyond_the_bounds():
    text = """
    func.func @f(%A: memref<20xi32>) {
      affine.for %i = 0 to 8 {
        %v = affine.load %A[%i + 8] : memref<20xi32>
        affine.store %v, %A[%i] : memref<20xi32>
      }
      return
    }
    """
    assert deps(text, "f", ["i"]) == []


def test_conditions_rule_out_a_dependence():
    text = """
    func.func @f(%A: memref<10xi32>, %B: memref<10xi32>) {
      %c = arith.constant 1 : i32
      affine.for %i = 0 to 10 {
        affine.if affine_set<(d0) : (d0 - 5 >= 0)>(%i) {
          affine.store %c, %A[%i] : memref<10xi32>
        }
        affine.if affine_set<(d0) : (4 - d0 >= 0)>(%i) {
          %v = affine.load %A[%i] : memref<10xi32>
          affine.store %v, %B[%i] : memref<10xi32>
        }
      }
      return
    }
    """
    assert [d.source.describe() for d in deps(text, "f", ["i"])] == []


def test_unknown_offset_is_conservative():
    text = """
    func.func @f(%A: memref<20xi32>, %n: index) {
      affine.for %i = 0 to 10 {
        %v = affine.load %A[%i] : memref<20xi32>
        affine.store %v, %A[%i + %n] : memref<20xi32>
      }
      return
    }
    """
    assert summary(deps(text, "f", ["i"])) == {
        ("load A[i]", "store A[i + n]", "<"),
        ("store A[i + n]", "load A[i]", "<"),
        ("load A[i]", "store A[i + n]", "="),
    }


def test_memref_load_store_are_read_as_subscripts():
    text = """
    func.func @f(%A: memref<10xi32>) {
      affine.for %i = 1 to 10 {
        %v = memref.load %A[%i] : memref<10xi32>
        %j = affine.apply affine_map<(d0) -> (d0 - 1)>(%i)
        memref.store %v, %A[%j] : memref<10xi32>
      }
      return
    }
    """
    assert summary(deps(text, "f", ["i"])) == {
        ("load A[i]", "store A[(i - 1)]", "<"),
    }


def test_opaque_use_depends_in_every_direction():
    text = """
    func.func private @g(memref<4x4xi32>) -> ()
    func.func @f(%A: memref<4x4xi32>) {
      affine.for %i = 0 to 4 {
        affine.for %j = 0 to 4 {
          %v = affine.load %A[%i, %j] : memref<4x4xi32>
          func.call @g(%A) : (memref<4x4xi32>) -> ()
        }
      }
      return
    }
    """
    found = deps(text, "f", ["i", "j"])
    assert found
    assert all(d.directions == ("*", "*") for d in found)
    assert any(not d.exact for d in found)


def test_buffer_local_to_an_iteration():
    text = """
    func.func @f(%A: memref<4xi32>) {
      affine.for %i = 0 to 4 {
        %t = memref.alloc() : memref<1xi32>
        %v = affine.load %A[%i] : memref<4xi32>
        affine.store %v, %t[0] : memref<1xi32>
        %w = affine.load %t[0] : memref<1xi32>
        affine.store %w, %A[%i] : memref<4xi32>
      }
      return
    }
    """
    assert {"".join(d.directions) for d in deps(text, "f", ["i"])} == {"="}


def test_permutation_violation():
    (wave,) = deps(WAVE, "wave", ["i", "j"])
    assert permutation_violation(wave, [0, 1]) is None
    assert permutation_violation(wave, [1, 0]) == (1, 0)


def test_else_branch_keeps_a_real_dependence():
    text = """
    func.func @f(%A: memref<10xi32>, %B: memref<10xi32>) {
      %c = arith.constant 1 : i32
      affine.for %i = 0 to 10 {
        affine.if affine_set<(d0) : (d0 - 5 >= 0)>(%i) {
          affine.store %c, %A[%i] : memref<10xi32>
        } else {
          %v = affine.load %A[%i + 5] : memref<10xi32>
          affine.store %v, %B[%i] : memref<10xi32>
        }
      }
      return
    }
    """
    # the load of A[i + 5] at i < 5 reads what the store at i + 5 >= 5 writes
    assert summary(deps(text, "f", ["i"])) == {
        ("load A[i + 5]", "store A[i]", "<"),
    }


def test_else_branch_rules_out_a_dependence():
    # stores at i >= 5, loads at i < 5, of A[i] both: never the same element
    text = """
    func.func @f(%A: memref<10xi32>, %B: memref<10xi32>) {
      %c = arith.constant 1 : i32
      affine.for %i = 0 to 10 {
        affine.if affine_set<(d0) : (d0 - 5 >= 0)>(%i) {
          affine.store %c, %A[%i] : memref<10xi32>
        } else {
          %v = affine.load %A[%i] : memref<10xi32>
          affine.store %v, %B[%i] : memref<10xi32>
        }
      }
      return
    }
    """
    assert deps(text, "f", ["i"]) == []


def brute_force(
    bounds: Sequence[tuple[int, int, int]],
    accesses: Sequence[tuple[str, tuple[int, int, int, int]]],
) -> set[tuple[int, int, str]]:
    """
    (source, sink, directions) of every dependence between the accesses
    `kind A[a*i + b, c*j + d]` of a 2-deep nest, by enumeration; accesses run
    in list order inside an iteration."""
    (l0, u0, s0), (l1, u1, s1) = bounds
    instances = []
    for i in range(l0, u0, s0):
        for j in range(l1, u1, s1):
            for k, (kind, (a, b, c, d)) in enumerate(accesses):
                instances.append(((i, j), k, kind, (a * i + b, c * j + d)))
    found: set[tuple[int, int, str]] = set()
    for n, (it1, k1, kind1, e1) in enumerate(instances):
        for it2, k2, kind2, e2 in instances[n + 1 :]:
            if e1 != e2 or (kind1 == "load" and kind2 == "load"):
                continue
            dirs = "".join(
                "<" if y > x else ">" if y < x else "="
                for x, y in zip(it1, it2, strict=True)
            )
            found.add((k1, k2, dirs))
    return found


def test_uniform_accesses_match_enumeration():
    import random

    rng = random.Random(7)
    for _ in range(40):
        bounds = [
            (rng.randint(0, 2), rng.randint(3, 7), rng.choice([1, 1, 2]))
            for _ in range(2)
        ]
        accesses = [
            (kind, (rng.choice([1, 1, 2]), rng.randint(-2, 2), 1, rng.randint(-2, 2)))
            for kind in rng.sample(["load", "store", "store", "load"], 3)
        ]
        body = []
        for k, (kind, (a, b, c, d)) in enumerate(accesses):
            sub = f"%i * {a} + {b + 4}, %j * {c} + {d + 4}"
            if kind == "load":
                body.append(f"%v{k} = affine.load %A[{sub}] : memref<24x24xi32>")
            else:
                body.append(f"affine.store %x, %A[{sub}] : memref<24x24xi32>")
        (l0, u0, s0), (l1, u1, s1) = bounds
        text = f"""
        func.func @f(%A: memref<24x24xi32>, %x: i32) {{
          affine.for %i = {l0} to {u0} step {s0} {{
            affine.for %j = {l1} to {u1} step {s1} {{
              {chr(10).join(body)}
            }}
          }}
          return
        }}
        """
        module = parse(text)
        fn = find_func(module, "f")
        ops = [op for op in fn.walk() if op.name in ("affine.load", "affine.store")]
        found = dependences([find_loop(fn, "i"), find_loop(fn, "j")])
        got = {
            (ops.index(d.source.op), ops.index(d.sink.op), "".join(d.directions))
            for d in found
        }
        shifted = [(kind, (a, b + 4, c, d + 4)) for kind, (a, b, c, d) in accesses]
        assert got == brute_force(bounds, shifted), text


def test_split_nest_matches_enumeration():
    import random

    rng = random.Random(11)
    for _ in range(12):
        trips, factor = rng.randint(3, 8), rng.randint(2, 4)
        factor = min(factor, trips)
        accesses = [
            (kind, (rng.randint(-2, 2), rng.randint(-2, 2)))
            for kind in rng.sample(["load", "store", "store"], 2)
        ]
        body = []
        for k, (kind, (b, d)) in enumerate(accesses):
            sub = f"%i + {b + 4}, %j + {d + 4}"
            if kind == "load":
                body.append(f"%v{k} = affine.load %A[{sub}] : memref<24x24xi32>")
            else:
                body.append(f"affine.store %x, %A[{sub}] : memref<24x24xi32>")
        text = f"""
        func.func @f(%A: memref<24x24xi32>, %x: i32) {{
          affine.for %i = 0 to {trips} {{
            affine.for %j = 0 to 4 {{
              {chr(10).join(body)}
            }}
          }}
          return
        }}
        """
        module = transform(text, [LoopSplitPass(func="f", loop="i", factor=factor)])
        fn = find_func(module, "f")
        ops = [op for op in fn.walk() if op.name in ("affine.load", "affine.store")]
        loops = [find_loop(fn, n) for n in ("i.outer", "i.inner", "j")]
        got = {
            (ops.index(d.source.op), ops.index(d.sink.op), "".join(d.directions))
            for d in dependences(loops)
        }
        instances = []
        for io in range(-(-trips // factor)):
            for ii in range(min(factor, trips - factor * io)):
                for j in range(4):
                    for k, (kind, (b, d)) in enumerate(accesses):
                        element = (factor * io + ii + b, j + d)
                        instances.append(((io, ii, j), k, kind, element))
        expected = set()
        for n, (it1, k1, kind1, e1) in enumerate(instances):
            for it2, k2, kind2, e2 in instances[n + 1 :]:
                if e1 == e2 and "store" in (kind1, kind2):
                    dirs = "".join(
                        "<" if y > x else ">" if y < x else "="
                        for x, y in zip(it1, it2, strict=True)
                    )
                    expected.add((k1, k2, dirs))
        assert got == expected, (text, factor)
