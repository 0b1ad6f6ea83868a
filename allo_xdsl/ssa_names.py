"""
SSA names keep the spelling the user wrote, and printing keeps them unique.

xDSL drops a trailing `_N` from every SSA name hint (`%A_1` -> `A`) and lets
its printer add `_N` back to tell duplicates apart. For allo-xdsl that loses
information a schedule relies on: with `%A_1` and `%A_2` as arguments, both
became `A`, so `buffer: A_2` was unknown and `buffer: A` silently meant
`%A_1`; loops `%i_1` were named `i`. Buffers are looked up by name and the
HLS C++ names its variables after them, so a name must stay what the input
says.

`install()` (run when `allo_xdsl` is imported) changes two things in xDSL,
both through public members only (no `_name`, `_ssa_values` or other
private state is read or written):
- `SSAValue.extract_valid_name`, the public classmethod through which
  xDSL's own `name_hint` setter (and `Builder.name_hint`) cleans a name,
  validates it but keeps a trailing `_N` (xDSL still rejects an invalid
  name with its own error);
- `Printer.print_ssa_value`, which now may see hints that end in `_N`, is
  wrapped so that it never prints two values of one scope under the same
  name: a duplicate hint `h` gets the first `h_N` that no other value of
  the scope is printed as. The wrapper steers xDSL's method through the
  scope's public hint table `Printer.ssa_names`.

Why a patch and not a subclass or a table of our own (xDSL 0.74): the
only place a value's name lives is the private `IRWithName._name`, written
only by the `name_hint` setter, which strips `_N`; xDSL itself creates
values and copies their names (parser, `Operation.clone`,
`replace_all_uses_with`), so a side table would lose `_N` on every clone
and rewrite, and a `Printer` subclass would not reach the printers xDSL
builds itself (`str(op)`, diagnostics, `xdsl-opt` with allo-xdsl as a
plugin). No option of xDSL keeps the suffix. The upstream change that
would remove both patches: keep name hints as written (no `_N` stripping)
and have the printer unique names against the names it has printed rather
than against a count per hint.

`printed_names` computes, without printing, the names the printer gives the
values of a function, so that lookups match what the printed IR shows.
"""

from __future__ import annotations

from xdsl.ir import Operation, SSAValue
from xdsl.ir.core import IRWithName
from xdsl.printer import Printer


def _free_count(hint: str, used: dict[str, int]) -> int:
    """
    The suffix the next value hinted `hint` gets (0: none, `n`: `hint_n`),
    in a scope where `used` counts hints seen and holds every name
    printed."""
    count = used.get(hint, 0)
    while count and f"{hint}_{count}" in used:
        count += 1
    return count


def fresh_name(hint: str, used: dict[str, int]) -> str:
    """
    The name the printer gives the next value hinted `hint`, in a scope
    where `used` counts hints seen and holds every name printed; updates
    `used`."""
    count = _free_count(hint, used)
    name = hint if count == 0 else f"{hint}_{count}"
    used[hint] = count + 1
    used.setdefault(name, 1)
    return name


def printed_names(op: Operation) -> dict[SSAValue, str]:
    """
    The name each hinted value defined in `op` (an isolated op such as a
    function) gets when `op` is printed: results before regions, block
    arguments before the ops of their block, in order."""
    used: dict[str, int] = {}
    names: dict[SSAValue, str] = {}

    def name(value: SSAValue) -> None:
        if value.name_hint:
            names[value] = fresh_name(value.name_hint, used)

    def visit(current: Operation) -> None:
        for result in current.results:
            name(result)
        for region in current.regions:
            for block in region.blocks:
                for arg in block.args:
                    name(arg)
                for inner in block.ops:
                    visit(inner)

    for region in op.regions:
        for block in region.blocks:
            for arg in block.args:
                name(arg)
            for inner in block.ops:
                visit(inner)
    return names


_XDSL_PRINT_SSA_VALUE = Printer.print_ssa_value


def _keep_valid_name(cls: type[SSAValue], name: str | None) -> str | None:
    """`SSAValue.extract_valid_name` that validates but keeps `_N`."""
    if name is not None and not cls.is_valid_name(name):
        IRWithName.extract_valid_name(name)  # raises xDSL's own error
    return name


def _print_ssa_value(self: Printer, value: SSAValue) -> str:
    """
    xDSL's `print_ssa_value`, steered through the scope's public hint
    table (`Printer.ssa_names`) so that a hinted value gets `fresh_name`'s
    choice: xDSL prints `hint` or `hint_<table[hint]>` and stores
    `table[hint] + 1`."""
    hint = value.name_hint
    if not hint:
        return _XDSL_PRINT_SSA_VALUE(self, value)
    table = self.ssa_names
    before = table.get(hint)
    count = _free_count(hint, table)
    table[hint] = count
    name = _XDSL_PRINT_SSA_VALUE(self, value)
    if table[hint] == count:
        # Named earlier in this printer: xDSL reused that name and left
        # the table alone.
        if before is None:
            del table[hint]
        else:
            table[hint] = before
        return name
    table.setdefault(name, 1)
    return name


def install() -> None:
    """Make xDSL keep SSA names as written and print them without clashes."""
    SSAValue.extract_valid_name = classmethod(_keep_valid_name)  # pyright: ignore[reportAttributeAccessIssue]
    Printer.print_ssa_value = _print_ssa_value
