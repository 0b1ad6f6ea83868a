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
    name (`%i` -> `i`), or `lN` when it has none. The outermost loop of each
    nest without an `op_name` gets `S_<loop_name>_<k>`, k counting the nests of
    the function from 0, so that `band:loop` names are unique. Takes no
    options and rejects nothing.
    """

    name = "name-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for fn in op.walk():
            if isinstance(fn, func.FuncOp):
                name_function_loops(fn)


def name_function_loops(fn: func.FuncOp) -> None:
    bands = 0
    for index, loop in enumerate(loops_of(fn)):
        if LOOP_NAME not in loop.attributes:
            # Names first, so that printed loops read alike.
            name = StringAttr(default_loop_name(loop, index))
            loop.attributes = {LOOP_NAME: name, **loop.attributes}
        if outermost_loop(loop) is not loop:
            continue
        if BAND_NAME not in loop.attributes:
            name = loop.attributes[LOOP_NAME]
            assert isinstance(name, StringAttr)
            loop.attributes[BAND_NAME] = StringAttr(f"S_{name.data}_{bands}")
        bands += 1
