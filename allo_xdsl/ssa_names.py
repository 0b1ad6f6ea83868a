"""
SSA names keep the spelling the user wrote, and printing keeps them unique.

xDSL drops a trailing `_N` from every SSA name hint (`%A_1` -> `A`) and lets
its printer add `_N` back to tell duplicates apart. For allo-xdsl that loses
information a schedule relies on: with `%A_1` and `%A_2` as arguments, both
became `A`, so `buffer: A_2` was unknown and `buffer: A` silently meant
`%A_1`; loops `%i_1` were named `i`. Buffers are looked up by name and the
HLS C++ names its variables after them, so a name must stay what the input
says.

`install()` (run when `allo_xdsl` is imported) changes two things in xDSL:
- `SSAValue.name_hint` keeps a valid name as given (xDSL still rejects an
  invalid one);
- the printer, which now may see hints that end in `_N`, never prints two
  values of one scope under the same name: a duplicate hint `h` gets the
  first `h_N` that no other value of the scope is printed as.

`printed_names` computes, without printing, the names the printer gives the
values of a function, so that lookups match what the printed IR shows.
"""

from __future__ import annotations

from xdsl.ir import Operation, SSAValue
from xdsl.ir.core import IRWithName
from xdsl.printer import Printer


def fresh_name(hint: str, used: dict[str, int]) -> str:
    """
    The name the printer gives the next value hinted `hint`, in a scope
    where `used` counts hints seen and holds every name printed; updates
    `used`."""
    count = used.get(hint, 0)
    name = hint if count == 0 else f"{hint}_{count}"
    while count and name in used:
        count += 1
        name = f"{hint}_{count}"
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


def _get_name_hint(self: SSAValue) -> str | None:
    return self._name  # pyright: ignore[reportPrivateUsage]


def _set_name_hint(self: SSAValue, name: str | None) -> None:
    if name is not None and not SSAValue.is_valid_name(name):
        IRWithName.extract_valid_name(name)  # raises xDSL's own error
    self._name = name  # pyright: ignore[reportPrivateUsage]


def _print_ssa_value(self: Printer, value: SSAValue) -> str:
    name = self._ssa_values.get(value)  # pyright: ignore[reportPrivateUsage]
    if name is None:
        if value.name_hint:
            name = fresh_name(value.name_hint, self.ssa_names)
        else:
            name = self._get_new_valid_name_id()  # pyright: ignore[reportPrivateUsage]
        self._ssa_values[value] = name  # pyright: ignore[reportPrivateUsage]
    self.print_string(f"%{name}")
    return name


def install() -> None:
    """Make xDSL keep SSA names as written and print them without clashes."""
    hint = property(_get_name_hint, _set_name_hint)
    SSAValue.name_hint = hint  # pyright: ignore[reportAttributeAccessIssue]
    Printer.print_ssa_value = _print_ssa_value
