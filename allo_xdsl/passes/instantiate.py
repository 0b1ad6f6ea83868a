"""The `instantiate` pass: a private copy of a callee for one call site."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    ModuleOp,
    StringAttr,
    SymbolRefAttr,
)
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass

from allo_xdsl.analysis.alias_classes import call_sites
from allo_xdsl.analysis.call_graph import functions
from allo_xdsl.diagnostics import AlloError, did_you_mean

INSTANCE_SYNTAX = "FUNCTION@N (N: the 0-based index of a call site of FUNCTION)"
_INSTANCE_KEY = re.compile(r"(?P<func>[^@]+)@(?P<site>0|[1-9][0-9]*)")


def split_instance_key(key: str) -> tuple[str, int] | None:
    """
    `(function, call site)` for a schedule key `gemm@1`; `None` for a
    plain function name. Raises ValueError for a malformed instance key."""
    if "@" not in key:
        return None
    match = _INSTANCE_KEY.fullmatch(key)
    if match is None:
        raise ValueError(f"malformed instance '{key}'; expected {INSTANCE_SYNTAX}")
    return match["func"], int(match["site"])


@dataclass(frozen=True)
class Instance:
    """Call site `site` of function `func`, asked for at `where`."""

    func: str
    site: int
    where: Operation | None = None


def make_instances(module: ModuleOp, instances: Sequence[Instance]) -> list[str]:
    """
    Copy the callee of each call site in `instances`, retarget that call
    to the copy, and return the copies' names (`gemm_1` for `gemm@1`, with a
    suffix when that name is taken), in order.

    Call sites are numbered in the input, before any copy is made: call
    site `k` of `f` is the `k`-th call of `f` in program order (functions
    in module order, ops in pre-order), from 0. Every copy is made from the
    function as the input has it, so the calls inside a copy call what the
    original calls. An original that no call site calls any more and
    nothing else refers to is erased (see `erase_replaced`)."""
    funcs = functions(module)
    sites = {inst.func: _sites(module, funcs, inst) for inst in instances}
    names: dict[tuple[str, int], str] = {}
    taken = set(funcs)
    last_copy: dict[str, func.FuncOp] = {}
    for inst in instances:
        if (inst.func, inst.site) in names:
            continue
        _check_site(inst, len(sites[inst.func]), funcs[inst.func])
        name = _fresh(f"{inst.func}_{inst.site}", taken)
        taken.add(name)
        names[(inst.func, inst.site)] = name
        copy = funcs[inst.func].clone()
        copy.properties["sym_name"] = StringAttr(name)
        anchor = last_copy.get(inst.func, funcs[inst.func])
        module.body.block.insert_op_after(copy, anchor)
        last_copy[inst.func] = copy
    for (callee, site), name in names.items():
        sites[callee][site].properties["callee"] = SymbolRefAttr(name)
    erase_replaced(module, [inst.func for inst in instances])
    return [names[(inst.func, inst.site)] for inst in instances]


def erase_replaced(module: ModuleOp, names: Sequence[str]) -> None:
    """
    Erase each function of `names` that nothing in `module` refers to:
    every call site of it now calls a copy. Left in, it would be one more
    uncalled function, which a target takes for a top (a function a
    schedule still names is kept until that schedule is applied)."""
    funcs = functions(module)
    for name in dict.fromkeys(names):
        fn = funcs.get(name)
        if fn is None or any(_refers_to(op, name) for op in module.walk()):
            continue
        fn.detach()
        fn.erase()


def _refers_to(op: Operation, name: str) -> bool:
    attrs = (*op.properties.values(), *op.attributes.values())
    return any(_mentions(attr, name) for attr in attrs)


def _mentions(attr: Attribute, name: str) -> bool:
    if isinstance(attr, SymbolRefAttr):
        return attr.root_reference.data == name
    if isinstance(attr, ArrayAttr):
        return any(_mentions(a, name) for a in attr.data)
    if isinstance(attr, DictionaryAttr):
        return any(_mentions(a, name) for a in attr.data.values())
    return False


def _sites(
    module: ModuleOp, funcs: dict[str, func.FuncOp], inst: Instance
) -> list[func.CallOp]:
    if inst.func not in funcs:
        raise AlloError(
            f"instance '{inst.func}@{inst.site}': "
            + did_you_mean("function", inst.func, funcs),
            inst.where or module,
        )
    return call_sites(module, inst.func)


def _check_site(inst: Instance, count: int, fn: func.FuncOp) -> None:
    where = inst.where or fn
    if count == 0:
        raise AlloError(
            f"instance '{inst.func}@{inst.site}': '{inst.func}' is never called",
            where,
        )
    if inst.site >= count:
        calls = "call site" if count == 1 else "call sites"
        raise AlloError(
            f"instance '{inst.func}@{inst.site}': '{inst.func}' has {count} "
            f"{calls} (numbered 0 to {count - 1} in program order)",
            where,
        )


def _fresh(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    suffix = 1
    while f"{name}_{suffix}" in taken:
        suffix += 1
    return f"{name}_{suffix}"


@dataclass(frozen=True)
class InstantiatePass(ModulePass):
    """
    Give call site `site` of function `func` its own copy of `func`, named
    `<func>_<site>` (with a further `_N` suffix when that name is taken), as
    Allo's `instantiate`: the copy can then be customized apart from the
    other call sites. Call sites are numbered from 0 in program order
    (functions in module order, ops in pre-order). Once no call site calls
    `func` any more (and nothing else refers to it), `func` is erased.

    In a YAML pipeline, a schedule key `gemm@1` does this and applies its
    steps to the copy only.

    Rejects an unknown function, a function that is never called, and a
    call-site index out of range.
    """

    name = "instantiate"

    func: str
    site: int

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.site < 0:
            raise AlloError(f"instantiate: site must be >= 0, got {self.site}")
        make_instances(op, [Instance(self.func, self.site)])
