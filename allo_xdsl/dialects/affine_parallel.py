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
from xdsl.parser import AffineParser, Parser, UnresolvedOperand


def _parse_bounds(
    parser: Parser, keyword: str
) -> tuple[AffineMap, list[int], Sequence[SSAValue]]:
    """
    `(e, keyword(e, e), ...)`: the map over symbols, the group sizes and
    the SSA values that are its symbols."""
    affine_parser = AffineParser(parser._parser_state)  # pyright: ignore[reportPrivateUsage]
    parse_ssa, _, spans = affine_parser._get_parse_optional_ssa_value()  # pyright: ignore[reportPrivateUsage]
    groups: list[int] = []
    exprs: list[AffineExpr] = []

    def parse_expr() -> AffineExpr:
        return affine_parser._parse_affine_expr(parse_ssa)  # pyright: ignore[reportPrivateUsage]

    def parse_bound() -> None:
        if parser.parse_optional_keyword(keyword) is not None:
            group = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parse_expr
            )
        else:
            group = [parse_expr()]
        groups.append(len(group))
        exprs.extend(group)

    parser.parse_comma_separated_list(Parser.Delimiter.PAREN, parse_bound)
    operands = [
        parser.resolve_operand(UnresolvedOperand(span, 0), IndexType())
        for span in spans
    ]
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
