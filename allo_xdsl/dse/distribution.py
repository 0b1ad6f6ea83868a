"""
The distribution knobs of the search: each outermost loop whose body holds
two or more loops and that `distribute` accepts (`analysis.distribution`,
the pass's own legality query) is an on/off knob `<fn>.distribute.<n>`.

- With knobs on, the function the other knobs see is the one after the
  `distribute` steps (a `Variant`, read from the IR the pass produces, so
  the names of the new loops are the pass's own): its nests are the
  copies, each with its own order, pipeline, unroll and tile knobs (under
  the prefix `<fn>[n,...]`, a space of its own for the sampler).
- The steps come first in the function's schedule.
- A distributed function has no local-buffer sites: the two kinds of
  knobs of one function are exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import combinations
from typing import Any, Protocol

from xdsl.dialects import affine, func
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.analysis.distribution import distribution
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.design import Design, Function, Variant, function_of
from allo_xdsl.passes.loop_distribute import distribute_loop
from allo_xdsl.passes.name_loops import NameLoopsPass, name_function_loops

MAX_KNOBS = 3
"""Distributable nests per function searched (2^3 - 1 variants at most)."""


class Sampler(Protocol):
    def suggest_categorical(self, name: str, choices: Any) -> Any: ...


def with_variants(design: Design, module: ModuleOp) -> Design:
    """`design` with the variants of each function (`module` is not changed)."""
    module = module.clone()
    NameLoopsPass().apply(make_context(), module)
    ops = {op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)}
    functions = tuple(
        replace(fn, variants=find_variants(ops[fn.name], fn)) if fn.name in ops else fn
        for fn in design.functions
    )
    return replace(design, functions=functions)


def distributable(op: func.FuncOp, fn: Function) -> tuple[int, ...]:
    """The nests (indices into `fn.roots`) `distribute` accepts."""
    loops = [x for x in op.walk() if isinstance(x, affine.ForOp)]
    found: list[int] = []
    for n, root in enumerate(fn.roots):
        if len(fn.loops[root].children) < 2:
            continue
        try:
            distribution(loops[root])
        except AlloError:
            continue
        found.append(n)
    return tuple(found[:MAX_KNOBS])


def find_variants(op: func.FuncOp, fn: Function) -> tuple[Variant, ...]:
    roots = distributable(op, fn)
    return tuple(
        _variant(op, fn, chosen)
        for size in range(1, len(roots) + 1)
        for chosen in combinations(roots, size)
    )


def _variant(op: func.FuncOp, fn: Function, roots: tuple[int, ...]) -> Variant:
    clone = op.clone()
    refs = tuple(fn.loops[fn.roots[n]].ref for n in roots)
    for ref in refs:
        distribute_loop(find_loop(clone, ref))
    # As the pass driver names loops before every step.
    name_function_loops(clone)
    return Variant(roots, refs, function_of(clone))


def knobs(fn: Function) -> tuple[int, ...]:
    """The nests of `fn` with a distribution knob."""
    return tuple(sorted({n for v in fn.variants for n in v.roots}))


def sample_distribution(fn: Function, trial: Sampler) -> tuple[int, ...]:
    """The nests drawn distributed through `trial`."""
    return tuple(
        n
        for n in knobs(fn)
        if trial.suggest_categorical(f"{fn.name}.distribute.{n}", [False, True])
    )


def distribution_params(fn: Function, on: tuple[int, ...]) -> dict[str, bool]:
    """The trial parameters that give `on` (as `sample_distribution` asks them)."""
    return {f"{fn.name}.distribute.{n}": n in on for n in knobs(fn)}


def variant(fn: Function, on: tuple[int, ...]) -> Variant | None:
    return next((v for v in fn.variants if v.roots == on), None) if on else None


def distributed(fn: Function, on: tuple[int, ...]) -> Function:
    """The function the other knobs of `fn` see with the nests `on` distributed."""
    chosen = variant(fn, on)
    return fn if chosen is None else chosen.after


def knob_prefix(name: str, on: tuple[int, ...]) -> str:
    """`mm1`, or `mm1[0]` for the nest knobs of a distributed function."""
    return f"{name}[{','.join(str(n) for n in on)}]" if on else name


def distributed_design(
    design: Design, chosen: Iterable[tuple[str, tuple[int, ...]]]
) -> tuple[Design, dict[str, list[dict[str, Any]]]]:
    """
    `design` with each function that has knobs on replaced by its variant,
    and the `distribute` steps of each such function."""
    on = {name: roots for name, roots in chosen if roots}
    if not on:
        return design, {}
    steps: dict[str, list[dict[str, Any]]] = {}
    functions: list[Function] = []
    for fn in design.functions:
        chosen_variant = variant(fn, on.get(fn.name, ()))
        if chosen_variant is None:
            functions.append(fn)
            continue
        functions.append(chosen_variant.after)
        steps[fn.name] = [{"distribute": {"loop": r}} for r in chosen_variant.loops]
    return replace(design, functions=tuple(functions)), steps
