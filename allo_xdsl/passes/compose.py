"""The `compose` pass: one type per buffer across function boundaries."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.alias_classes import AliasClasses
from allo_xdsl.rewriting.class_properties import PARTITION, ClassProperty, unify_class

COMPOSED_PROPERTIES: tuple[ClassProperty, ...] = (PARTITION,)
"""The type properties that `compose` propagates (the stream kind joins
them with the streams primitive)."""


@dataclass(frozen=True)
class ComposePass(ModulePass):
    """
    Propagate partition layouts across call boundaries, as Allo's `compose`.

    Buffers that are one memory seen from several places form an alias class
    (see `allo_xdsl.analysis.alias_classes`): a call operand and the callee
    parameter it binds to, that parameter at every call site of every
    caller, a returned buffer and the caller values receiving it, a
    `memref.global` and its `memref.get_global`s. Every member of a class
    gets the partition of every dimension that any member has, so the
    result verifies: each call's operand types equal its callee's parameter
    types, and function types, call results and globals follow.

    The `partition` primitive already propagates through the class of the
    buffer it partitions; this pass completes modules built otherwise (a
    layout written on one `memref.get_global`, or by a tool that retypes one
    function). Takes no options.

    Rejects two different partitions of one dimension in one class (the
    error names both origins: function, buffer and schedule step, and how
    the buffers alias), and a member whose type cannot change: a use other
    than loads, stores, dealloc, calls and returns, a value defined by an op
    other than alloc, alloca, get_global and call, or a call of a function
    the module does not define.
    """

    name = "compose"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for prop in COMPOSED_PROPERTIES:
            classes = AliasClasses.of(op)
            for members in list(classes.classes()):
                unify_class(classes, members, prop)
