"""
The local-buffer knobs of the search: each `buffer_at`/`reuse_at` site of a
function (`dse.sites`) is an on/off knob, and what a candidate with sites on
turns into.

- A site is offered when the nest's chosen loop order leaves its loops
  where they were with the same loops inside (the reorder comes first; a
  site at a loop the order moves would buffer another block), and at most
  one site per buffer is on.
- Its steps come right after the reorders, before the pipelines and
  unrolls (which name loops the steps keep).
- The function the rest of the search sees is the one after the steps
  (`local_function`): the loops the steps make (init, write-back and shift
  loops) join their nest, so the pipeline level and unroll knobs reach them
  like the other loops, and the accesses they retarget to the local buffer
  derive its partitions instead of the original buffer's.
- A pipelined innermost loop over a local buffer (a zero-init or write-back
  loop) is unrolled as far as the buffer's partition allows (Allo's designs
  unroll them fully next to a complete row buffer), with the partitions
  that unroll needs of the buffers it copies to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Protocol

from allo_xdsl.dse.design import AccessInfo, Design, Function, Loop, Site

Orders = dict[int, tuple[tuple[int, ...], tuple[int, ...]]]
"""Per nest root: its permutable chain of loops and the order chosen for it."""


class Sampler(Protocol):
    def suggest_categorical(self, name: str, choices: Any) -> Any: ...


def site_allowed(fn: Function, site: Site, orders: Orders) -> bool:
    """
    Whether the chosen orders keep each loop of `site` in its place with
    the same loops inside it."""
    for k in site.loops:
        root = next((r for r in fn.roots if k in fn.subtree(r)), None)
        if root is None or root not in orders:
            return False
        chain, order = orders[root]
        if k not in chain:
            continue
        p = chain.index(k)
        if order[p] != k or set(order[:p]) != set(chain[:p]):
            return False
    return True


def _offered(fn: Function, orders: Orders) -> Iterable[tuple[int, Site]]:
    for k, site in enumerate(fn.sites):
        if site_allowed(fn, site, orders):
            yield k, site


def sample_sites(
    fn: Function, orders: Orders, trial: Sampler, prefix: str
) -> tuple[int, ...]:
    """The sites (indices into `fn.sites`) drawn on through `trial`."""
    on: list[int] = []
    taken: set[str] = set()
    for k, site in _offered(fn, orders):
        if site.buffer in taken:
            continue
        if trial.suggest_categorical(f"{prefix}.local.{k}", [False, True]):
            on.append(k)
            taken.add(site.buffer)
    return tuple(on)


def site_params(
    fn: Function, orders: Orders, sites: tuple[int, ...], prefix: str
) -> dict[str, bool]:
    """The trial parameters that give `sites` (as `sample_sites` asks them)."""
    params: dict[str, bool] = {}
    taken: set[str] = set()
    for k, site in _offered(fn, orders):
        if site.buffer in taken:
            continue
        params[f"{prefix}.local.{k}"] = k in sites
        if k in sites:
            taken.add(site.buffer)
    return params


def local_design(
    design: Design, chosen: Iterable[tuple[str, tuple[int, ...]]]
) -> Design:
    """`design` with each function that has sites on replaced by `local_function`."""
    on = {name: sites for name, sites in chosen if sites}
    if not on:
        return design
    functions = tuple(
        local_function(fn, on[fn.name]) if fn.name in on else fn
        for fn in design.functions
    )
    return replace(design, functions=functions)


def local_function(fn: Function, sites: tuple[int, ...]) -> Function:
    """
    `fn` after the steps of `sites`: the original loops keep their index,
    nesting and chains (new loops are appended, and children of the loop
    around them after the original ones), trips follow the steps (reuse_at
    widens its loop), and the accesses of each site's buffers are those
    after the steps."""
    loops = list(fn.loops)
    extra: dict[int, list[int]] = {}
    trips: dict[int, int] = {}
    accesses = list(fn.accesses)
    shapes = dict(fn.shapes)
    for site in (fn.sites[k] for k in sites):
        index = _index(site, len(loops))
        made = [m for m, o in enumerate(site.origin) if o < 0]
        for m in made:
            kids = tuple(index[c] for c in made if site.parents[c] == m)
            loops.append(replace(site.after.loops[m], children=kids, calls=False))
        for m, o in enumerate(site.origin):
            if o >= 0:
                trips[o] = site.after.loops[m].trips
            parent = site.parents[m]
            if o < 0 and parent >= 0 and site.origin[parent] >= 0:
                extra.setdefault(site.origin[parent], []).append(index[m])
        touched = {site.buffer, *site.local}
        accesses = [a for a in accesses if a.buffer not in touched]
        accesses += [
            _mapped(a, index) for a in site.after.accesses if a.buffer in touched
        ]
        shapes |= {b: s for b, s in site.after.shapes if b in site.local}
    for k in range(len(fn.loops)):
        loop: Loop = loops[k]
        children = loop.children + tuple(extra.get(k, ()))
        loops[k] = replace(loop, children=children, trips=trips.get(k, loop.trips))
    return replace(
        fn, loops=tuple(loops), accesses=tuple(accesses), shapes=tuple(shapes.items())
    )


def _index(site: Site, start: int) -> dict[int, int]:
    """Loop of `site.after` -> loop of the local function."""
    index: dict[int, int] = {}
    fresh = start
    for m, o in enumerate(site.origin):
        if o >= 0:
            index[m] = o
        else:
            index[m] = fresh
            fresh += 1
    return index


def _mapped(access: AccessInfo, index: dict[int, int]) -> AccessInfo:
    return replace(
        access,
        loops=tuple(index[k] for k in access.loops),
        dims=tuple(tuple((index[k], c) for k, c in dim) for dim in access.dims),
    )


def site_steps(fn: Function, sites: tuple[int, ...]) -> list[dict[str, Any]]:
    return [
        {kind: {"buffer": buffer, "loop": loop}}
        for k in sites
        for kind, buffer, loop in fn.sites[k].steps
    ]


def place_sites(
    fn: Function, sites: tuple[int, ...], steps: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The site steps after the reorders of `steps`, before the rest."""
    reorders = [s for s in steps if "reorder" in s]
    rest = [s for s in steps if "reorder" not in s]
    return reorders + site_steps(fn, sites) + rest


