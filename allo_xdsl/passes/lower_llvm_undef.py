"""The `lower-llvm-undef` pass: `llvm.mlir.undef` scalars become zeros."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    AnyFloat,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
)
from xdsl.ir import Attribute
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from allo_xdsl.diagnostics import AlloError


@dataclass(frozen=True)
class LowerLlvmUndefPass(ModulePass):
    """
    Replace every `llvm.mlir.undef` of an integer, index or float type by an
    `arith.constant` zero. Polygeist emits it for scalars that the program
    writes before it reads them (an uninitialized local); an undefined
    value may be any value, so zero is a correct choice, and a
    deterministic one for simulation. No options.

    Rejects an undef of any other type (LLVM structs, pointers, vectors),
    naming the type.
    """

    name = "lower-llvm-undef"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for undef in [o for o in op.walk() if o.name == "llvm.mlir.undef"]:
            result = undef.results[0]
            value = _zero(result.type)
            if value is None:
                raise AlloError(
                    f"'llvm.mlir.undef' of type {result.type} is not supported "
                    "(only integer, index and float scalars)",
                    undef,
                )
            constant = arith.ConstantOp(value, result.type)
            constant.results[0].name_hint = result.name_hint
            constant.location = undef.location
            Rewriter.replace_op(undef, constant)


def _zero(t: Attribute) -> IntegerAttr | FloatAttr | None:
    if isinstance(t, IntegerType | IndexType):
        return IntegerAttr(0, t)
    if isinstance(t, AnyFloat):
        return FloatAttr(0.0, t)
    return None
