"""
The affine toolkit (analysis/affine_expr.py, affine_forms.py,
fourier_motzkin.py) against xDSL's own evaluator (`AffineExpr.eval`) on
random expressions, and against hand-derived answers."""

from __future__ import annotations

import random

from xdsl.ir.affine import AffineExpr, AffineMap

from allo_xdsl.analysis.affine_expr import compile_map, format_expr
from allo_xdsl.analysis.affine_forms import LinearForm, expr_range, simplify_expr
from allo_xdsl.analysis.fourier_motzkin import System, constant, feasible

DIMS = 3


def random_expr(rng: random.Random, depth: int) -> AffineExpr:
    if depth == 0 or rng.random() < 0.25:
        if rng.random() < 0.3:
            return AffineExpr.constant(rng.randint(-4, 4))
        return AffineExpr.dimension(rng.randrange(DIMS))
    lhs = random_expr(rng, depth - 1)
    kind = rng.choice(["add", "mul", "floordiv", "ceildiv", "mod"])
    if kind == "add":
        return lhs + random_expr(rng, depth - 1)
    if kind == "mul":
        return lhs * rng.randint(-3, 3)
    divisor = rng.randint(1, 5)
    if kind == "floordiv":
        return lhs // divisor
    if kind == "ceildiv":
        return lhs.ceil_div(divisor)
    return lhs % divisor


def test_folders_agree_with_xdsl_eval() -> None:
    rng = random.Random(12)
    for _ in range(300):
        expr = random_expr(rng, 4)
        ranges = [(rng.randint(-5, 0), rng.randint(0, 5)) for _ in range(DIMS)]
        compiled = compile_map(AffineMap(DIMS, 0, (expr,)), "one")
        simplified = simplify_expr(expr, DIMS)
        bounds = expr_range(expr, ranges)
        assert bounds is not None
        for _ in range(10):
            point = [rng.randint(low, high) for low, high in ranges]
            value = expr.eval(point, [])
            assert compiled(*point) == value, expr
            assert simplified.eval(point, []) == value, (expr, simplified)
            assert bounds[0] <= value <= bounds[1], (expr, bounds, point)


def test_simplify_collects_like_terms() -> None:
    d0, d1 = AffineExpr.dimension(0), AffineExpr.dimension(1)
    assert (
        str(simplify_expr(d1 + d0 * 2 + 3 + d0 * 2 - 1, 2)) == "(((d0 * 4) + d1) + 2)"
    )
    # A modulo stays an atom, as written.
    assert str(simplify_expr((d0 % 8) + (d0 % 8), 1)) == "((d0 mod 8) * 2)"


def test_format_expr() -> None:
    i, j = AffineExpr.dimension(0), AffineExpr.dimension(1)
    assert format_expr(i - 1, ["i"]) == "i - 1"
    assert format_expr(i * 4 + j * -2 + 3, ["i", "j"]) == "i * 4 - j * 2 + 3"
    assert format_expr(i // 2, ["i"]) == "(i) floordiv 2"


def test_linear_form_arithmetic() -> None:
    a = LinearForm({"x": 2, "y": 1}, 3)
    b = LinearForm({"x": 2}, 1)
    diff = a.minus(b)
    assert diff.terms == {"y": 1}
    assert diff.constant == 2
    assert a.scaled(0).terms == {}
    assert a.scaled(0).constant == 0
    # x := y + 1 in 2x + y + 3 gives 3y + 5.
    sub = a.substituted("x", LinearForm({"y": 1}, 1))
    assert sub.terms == {"y": 3}
    assert sub.constant == 5


def test_fourier_motzkin() -> None:
    # 0 <= x <= 3, y = 2x + 1, y >= 8: x >= 3.5 has no integer solution.
    system = System()
    x, y = system.new_var(), system.new_var()
    system.ge(x, constant(0))
    system.ge(constant(3), x)
    system.eq(y, x.scaled(2).plus(constant(1)))
    system.ge(y, constant(8))
    assert not feasible(system)
    # y >= 7 instead: x = 3, y = 7.
    system.inequalities[-1] = y.minus(constant(7))
    assert feasible(system)
    # 2x = 2y + 1 has no integer solution (gcd test).
    odd = System()
    x, y = odd.new_var(), odd.new_var()
    odd.eq(x.scaled(2), y.scaled(2).plus(constant(1)))
    assert not feasible(odd)
