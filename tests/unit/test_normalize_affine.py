"""
normalize-affine keeps every map's value: checked by evaluating the maps
before and after on random operands, and by running a kernel parsed without
normalization once normalized."""

import random

import numpy as np
from xdsl.dialects.builtin import AffineMapAttr
from xdsl.ir.affine import AffineExpr, AffineMap

from allo_xdsl.context import make_context
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.normalize_affine import NormalizeAffinePass, symbols_to_dims
from allo_xdsl.sim import simulate

STENCIL = """
func.func @s(%A: memref<10xi32>, %B: memref<10xi32>, %n: index) {
  affine.for %i = 1 to 9 {
    %a = affine.load %A[%i - 1] : memref<10xi32>
    %b = affine.load %A[%i + 1] : memref<10xi32>
    %c = arith.addi %a, %b : i32
    affine.store %c, %B[(%i * 3) mod 10] : memref<10xi32>
  }
  func.return
}
"""


def random_map(rng: random.Random) -> AffineMap:
    dims, syms = rng.randint(0, 2), rng.randint(1, 3)
    terms = [AffineExpr.dimension(d) for d in range(dims)]
    terms += [AffineExpr.symbol(s) for s in range(syms)]
    results = []
    for _ in range(rng.randint(1, 3)):
        expr = AffineExpr.constant(rng.randint(-5, 5))
        for term in terms:
            expr = expr + term * rng.randint(-3, 3)
        if rng.random() < 0.3:
            expr = expr // rng.randint(1, 4)
        if rng.random() < 0.3:
            expr = expr % rng.randint(1, 5)
        results.append(expr)
    return AffineMap(dims, syms, tuple(results))


def test_symbols_to_dims_preserves_values():
    rng = random.Random(0)
    for _ in range(200):
        m = random_map(rng)
        n = symbols_to_dims(m)
        assert n.num_symbols == 0
        assert n.num_dims == m.num_dims + m.num_symbols
        dims = [rng.randint(-20, 20) for _ in range(m.num_dims)]
        syms = [rng.randint(-20, 20) for _ in range(m.num_symbols)]
        assert m.eval(dims, syms) == n.eval(dims + syms, [])


def test_pass_removes_all_symbols_and_kernel_runs():
    ctx = make_context()
    module = parse_module(ctx, STENCIL, "s.mlir")
    maps = [
        attr.data
        for op in module.walk()
        for attr in op.properties.values()
        if isinstance(attr, AffineMapAttr)
    ]
    assert any(m.num_symbols for m in maps)
    NormalizeAffinePass().apply(ctx, module)
    for op in module.walk():
        for attr in op.properties.values():
            if isinstance(attr, AffineMapAttr):
                assert attr.data.num_symbols == 0

    a = np.arange(10, dtype=np.int32) * 7 - 20
    b = np.zeros(10, dtype=np.int32)
    out = simulate(module, "s", [a, b, 0], backend="interpreter")
    expected = b.copy()
    for i in range(1, 9):
        expected[(i * 3) % 10] = a[i - 1] + a[i + 1]
    assert np.array_equal(out.args[1], expected)
