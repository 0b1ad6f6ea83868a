"""The call graph of a module: who calls whom, and callee-first order."""

from __future__ import annotations

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.diagnostics import AlloError


def functions(module: ModuleOp) -> dict[str, func.FuncOp]:
    return {f.sym_name.data: f for f in module.ops if isinstance(f, func.FuncOp)}


def callees(fn: func.FuncOp) -> list[str]:
    """Names of the functions `fn` calls, in first-call order, once each."""
    names: dict[str, None] = {}
    for op in fn.walk():
        if isinstance(op, func.CallOp):
            names.setdefault(op.callee.root_reference.data, None)
    return list(names)


def callee_first_order(module: ModuleOp) -> list[func.FuncOp]:
    """
    Every function of `module`, each after all the functions it calls.

    Raises `AlloError` on recursion, naming the cycle."""
    funcs = functions(module)
    order: list[func.FuncOp] = []
    state: dict[str, str] = {}  # name -> "visiting" | "done"

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done" or name not in funcs:
            return
        if state.get(name) == "visiting":
            cycle = " -> ".join([*path[path.index(name) :], name])
            raise AlloError(f"recursive calls are not supported: {cycle}", funcs[name])
        state[name] = "visiting"
        for callee in callees(funcs[name]):
            visit(callee, [*path, name])
        state[name] = "done"
        order.append(funcs[name])

    for name in funcs:
        visit(name, [])
    return order
