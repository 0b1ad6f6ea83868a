"""The base of every customization-primitive pass."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.lookup import find_func


@dataclass(frozen=True)
class PrimitivePass(ModulePass, ABC):
    """
    A pass that applies one Allo customization primitive to one function.

    `func` names the function; the other fields are the primitive's arguments,
    named as in YAML (`loop`, `factor`, ...). The same class serves the
    standalone pass (`loop-split{func="gemm" loop="i" factor=8}`), the
    `sched` op and the YAML step.
    """

    primitive: ClassVar[str]
    """The primitive's YAML and `sched` name, e.g. `split`."""

    func: str

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        self.apply_to(ctx, find_func(op, self.func))

    @abstractmethod
    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        """Apply the primitive to `fn`; raise `AlloError` when it cannot."""
