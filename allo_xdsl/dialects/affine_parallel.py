"""
`affine.parallel` in MLIR's custom syntax, which xDSL 0.74 reads in
generic form only:

```mlir
affine.parallel (%i, %j) = (0, max(%a, 0)) to (%n, min(%b + 32, 100)) step (1, 2) {
  ...
}
%r = affine.parallel (%i) = (0) to (8) reduce ("addf") -> (f32) { ... }
```

A bound is an affine expression of SSA values, or `max(...)` (lower) /
`min(...)` (upper) of several; each bound list is one map over symbols
with its groups, as MLIR stores it. `ParallelOp` subclasses xDSL's op; the
`lower-affine-parallel` pass turns it into loops.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine
from xdsl.dialects.builtin import (
    AffineMapAttr,
    ArrayAttr,
    DenseIntElementsAttr,
    DenseIntOrFPElementsAttr,
    IndexType,
    IntegerAttr,
    StringAttr,
    VectorType,
    i32,
    i64,
)
from xdsl.ir import Attribute, Block, SSAValue
from xdsl.ir.affine import AffineExpr, AffineMap
from xdsl.parser import Parser, UnresolvedOperand


class _BoundParser:
    """
    Affine expressions over SSA values (`%n + 2 * %m`, `%b floordiv 4`),
    read with the public `Parser` methods: xDSL's own affine-expression
    parser is not public. Each distinct `%value` becomes the next symbol;
    `*`, `floordiv`, `ceildiv` and `mod` bind tighter than `+` and `-`, all
    left-associative, as in MLIR."""

    def __init__(self, parser: Parser) -> None:
        self.parser = parser
        self.symbols: dict[tuple[str, int], int] = {}
        self.operands: list[UnresolvedOperand] = []

    def expr(self) -> AffineExpr:
        expr = self.term()
        while (sign := self._additive()) is not None:
            expr = expr + self.term() if sign == "+" else expr - self.term()
        return expr

    def term(self) -> AffineExpr:
        expr = self.primary()
        while (op := self._multiplicative()) is not None:
            rhs = self.primary()
            if op == "*":
                expr = expr * rhs
            elif op == "floordiv":
                expr = expr // rhs
            elif op == "ceildiv":
                expr = expr.ceil_div(rhs)
            else:
                expr = expr % rhs
        return expr

    def primary(self) -> AffineExpr:
        parser = self.parser
        if (operand := parser.parse_optional_unresolved_operand()) is not None:
            return self._symbol(operand)
        if parser.parse_optional_punctuation("(") is not None:
            expr = self.expr()
            if parser.parse_optional_punctuation(")") is None:
                parser.raise_error("Expected closing parenthesis")
            return expr
        if parser.parse_optional_punctuation("-") is not None:
            return -self.primary()
        value = parser.parse_optional_integer(allow_boolean=False, allow_negative=False)
        if value is None:
            parser.raise_error("Expected primary expression")
        return AffineExpr.constant(value)

    def _symbol(self, operand: UnresolvedOperand) -> AffineExpr:
        key = (operand.span.text, operand.index)
        if key not in self.symbols:
            self.symbols[key] = len(self.operands)
            self.operands.append(operand)
        return AffineExpr.symbol(self.symbols[key])

    def _additive(self) -> str | None:
        parser = self.parser
        return parser.parse_optional_punctuation(
            "+"
        ) or parser.parse_optional_punctuation("-")

    def _multiplicative(self) -> str | None:
        if self.parser.parse_optional_punctuation("*") is not None:
            return "*"
        return self.parser.parse_optional_keyword_in(("floordiv", "ceildiv", "mod"))


def _parse_bounds(
    parser: Parser, keyword: str
) -> tuple[AffineMap, list[int], Sequence[SSAValue]]:
    """
    `(e, keyword(e, e), ...)`: the map over symbols, the group sizes and
    the SSA values that are its symbols."""
    bounds = _BoundParser(parser)
    groups: list[int] = []
    exprs: list[AffineExpr] = []

    def parse_bound() -> None:
        if parser.parse_optional_keyword(keyword) is not None:
            group = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, bounds.expr
            )
        else:
            group = [bounds.expr()]
        groups.append(len(group))
        exprs.extend(group)

    parser.parse_comma_separated_list(Parser.Delimiter.PAREN, parse_bound)
    operands = [parser.resolve_operand(o, IndexType()) for o in bounds.operands]
    return AffineMap(0, len(operands), tuple(exprs)), groups, operands


def _groups(sizes: list[int]) -> DenseIntElementsAttr:
    return DenseIntOrFPElementsAttr.from_list(VectorType(i32, [len(sizes)]), sizes)


class ParallelOp(affine.ParallelOp):
    """
    `affine.parallel`, read in MLIR's custom syntax and printed in generic
    form (which shows the maps exactly as the op holds them)."""

    @classmethod
    def parse(cls, parser: Parser) -> ParallelOp:
        ivs = parser.parse_comma_separated_list(
            Parser.Delimiter.PAREN, lambda: parser.parse_argument(expect_type=False)
        )
        parser.parse_punctuation("=")
        pos = parser.pos
        lower, lower_groups, lower_operands = _parse_bounds(parser, "max")
        parser.parse_keyword("to")
        upper, upper_groups, upper_operands = _parse_bounds(parser, "min")
        if not len(ivs) == len(lower_groups) == len(upper_groups):
            parser.raise_error(
                "expected as many lower and upper bounds as induction variables", pos
            )
        steps = [1] * len(ivs)
        pos = parser.pos
        if parser.parse_optional_keyword("step") is not None:
            pos = parser.pos
            steps = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parser.parse_integer
            )
            if len(steps) != len(ivs) or min(steps) < 1:
                parser.raise_error("expected one positive step per variable", pos)
        reductions: list[str] = []
        result_types: list[Attribute] = []
        if parser.parse_optional_keyword("reduce") is not None:
            # xDSL 0.74's op does not verify with results, and nothing
            # lowers them: say so where the reduction is written.
            parser.raise_error(
                "'affine.parallel' with reductions is not supported: write the "
                "reduction as an 'affine.for' with iter_args",
                pos,
            )
            reductions = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parser.parse_str_literal
            )
            parser.parse_punctuation("->")
            result_types = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parser.parse_type
            )
        body = parser.parse_region([iv.resolve(IndexType()) for iv in ivs])
        attributes = parser.parse_optional_attr_dict()
        block: Block = body.block
        if not isinstance(block.last_op, affine.YieldOp):
            block.add_op(affine.YieldOp.get())
        op = cls.create(
            operands=[*lower_operands, *upper_operands],
            result_types=result_types,
            properties={
                "reductions": ArrayAttr(StringAttr(r) for r in reductions),
                "lowerBoundsMap": AffineMapAttr(lower),
                "lowerBoundsGroups": _groups(lower_groups),
                "upperBoundsMap": AffineMapAttr(upper),
                "upperBoundsGroups": _groups(upper_groups),
                "steps": ArrayAttr(IntegerAttr(s, i64) for s in steps),
            },
            regions=[body],
        )
        op.attributes |= attributes
        return op
