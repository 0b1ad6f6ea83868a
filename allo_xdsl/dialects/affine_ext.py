"""
xDSL's `affine` dialect, extended with what MLIR inputs use and xDSL 0.74
lacks:

- `affine.if` in MLIR's custom syntax (xDSL has the op in generic form only):

  ```mlir
  affine.if #set(%i, %j)[%N] {
    ...
  } else {
    ...
  }
  %r = affine.if affine_set<(d0) : (d0 - 4 >= 0)>(%i) -> f32 {
    affine.yield %a : f32
  } else {
    affine.yield %b : f32
  }
  ```

  `IfOp` subclasses `xdsl.dialects.affine.IfOp`, so code matching xDSL's op
  also matches it.
- `affine.parallel` in MLIR's custom syntax (`dialects/affine_parallel.py`).
- `affine.max`, with the syntax of `affine.min`:
  `%m = affine.max affine_map<(d0) -> (d0, 4)>(%i)`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, IndexType
from xdsl.ir import Attribute, Block, Dialect, Operation, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from allo_xdsl.dialects.affine_parallel import ParallelOp


def _parse_dims_and_symbols(
    parser: Parser, num_dims: int, num_symbols: int
) -> list[SSAValue]:
    """
    `(%d0, ...)` then `[%s0, ...]` when there are symbols, as MLIR's
    `parseDimAndSymbolList`; the counts must match the map or set."""
    pos = parser.pos
    dims = parser.parse_comma_separated_list(
        Parser.Delimiter.PAREN, lambda: parser.parse_operand(IndexType())
    )
    syms = parser.parse_optional_comma_separated_list(
        Parser.Delimiter.SQUARE, lambda: parser.parse_operand(IndexType())
    )
    syms = syms or []
    if len(dims) != num_dims:
        parser.raise_error(
            f"expected {num_dims} dimension operands, got {len(dims)}", pos
        )
    if len(syms) != num_symbols:
        parser.raise_error(
            f"expected {num_symbols} symbol operands, got {len(syms)}", pos
        )
    return [*dims, *syms]


def _print_dims_and_symbols(
    printer: Printer, operands: Sequence[SSAValue], num_dims: int
) -> None:
    with printer.in_parens():
        printer.print_list(operands[:num_dims], printer.print_operand)
    if len(operands) > num_dims:
        with printer.in_square_brackets():
            printer.print_list(operands[num_dims:], printer.print_operand)


def _parse_result_types(parser: Parser) -> Sequence[Attribute]:
    """MLIR's optional arrow type list: nothing, `-> T` or `-> (T, ...)`."""
    if parser.parse_optional_punctuation("->") is None:
        return []
    if parser.parse_optional_punctuation("(") is None:
        return [parser.parse_type()]
    if parser.parse_optional_punctuation(")") is not None:
        return []
    types = parser.parse_comma_separated_list(Parser.Delimiter.NONE, parser.parse_type)
    parser.parse_punctuation(")")
    return types


def _ensure_yield(region: Region) -> None:
    """Add the `affine.yield` that the custom syntax leaves implicit."""
    block = region.block
    if not isinstance(block.last_op, affine.YieldOp):
        block.add_op(affine.YieldOp.get())


