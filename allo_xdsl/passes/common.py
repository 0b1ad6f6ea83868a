"""The base of every customization-primitive pass."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.analysis.stream_order import check_stream_orders
from allo_xdsl.passes.name_loops import name_function_loops
from allo_xdsl.passes.normalize_affine import normalize_function
from allo_xdsl.passes.primitives import BY_PASS


@dataclass(frozen=True)
class PrimitivePass(ModulePass, ABC):
    """
    A pass that applies one Allo customization primitive to one function.

    `func` names the function; the other fields are the primitive's arguments,
    named as in YAML (`loop`, `factor`, ...) unless its row in
    `allo_xdsl.passes.primitives` renames them. The same class serves the
    standalone pass (`loop-split{func="gemm" loop="i" factor=8}`), the
    `sched` op and the YAML step.
    """

    func: str

    @property
    def primitive(self) -> str:
        """The primitive's YAML and `sched` name, e.g. `split`."""
        return BY_PASS[self.name].name

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        fn = find_func(op, self.func)
        # Other drivers (xdsl-opt, a host compiler) do not prepare their
        # input as allo-opt does; both steps keep what is already there.
        normalize_function(fn)
        name_function_loops(fn)
        self.apply_to(ctx, fn)
        # Streams of `fn` must still be read in the order they are written.
        check_stream_orders(op, self.func, self.primitive)

    @abstractmethod
    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        """Apply the primitive to `fn`; raise `AlloError` when it cannot."""
