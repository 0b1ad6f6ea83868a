"""
xDSL's `scf` dialect, with MLIR's custom syntax for `scf.parallel`, which
xDSL 0.74 reads in generic form only:

```mlir
scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
  ...
}
```

Reductions (`init (...)` with `scf.reduce` regions) are read too; the
input preparation rejects them. `ParallelOp` subclasses xDSL's op.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import scf
from xdsl.dialects.builtin import IndexType
from xdsl.ir import Dialect, Operation, SSAValue
from xdsl.parser import Parser
from xdsl.printer import Printer


class ParallelOp(scf.ParallelOp):
    """`scf.parallel` in MLIR's custom syntax."""

    @classmethod
    def parse(cls, parser: Parser) -> ParallelOp:
        index = IndexType()
        ivs = parser.parse_comma_separated_list(
            Parser.Delimiter.PAREN, lambda: parser.parse_argument(expect_type=False)
        )
        parser.parse_punctuation("=")

        def operands() -> list[SSAValue]:
            return parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, lambda: parser.parse_operand(index)
            )

        lower = operands()
        parser.parse_keyword("to")
        upper = operands()
        parser.parse_keyword("step")
        steps = operands()
        inits: Sequence[SSAValue] = []
        if parser.parse_optional_keyword("init") is not None:
            pos = parser.pos
            unresolved = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parser.parse_unresolved_operand
            )
            parser.parse_punctuation("->")
            types = parser.parse_comma_separated_list(
                Parser.Delimiter.NONE, parser.parse_type
            )
            inits = parser.resolve_operands(unresolved, types, pos)
        body = parser.parse_region([iv.resolve(index) for iv in ivs])
        attributes = parser.parse_optional_attr_dict()
        block = body.block
        if not isinstance(block.last_op, scf.ReduceOp):
            block.add_op(scf.ReduceOp())
        op = cls(lower, upper, steps, body, inits)
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        block = self.body.block
        printer.print_string(" ")
        with printer.in_parens():
            printer.print_list(block.args, printer.print_operand)
        for keyword, values in (
            (" = ", self.lowerBound),
            (" to ", self.upperBound),
            (" step ", self.step),
        ):
            printer.print_string(keyword)
            with printer.in_parens():
                printer.print_list(values, printer.print_operand)
        if self.initVals:
            printer.print_string(" init ")
            with printer.in_parens():
                printer.print_list(self.initVals, printer.print_operand)
            printer.print_string(" -> ")
            printer.print_list(self.initVals.types, printer.print_attribute)
        printer.print_string(" ")
        terminator = block.last_op
        printer.print_region(
            self.body,
            print_entry_block_args=False,
            print_block_terminators=not (
                isinstance(terminator, scf.ReduceOp) and not terminator.args
            ),
        )
        printer.print_op_attributes(self.attributes)


_OPERATIONS: list[type[Operation]] = [
    ParallelOp if op is scf.ParallelOp else op for op in scf.Scf.operations
]

ScfExt = Dialect("scf", _OPERATIONS, list(scf.Scf.attributes))
