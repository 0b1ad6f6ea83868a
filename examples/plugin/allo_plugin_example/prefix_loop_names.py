"""Prefix every loop name, so that generated HLS labels carry a tag."""

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine
from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.passes import ModulePass

from allo_xdsl.analysis.lookup import LOOP_NAME, loop_name
from allo_xdsl.diagnostics import AlloError


@dataclass(frozen=True)
class PrefixLoopNamesPass(ModulePass):
    """
    Prepend `prefix` to the `loop_name` of every affine loop.

    Options: `prefix` (a C identifier start, e.g. "k_"). Rejects an empty or
    non-identifier prefix.
    """

    name = "prefix-loop-names"

    prefix: str = "p_"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if not self.prefix.isidentifier():
            raise AlloError(f"prefix '{self.prefix}' is not an identifier")
        for loop in op.walk():
            if isinstance(loop, affine.ForOp) and (name := loop_name(loop)):
                loop.attributes[LOOP_NAME] = StringAttr(self.prefix + name)
