"""
Parse MLIR text into a module whose ops know where they were written.

Parsing only parses: the preparation every input gets before passes run
(verification, foreign constructs, loop names) is
`allo_xdsl.frontend.mlir_input.read_mlir`'s."""

from __future__ import annotations

import re
from bisect import bisect_right

from xdsl.context import Context
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, ModuleOp, StringAttr
from xdsl.ir import Operation
from xdsl.parser import Parser
from xdsl.utils.exceptions import ParseError, VerifyException

from allo_xdsl.diagnostics import AlloError, SourceLocation


class LocatingParser(Parser):
    """
    A parser that gives every op without an explicit `loc(...)` its source
    position, so that later diagnostics can point at the input."""

    def __init__(self, ctx: Context, text: str, name: str, line_offset: int = 0):
        super().__init__(ctx, text, name)
        self._file_name = StringAttr(name)
        # re scans in C: models with weights inline are hundreds of MB
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._line_offset = line_offset

    def position_to_loc(self, pos: int) -> FileLineColLoc:
        line = bisect_right(self._line_starts, pos)
        column = pos - self._line_starts[line - 1] + 1
        return FileLineColLoc(
            self._file_name, IntAttr(line + self._line_offset), IntAttr(column)
        )

    def parse_operation(self) -> Operation:
        start = self.pos
        try:
            op = super().parse_operation()
        except (VerifyException, NotImplementedError) as e:
            # Raised while building a type or map that the grammar accepted.
            loc = self.position_to_loc(start)
            where = SourceLocation(self._file_name.data, loc.line.data, loc.column.data)
            prefix = "not supported: " if isinstance(e, NotImplementedError) else ""
            raise AlloError(f"{prefix}{e}", location=where) from None
        if not isinstance(op.location, FileLineColLoc):
            op.location = self.position_to_loc(start)
        return op


def parse_error_to_allo(error: ParseError, line_offset: int = 0) -> AlloError:
    loc = error.span.get_location()
    where = SourceLocation(loc.file, loc.line + line_offset, loc.col)
    message = error.msg.strip()
    if error.span.start >= error.span.input.len:
        # xDSL words errors at the end of input poorly (" in block definition").
        message = "unexpected end of input" + (f" {message}" if message else "")
    return AlloError(message, location=where)


def parse_module(
    ctx: Context, text: str, name: str = "<stdin>", line_offset: int = 0
) -> ModuleOp:
    """
    Parse `text`. `line_offset` is the line of file `name` that `text`
    starts after (for a chunk of a split input).

    Raises `AlloError` on any syntax error.
    """
    try:
        return LocatingParser(ctx, text, name, line_offset).parse_module()
    except ParseError as e:
        raise parse_error_to_allo(e, line_offset) from None
