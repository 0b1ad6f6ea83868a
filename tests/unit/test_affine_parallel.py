"""
`affine.parallel` bounds are read with xDSL's public parser methods: each
bound must mean what xDSL's own affine-expression parser makes of it."""

from __future__ import annotations

import pytest
from xdsl.dialects.builtin import AffineMapAttr
from xdsl.parser import Parser
from xdsl.utils.exceptions import ParseError

from allo_xdsl.context import make_context
from allo_xdsl.dialects.affine_parallel import ParallelOp

EXPRESSIONS = [
    "0",
    "%n",
    "-%n",
    "- -3",
    "%a + 2 * %b - 1",
    "%a - %b - %n",
    "%a * 2 + %b * 3",
    "%a + %b * 2 floordiv 3",
    "%a floordiv 4 * 2",
    "(%a + 7) ceildiv 8",
    "%n mod 3 + %a",
    "-(%a + %b) * 2",
    "%b + %a + %b",
    "2 * (%n - (%a - 1))",
]


def _parallel(lower: str, upper: str = "8") -> ParallelOp:
    text = (
        "func.func @f(%a: index, %b: index, %n: index) {\n"
        f"  affine.parallel (%i) = ({lower}) to ({upper}) {{\n  }}\n"
        "  func.return\n}\n"
    )
    module = Parser(make_context(), text).parse_module()
    return next(op for op in module.walk() if isinstance(op, ParallelOp))


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_a_bound_means_what_xdsl_reads(expr: str) -> None:
    op = _parallel(expr)
    expected, operands = Parser(
        make_context(), f"[{expr}]"
    ).parse_affine_map_of_ssa_ids()
    lower = op.properties["lowerBoundsMap"]
    assert isinstance(lower, AffineMapAttr)
    assert lower.data == expected
    assert len(op.operands) == len(operands)


def test_groups_and_operands_follow_first_use() -> None:
    op = _parallel("max(%b, %a + 1)", "min(%n, %b + 4)")
    assert [o.name_hint for o in op.operands] == ["b", "a", "n", "b"]
    lower = op.properties["lowerBoundsMap"]
    assert isinstance(lower, AffineMapAttr)
    assert str(lower.data) == "()[s0, s1] -> (s0, (s1 + 1))"
    assert list(op.properties["lowerBoundsGroups"].get_values()) == [2]
    upper = op.properties["upperBoundsMap"]
    assert isinstance(upper, AffineMapAttr)
    assert str(upper.data) == "()[s0, s1] -> (s0, (s1 + 4))"


@pytest.mark.parametrize(
    ("lower", "message"),
    [
        ("%a +", "Expected primary expression"),
        ("(%a + 1, 2", "Expected closing parenthesis"),
        ("max(%a, )", "Expected primary expression"),
    ],
)
def test_a_malformed_bound_is_a_parse_error(lower: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        _parallel(lower)
