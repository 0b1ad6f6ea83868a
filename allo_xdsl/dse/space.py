"""
The search space and its candidates as YAML pipelines.

Per function, each loop nest (outermost loop) has six knobs:
- `order`: a permutation of its longest perfect nest of loops (the reorder
  pass refuses the illegal ones);
- `level`: the depth at which loops are pipelined: every loop at that depth,
  and every innermost loop above it, gets a pipeline; the loops inside a
  pipeline are unrolled (Vitis does so); `-1`: no pragma (Vitis defaults);
- `ii`: the pipeline's target II (a large II shares the cores of an unrolled
  body: fewer DSPs);
- `unroll`: the unroll factor of the pipelined loops (the largest divisor of
  the trip count not above it);
- `split`, `tile`: the factor exactly, by a split whose point loop is
  unrolled, and a 2-D tile with the loop around it (`tiling.py`).

Each `buffer_at`/`reuse_at` site the accesses allow (`sites.py`) is an
on/off knob of its function (`local_buffers.py`: which sites the order
permits, their steps, and the function after them that the other knobs
and the partitions see). Each nest `distribute` accepts is an on/off knob
too (`distribution.py`): the other knobs then apply to its copies.

A function may instead keep the steps of the published design
(`published.yaml`), when there is one. The partitions are not knobs: each
pipeline's unrolled copies give, per buffer dimension, how many distinct
subscripts one iteration reaches (the product of the unrolled extents of the
loops that move it); the partition is cyclic by that factor, complete when it
covers the dimension. Requirements of buffers that are one memory across
calls are merged (the larger factor) and written once. The top function has
`dataflow` and, per local buffer passed from one call to the next, `to` (a
FIFO) as knobs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations
from math import lcm
from typing import Any, Protocol

import yaml

from allo_xdsl.dse.design import Design, Function, perfect_chains
from allo_xdsl.dse.distribution import (
    distributed,
    distributed_design,
    distribution_params,
    knob_prefix,
    sample_distribution,
)
from allo_xdsl.dse.local_buffers import (
    Orders,
    local_design,
    match_copies,
    place_sites,
    register_dims,
    sample_sites,
    site_params,
)
from allo_xdsl.dse.tiling import (
    chain_parent,
    knob_params,
    pipelined_steps,
    suggest,
)

II_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
UNROLL_CHOICES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128)
PUBLISHED = "published"
GENERATED = "search"


@dataclass(frozen=True)
class NestChoice:
    order: int = 0
    level: int = -1
    ii: int = 1
    unroll: int = 1
    split: bool = False
    tile: int = 1


@dataclass(frozen=True)
class FunctionChoice:
    mode: str
    nests: tuple[NestChoice, ...] = ()
    sites: tuple[int, ...] = ()
    """The local-buffer sites on (indices into `Function.sites`)."""
    distribute: tuple[int, ...] = ()
    """The nests distributed (indices into `Function.roots`)."""


@dataclass(frozen=True)
class Candidate:
    functions: tuple[tuple[str, FunctionChoice], ...]
    dataflow: bool = False
    streams: tuple[str, ...] = ()


class Sampler(Protocol):
    """What a candidate is drawn from (an optuna trial fits)."""

    def suggest_categorical(self, name: str, choices: Any) -> Any: ...


# --- the knobs of a nest --------------------------------------------------------


def chain_of(fn: Function, root: int) -> list[int]:
    """The longest perfect nest inside the nest at `root`."""
    inside = set(fn.subtree(root))
    chains = [c for c in perfect_chains(fn) if c[0] in inside]
    return max(chains, key=len, default=[root])


def orders(fn: Function, root: int) -> list[tuple[int, ...]]:
    chain = chain_of(fn, root)
    if len(chain) > 4:
        return [tuple(chain)]
    return [tuple(p) for p in permutations(chain)]


def depth_of(fn: Function, root: int) -> int:
    return max(fn.loops[k].depth for k in fn.subtree(root)) - fn.loops[root].depth


def searched_functions(design: Design) -> list[Function]:
    """Functions with loops, other than the top when it only calls."""
    return [fn for fn in design.functions if fn.loops]


def sample(
    design: Design, trial: Sampler, published: dict[str, list[dict[str, Any]]]
) -> Candidate:
    """
    Draw a candidate through `trial` (define-by-run: a function that keeps
    the published steps has no nest knobs)."""
    chosen: list[tuple[str, FunctionChoice]] = []
    for fn in searched_functions(design):
        modes = [GENERATED, PUBLISHED] if fn.name in published else [GENERATED]
        mode = trial.suggest_categorical(f"{fn.name}.mode", modes)
        fission = sample_distribution(fn, trial) if mode == GENERATED else ()
        fn = distributed(fn, fission)
        free = free_nests(fn, published.get(fn.name, []) if mode == PUBLISHED else [])
        nests = []
        for n, root in enumerate(fn.roots):
            if n not in free:
                nests.append(NestChoice())
                continue
            key = f"{knob_prefix(fn.name, fission)}.{n}"
            count = len(orders(fn, root))
            order = trial.suggest_categorical(f"{key}.order", list(range(count)))
            levels = list(range(-1, depth_of(fn, root) + 1))
            if fn.loops[root].calls:
                # The model overlaps the calls of a pipelined loop without
                # their dependences through memory: not a design to trust.
                levels = [-1]
            level = trial.suggest_categorical(f"{key}.level", levels)
            ii = trial.suggest_categorical(f"{key}.ii", list(II_CHOICES))
            unroll = trial.suggest_categorical(f"{key}.unroll", list(UNROLL_CHOICES))
            split, tile = suggest(trial, key)
            nests.append(NestChoice(order, level, ii, unroll, split, tile))
        sites = ()
        if mode == GENERATED:
            sites = sample_sites(fn, chosen_orders(fn, nests), trial, fn.name)
        chosen.append((fn.name, FunctionChoice(mode, tuple(nests), sites, fission)))
    dataflow = trial.suggest_categorical("top.dataflow", [False, True])
    streams: list[str] = []
    if dataflow:
        for channel in design.channels:
            if trial.suggest_categorical(f"top.to.{channel}", [False, True]):
                streams.append(channel)
    return Candidate(tuple(chosen), dataflow, tuple(streams))


def chosen_orders(fn: Function, nests: Sequence[NestChoice]) -> Orders:
    """Per nest root, its permutable chain and the order `nests` choose."""
    out: Orders = {}
    for root, nest in zip(fn.roots, nests, strict=False):
        options = orders(fn, root)
        out[root] = (tuple(chain_of(fn, root)), options[nest.order % len(options)])
    return out


def free_nests(fn: Function, steps: list[dict[str, Any]]) -> set[int]:
    """
    The nests (indices into `fn.roots`) that no step of `steps` names a
    loop of: the search's knobs apply there even when the function keeps
    published steps."""
    named: set[str] = set()
    for step in steps:
        for args in step.values():
            if isinstance(args, dict):
                loops = [args.get("loop"), *(args.get("loops") or [])]
                named.update(str(x) for x in loops if x)
    free: set[int] = set()
    for n, root in enumerate(fn.roots):
        refs = {fn.loops[k].ref for k in fn.subtree(root)}
        refs |= {ref.rpartition(":")[2] for ref in refs}
        if not refs & named:
            free.add(n)
    return free


def params_of(
    design: Design,
    candidate: Candidate,
    published: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    """The trial parameters that give `candidate` (to enqueue seeds)."""
    params: dict[str, Any] = {}
    for name, choice in candidate.functions:
        params[f"{name}.mode"] = choice.mode
        fn = design.function(name)
        if choice.mode == GENERATED:
            params |= distribution_params(fn, choice.distribute)
            fn = distributed(fn, choice.distribute)
        steps = published.get(name, []) if choice.mode == PUBLISHED else []
        free = free_nests(fn, steps)
        for n, nest in enumerate(choice.nests):
            if n not in free:
                continue
            key = f"{knob_prefix(name, choice.distribute)}.{n}"
            params |= {
                f"{key}.order": nest.order,
                f"{key}.level": nest.level,
                f"{key}.ii": nest.ii,
                f"{key}.unroll": nest.unroll,
            } | knob_params(key, nest.split, nest.tile)
        if choice.mode == GENERATED:
            params |= site_params(
                fn, chosen_orders(fn, choice.nests), choice.sites, name
            )
    params["top.dataflow"] = candidate.dataflow
    if candidate.dataflow:
        for channel in design.channels:
            params[f"top.to.{channel}"] = channel in candidate.streams
    return params


# --- from a candidate to steps ------------------------------------------------


@dataclass
class Layout:
    """
    Partition requirements per buffer (by the top buffer it is) and
    dimension: the number of banks, the dimension's size for complete."""

    design: Design
    needs: dict[tuple[str, str], dict[int, int]]
    first: dict[tuple[str, str], tuple[str, str]]
    """Where a requirement was first made: (function, its buffer name)."""
    streams: frozenset[tuple[str, str]] = frozenset()
    """Buffers that become FIFOs: never partitioned."""

    def require(self, fn: str, buffer: str, dim: int, banks: int) -> None:
        shape = self.design.function(fn).shape(buffer)
        if shape is None or dim >= len(shape) or banks <= 1:
            return
        root = self.design.root_of(fn, buffer)
        if root in self.streams:
            return
        self.first.setdefault(root, (fn, buffer))
        dims = self.needs.setdefault(root, {})
        banks = min(banks, shape[dim])
        old = dims.get(dim, 1)
        merged = lcm(old, banks)
        dims[dim] = shape[dim] if merged >= shape[dim] else merged

    def steps(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for root, dims in self.needs.items():
            fn, buffer = self.first[root]
            shape = self.design.function(fn).shape(buffer) or ()
            for dim in sorted(dims):
                banks = dims[dim]
                if banks >= shape[dim]:
                    args = {"buffer": buffer, "kind": "complete", "dim": dim + 1}
                else:
                    args = {
                        "buffer": buffer,
                        "kind": "cyclic",
                        "dim": dim + 1,
                        "factor": banks,
                    }
                out.setdefault(fn, []).append({"partition": args})
        return out


@dataclass(frozen=True)
class Tree:
    """
    The loops of a function after the perfect nest `chain` is permuted
    into `order`."""

    fn: Function
    chain: tuple[int, ...]
    order: tuple[int, ...]

    def children(self, k: int) -> tuple[int, ...]:
        chain, order, loops = self.chain, self.order, self.fn.loops
        if not chain:
            return loops[k].children
        if k in chain:
            p = order.index(k)
            if p < len(chain) - 1:
                return (order[p + 1],)
            return loops[chain[-1]].children
        return tuple(order[0] if c == chain[0] else c for c in loops[k].children)


def nest_steps(
    fn: Function, root: int, choice: NestChoice, layout: Layout
) -> list[dict[str, Any]]:
    """
    The reorder, pipeline and unroll steps of one nest; its partition
    requirements go to `layout`."""
    steps: list[dict[str, Any]] = []
    chain = chain_of(fn, root)
    options = orders(fn, root)
    order = options[choice.order % len(options)]
    if tuple(order) != tuple(chain):
        steps.append({"reorder": {"loops": [fn.loops[k].ref for k in order]}})
    if choice.level < 0:
        return steps
    children = Tree(fn, tuple(chain), tuple(order)).children
    start = order[0] if root == chain[0] else root
    level = [(start, 0)]
    piped: list[int] = []
    while level:
        nxt: list[tuple[int, int]] = []
        for k, d in level:
            kids = children(k)
            if d == choice.level or not kids:
                piped.append(k)
            else:
                nxt += [(c, d + 1) for c in kids]
        level = nxt
    for k in piped:
        parent = chain_parent(tuple(chain), tuple(order), k)
        done = pipelined_steps(
            fn, k, parent, choice.ii, choice.unroll, choice.split, choice.tile
        )
        steps += done.steps
        _derive(fn, k, done.extents[k], children, layout, outer=done.extents)
    return steps


def _derive(
    fn: Function,
    piped: int,
    own: int,
    children: Any,
    layout: Layout,
    skip: frozenset[str] = frozenset(),
    outer: dict[int, int] | None = None,
) -> None:
    """
    Partition requirements of the copies one iteration of `piped` runs
    (`outer`: the extents of loops around it unrolled inside it: a tile's)."""
    extent: dict[int, int] = {**(outer or {}), piped: own}
    todo = list(children(piped))
    while todo:
        k = todo.pop()
        extent[k] = fn.loops[k].trips
        todo += list(children(k))
    for access in fn.accesses:
        if piped not in access.loops or access.buffer in skip:
            continue
        for d, movers in enumerate(access.dims):
            banks = 1
            for loop, coefficient in movers:
                banks *= extent.get(loop, 1) * (
                    abs(coefficient) if loop in extent else 1
                )
            layout.require(fn.name, access.buffer, d, banks)


def published_requirements(
    fn: Function, steps: list[dict[str, Any]], layout: Layout
) -> None:
    """
    The partitions the pipelines of the published steps of `fn` need
    (after their reorder), for the buffers the steps do not replace by a
    local buffer (`buffer_at`, `reuse_at`)."""
    refs = {loop.ref: k for k, loop in enumerate(fn.loops)}
    skip: set[str] = set()
    order: tuple[int, ...] = ()
    chain: tuple[int, ...] = ()
    unroll: dict[str, int] = {}
    for step in steps:
        for primitive, args in step.items():
            if not isinstance(args, dict):
                continue
            if primitive in ("buffer_at", "reuse_at"):
                skip.add(str(args.get("buffer")))
            if primitive == "unroll":
                unroll[str(args.get("loop"))] = int(args.get("factor", 0))
            if primitive == "reorder":
                chain, order = _published_order(fn, list(args.get("loops", [])), refs)
    tree = Tree(fn, chain, order)
    for step in steps:
        args = step.get("pipeline")
        if not isinstance(args, dict) or args.get("loop") not in refs:
            continue
        k = refs[args["loop"]]
        own = unroll.get(args["loop"], 1) or fn.loops[k].trips
        _derive(fn, k, own, tree.children, layout, frozenset(skip))


def _published_order(
    fn: Function, names: list[str], refs: dict[str, int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    wanted = [refs[n] for n in names if n in refs]
    for chain in perfect_chains(fn):
        if wanted and all(k in chain for k in wanted):
            slots = sorted(chain.index(k) for k in wanted)
            order = list(chain)
            for slot, k in zip(slots, wanted, strict=True):
                order[slot] = k
            return tuple(chain), tuple(order)
    return (), ()


def published_partitions(
    fn: Function, steps: list[dict[str, Any]], layout: Layout
) -> list[dict[str, Any]]:
    """
    The published steps of `fn`, its partitions of known buffers moved to
    `layout` (so they merge with the other functions')."""
    kept: list[dict[str, Any]] = []
    for step in steps:
        args = step.get("partition")
        shape = fn.shape(args["buffer"]) if isinstance(args, dict) else None
        if not isinstance(args, dict) or shape is None or args.get("kind") == "block":
            kept.append(step)
            continue
        dims = range(len(shape)) if args.get("dim", 0) == 0 else [args["dim"] - 1]
        for d in dims:
            banks = shape[d] if args.get("kind") == "complete" else args["factor"]
            layout.require(fn.name, args["buffer"], d, banks)
    return kept


def _with_sites(
    design: Design,
    fn: Function,
    sites: tuple[int, ...],
    steps: list[dict[str, Any]],
    layout: Layout,
) -> list[dict[str, Any]]:
    """`steps` with the steps of the local-buffer sites on (`local_buffers`)."""
    if not sites:
        return steps

    def banks(buffer: str, dim: int) -> int:
        return layout.needs.get(design.root_of(fn.name, buffer), {}).get(dim, 1)

    def derive(loop: int, copies: int) -> None:
        _derive(fn, loop, copies, lambda k: fn.loops[k].children, layout)

    for buffer, dim in register_dims(fn, sites):
        layout.require(fn.name, buffer, dim, 1 << 30)
    steps = match_copies(fn, sites, steps, banks, derive)
    return place_sites(fn, sites, steps)


def to_yaml(
    design: Design,
    candidate: Candidate,
    published: dict[str, list[dict[str, Any]]],
    description: str = "",
) -> str:
    """The YAML pipeline of `candidate` (allo-opt applies it as is)."""
    design, first = distributed_design(
        design, ((n, c.distribute) for n, c in candidate.functions)
    )
    design = local_design(
        design,
        ((n, c.sites) for n, c in candidate.functions if c.mode == GENERATED),
    )
    streams = frozenset((design.top, s) for s in candidate.streams)
    layout = Layout(design, {}, {}, streams)
    schedule: dict[str, list[dict[str, Any]]] = {}
    for name, choice in candidate.functions:
        fn = design.function(name)
        if choice.mode == PUBLISHED:
            steps = published.get(name, [])
            published_requirements(fn, steps, layout)
            kept = published_partitions(fn, steps, layout)
            free = free_nests(fn, steps)
            for n, (root, nest) in enumerate(zip(fn.roots, choice.nests, strict=False)):
                if n in free:
                    kept += nest_steps(fn, root, nest, layout)
            schedule[name] = kept
            continue
        steps: list[dict[str, Any]] = []
        for root, nest in zip(fn.roots, choice.nests, strict=False):
            steps += nest_steps(fn, root, nest, layout)
        steps = _with_sites(design, fn, choice.sites, steps, layout)
        schedule[name] = first.get(name, []) + steps
    for fn, steps in layout.steps().items():
        schedule.setdefault(fn, []).extend(steps)
    top_steps = [{"to": {"buffer": s}} for s in candidate.streams]
    if candidate.dataflow:
        top_steps.append({"dataflow": {}})
    schedule[design.top] = schedule.get(design.top, []) + top_steps
    document: dict[str, Any] = {"version": 1}
    if description:
        document["description"] = description
    document["include"] = ["fpga"]
    document["schedule"] = {k: v for k, v in schedule.items() if v}
    return yaml.safe_dump(document, sort_keys=False, default_flow_style=None, width=88)
