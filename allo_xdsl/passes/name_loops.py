"""Give every affine loop a `loop_name` and every loop nest a band name."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.passes import ModulePass

from allo_xdsl.analysis.lookup import BAND_NAME, LOOP_NAME, loops_of, outermost_loop


def default_loop_name(loop: affine.ForOp, index: int) -> str:
    hint = loop.body.block.args[0].name_hint
    return hint if hint else f"l{index}"


@dataclass(frozen=True)
class NameLoopsPass(ModulePass):
    """
    Name the loops of every function, keeping names that already exist.

    Each `affine.for` without a `loop_name` gets its induction variable's SSA
    name as the input spells it (`%i` -> `i`, `%i_1` -> `i_1`), or `lN`
    when it has none. The outermost loop of each nest without an `op_name`
    gets `S_<loop_name>_<k>`, k counting the nests of the function from 0,
    so that `band:loop` names are unique.

    Loops of one band (nest) that share a name, as the two `i`/`j` sweeps
    inside the time loop of jacobi-2d or two sibling `%j` loops, become
    `i#0`, `i#1`, ...: the name and the 0-based occurrence in program
    order, so every loop has a name a schedule can write. Bands that share
    an `op_name` are told apart alike. A name that is unique in its band is
    never changed, so a second run changes nothing, and a name given before
    is kept when only a new loop (one a pass added) clashes with it. Takes
    no options and rejects nothing.
    """

    name = "name-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for fn in op.walk():
            if isinstance(fn, func.FuncOp):
                name_function_loops(fn)


def name_function_loops(fn: func.FuncOp) -> None:
    outers: list[affine.ForOp] = []
    named: set[affine.ForOp] = set()
    for index, loop in enumerate(loops_of(fn)):
        if LOOP_NAME not in loop.attributes:
            # Names first, so that printed loops read alike.
            name = StringAttr(default_loop_name(loop, index))
            loop.attributes = {LOOP_NAME: name, **loop.attributes}
            named.add(loop)
        if outermost_loop(loop) is loop:
            outers.append(loop)
    for outer in outers:
        tell_apart(list(loops_of(outer)), LOOP_NAME, named)
    for bands, outer in enumerate(outers):
        if BAND_NAME not in outer.attributes:
            name = outer.attributes[LOOP_NAME]
            assert isinstance(name, StringAttr)
            outer.attributes[BAND_NAME] = StringAttr(f"S_{name.data}_{bands}")
            named.add(outer)
    tell_apart(outers, BAND_NAME, named)


def tell_apart(loops: list[affine.ForOp], key: str, named: set[affine.ForOp]) -> None:
    """
    Rename the loops of `loops` whose attribute `key` another one shares
    to `name#k`, k counting them from 0 in order (skipping names taken). A
    name given before this run (not in `named`) that only new names clash
    with stays, so a pass that adds loops never renames existing ones."""
    groups: dict[str, list[affine.ForOp]] = {}
    for loop in loops:
        attr = loop.attributes.get(key)
        if isinstance(attr, StringAttr):
            groups.setdefault(attr.data, []).append(loop)
    taken = set(groups)
    for name, group in groups.items():
        if len(group) < 2:
            continue
        old = [loop for loop in group if loop not in named]
        k = 0
        for loop in group:
            if len(old) == 1 and loop is old[0]:
                continue
            while f"{name}#{k}" in taken:
                k += 1
            taken.add(f"{name}#{k}")
            loop.attributes[key] = StringAttr(f"{name}#{k}")