class IfOp(affine.IfOp):
    """
    `affine.if` with MLIR's custom syntax and verifier.

    Not re-decorated: IRDL cannot redefine a defined op, and the fields of
    xDSL's op stay as they are."""

    def __init__(
        self,
        condition: AffineSetAttr,
        operands: Sequence[SSAValue | Operation],
        then_region: Region,
        else_region: Region | None = None,
        result_types: Sequence[Attribute] = (),
    ):
        super().__init__(
            operands=[operands],
            result_types=[result_types],
            properties={"condition": condition},
            regions=[then_region, else_region or Region()],
        )

    def verify_(self) -> None:
        super().verify_()
        condition = self.condition.data
        if len(self.args) != condition.num_dims + condition.num_symbols:
            raise VerifyException(
                "operand count and condition integer set dimension and symbol "
                "count must match"
            )
        if self.res and not self.else_region.blocks:
            raise VerifyException("must have an else block if defining values")
        if len(self.else_region.blocks) > 1:
            raise VerifyException("expects the else region to have at most one block")
        for region in (self.then_region, self.else_region):
            for block in region.blocks:
                self._verify_block(block)

    def _verify_block(self, block: Block) -> None:
        if block.args:
            raise VerifyException("expects its regions to have no arguments")
        yield_op = block.last_op
        if not isinstance(yield_op, affine.YieldOp):
            raise VerifyException("expects its regions to end with 'affine.yield'")
        yielded = tuple(yield_op.arguments.types)
        if yielded != tuple(self.result_types):
            raise VerifyException(
                f"'affine.yield' yields ({', '.join(map(str, yielded))}) but the "
                f"op returns ({', '.join(map(str, self.result_types))})"
            )

    @classmethod
    def parse(cls, parser: Parser) -> IfOp:
        pos = parser.pos
        condition = parser.parse_attribute()
        if not isinstance(condition, AffineSetAttr):
            parser.raise_error("expected an integer set (affine_set<...>)", pos)
        operands = _parse_dims_and_symbols(
            parser, condition.data.num_dims, condition.data.num_symbols
        )
        result_types = _parse_result_types(parser)
        then_region = parser.parse_region()
        else_region = Region()
        if parser.parse_optional_keyword("else") is not None:
            else_region = parser.parse_region()
        if not then_region.blocks:
            then_region.add_block(Block())
        if not result_types:
            _ensure_yield(then_region)
            if else_region.blocks:
                _ensure_yield(else_region)
        op = cls(condition, operands, then_region, else_region, result_types)
        op.attributes |= parser.parse_optional_attr_dict()
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_attribute(self.condition)
        _print_dims_and_symbols(printer, self.args, self.condition.data.num_dims)
        if self.res:
            printer.print_string(" -> ")
            if len(self.res) == 1:
                printer.print_attribute(self.res[0].type)
            else:
                with printer.in_parens():
                    printer.print_list(self.result_types, printer.print_attribute)
        has_results = bool(self.res)
        printer.print_string(" ")
        printer.print_region(
            self.then_region,
            print_entry_block_args=False,
            print_block_terminators=has_results,
        )
        if self.else_region.blocks:
            printer.print_string(" else ")
            printer.print_region(
                self.else_region,
                print_entry_block_args=False,
                print_block_terminators=has_results,
            )
        printer.print_op_attributes(self.attributes)


@irdl_op_definition
class MaxOp(IRDLOperation):
    """The maximum of the results of `map` applied to `arguments`."""

    name = "affine.max"

    arguments = var_operand_def(IndexType())
    result = result_def(IndexType())

    map = prop_def(AffineMapAttr)

    traits = traits_def(Pure())

    def __init__(
        self, map_operands: Sequence[SSAValue | Operation], affine_map: AffineMapAttr
    ):
        super().__init__(
            operands=[map_operands],
            properties={"map": affine_map},
            result_types=[IndexType()],
        )

    def verify_(self) -> None:
        m = self.map.data
        if len(self.arguments) != m.num_dims + m.num_symbols:
            raise VerifyException(
                f"expects {m.num_dims + m.num_symbols} operands (the dimensions "
                f"and symbols of its map), got {len(self.arguments)}"
            )
        if not m.results:
            raise VerifyException("expects a map with at least one result")

    @classmethod
    def parse(cls, parser: Parser) -> MaxOp:
        pos = parser.pos
        m = parser.parse_attribute()
        if not isinstance(m, AffineMapAttr):
            parser.raise_error("expected an affine map", pos)
        operands = _parse_dims_and_symbols(parser, m.data.num_dims, m.data.num_symbols)
        op = cls(operands, m)
        op.attributes |= parser.parse_optional_attr_dict()
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_attribute(self.map)
        _print_dims_and_symbols(printer, self.arguments, self.map.data.num_dims)
        printer.print_op_attributes(self.attributes)


_REPLACED: dict[type[Operation], type[Operation]] = {
    affine.IfOp: IfOp,
    affine.ParallelOp: ParallelOp,
}

_OPERATIONS: list[type[Operation]] = [
    _REPLACED.get(op, op) for op in affine.Affine.operations
]

AffineExt = Dialect(
    "affine",
    [*_OPERATIONS, MaxOp],
    list(affine.Affine.attributes),
)