def register_dims(fn: Function, sites: tuple[int, ...]) -> list[tuple[str, int]]:
    """The (buffer, dimension) pairs of the sites' shift registers."""
    return [pair for k in sites for pair in fn.sites[k].registers]


def match_copies(
    fn: Function,
    sites: tuple[int, ...],
    steps: list[dict[str, Any]],
    banks: Callable[[str, int], int],
    derive: Callable[[int, int], None],
) -> list[dict[str, Any]]:
    """
    Unroll each pipelined innermost loop over a local buffer as far as the
    partition `banks(buffer, dim)` of the dimension it moves allows (0:
    fully), deriving (`derive(loop, copies)`) what that unroll needs."""
    local = {name for k in sites for name in fn.sites[k].local}
    refs = {loop.ref: k for k, loop in enumerate(fn.loops)}
    unrolls = {
        s["unroll"]["loop"]: int(s["unroll"]["factor"]) for s in steps if "unroll" in s
    }
    factors: dict[str, int] = {}
    for step in steps:
        args = step.get("pipeline")
        k = refs.get(args["loop"]) if isinstance(args, dict) else None
        if k is None or fn.loops[k].children:
            continue
        own = unrolls.get(fn.loops[k].ref, 1) or fn.loops[k].trips
        want = max((_moved_banks(fn, k, local, banks)), default=1)
        if want <= own:
            continue
        copies = _largest_divisor(fn.loops[k].trips, want)
        factors[fn.loops[k].ref] = 0 if copies == fn.loops[k].trips else copies
        derive(k, copies)
    if not factors:
        return steps
    out: list[dict[str, Any]] = []
    for step in steps:
        unroll = step.get("unroll")
        if isinstance(unroll, dict) and unroll.get("loop") in factors:
            continue
        out.append(step)
        args = step.get("pipeline")
        if isinstance(args, dict) and args.get("loop") in factors:
            out.append(
                {"unroll": {"loop": args["loop"], "factor": factors[args["loop"]]}}
            )
    return out


def _moved_banks(
    fn: Function, k: int, local: set[str], banks: Callable[[str, int], int]
) -> list[int]:
    """The partition of each local-buffer dimension that loop `k` moves."""
    out: list[int] = []
    for access in fn.accesses:
        if access.buffer not in local or k not in access.loops:
            continue
        for d, movers in enumerate(access.dims):
            if any(loop == k for loop, _ in movers):
                out.append(banks(access.buffer, d))
    return out


def _largest_divisor(n: int, at_most: int) -> int:
    return max(d for d in range(1, max(1, min(n, at_most)) + 1) if n % d == 0)
