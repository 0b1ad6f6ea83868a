"""
Split and tile knobs of a pipelined loop, beyond divisor unrolling.

- `split`: when the unroll factor `f` chosen for a pipelined loop `p` does
  not divide its trip count `T`, split `p` by `f` instead of unrolling it by
  the largest divisor: `p.outer` (ceil(T / f) iterations) is pipelined and
  `p.inner` (`min(f, T - f * p.outer)` iterations: the last one guarded) is
  unrolled completely, so trip 190 gets 16 or 32 copies, not only 10, 19 or
  38.
- `tile`: when `p`'s parent `q` in the nest's perfect chain (after its
  reorder) is directly around it, tile `[q, p]` by `[t, f]` and pipeline
  `p.outer`: `q.inner` and `p.inner` are unrolled inside it, `t * f` copies
  (2-D unrolling; the partitions follow from the extents, 2-D too).

Both give the loops whose extents the partitions derive from (`extents`):
the unrolled point loops' factors, by their original loop index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from allo_xdsl.dse.design import Function

SPLIT_CHOICES = (False, True)
TILE_CHOICES = (1, 2, 4, 8, 16, 32)


class _Sampler(Protocol):
    def suggest_categorical(self, name: str, choices: Any) -> Any: ...


@dataclass(frozen=True)
class Pipelined:
    """The steps that pipeline one loop and what they unroll inside it."""

    steps: list[dict[str, Any]]
    extents: dict[int, int]
    """Loop index -> how many of its iterations one pipelined iteration runs
    (the loops of the nest below the pipelined one are not listed)."""


def suggest(trial: _Sampler, key: str) -> tuple[bool, int]:
    """The `split` and `tile` knobs of nest `key`."""
    split = trial.suggest_categorical(f"{key}.split", list(SPLIT_CHOICES))
    tile = trial.suggest_categorical(f"{key}.tile", list(TILE_CHOICES))
    return bool(split), int(tile)


def knob_params(key: str, split: bool, tile: int) -> dict[str, Any]:
    return {f"{key}.split": split, f"{key}.tile": tile}


def largest_divisor(n: int, at_most: int) -> int:
    return max(d for d in range(1, max(1, min(n, at_most)) + 1) if n % d == 0)


def pipelined_steps(
    fn: Function,
    k: int,
    parent: int | None,
    ii: int,
    unroll: int,
    split: bool = False,
    tile: int = 1,
) -> Pipelined:
    """
    The steps that pipeline loop `k` at `ii`, unrolled by `unroll` (the
    largest divisor of its trip count not above it, or exactly `unroll`
    with `split`), tiled with `parent` (its parent in a perfect chain, or
    None) by `tile` when above 1."""
    loop = fn.loops[k]
    exact = min(unroll, loop.trips)
    own = exact if split else largest_divisor(loop.trips, unroll)
    outer_factor = min(tile, fn.loops[parent].trips) if parent is not None else 1
    if outer_factor > 1 and parent is not None:
        q = fn.loops[parent].ref
        steps: list[dict[str, Any]] = [
            {"tile": {"loops": [q, loop.ref], "factors": [outer_factor, own]}},
            {"pipeline": {"loop": f"{loop.ref}.outer", "ii": ii}},
            {"unroll": {"loop": f"{q}.inner", "factor": 0}},
        ]
        if own > 1:
            steps.append({"unroll": {"loop": f"{loop.ref}.inner", "factor": 0}})
        return Pipelined(steps, {parent: outer_factor, k: own})
    if own > 1 and loop.trips % own != 0:
        return Pipelined(
            [
                {"split": {"loop": loop.ref, "factor": own}},
                {"pipeline": {"loop": f"{loop.ref}.outer", "ii": ii}},
                {"unroll": {"loop": f"{loop.ref}.inner", "factor": 0}},
            ],
            {k: own},
        )
    steps = [{"pipeline": {"loop": loop.ref, "ii": ii}}]
    if own > 1:
        steps.append({"unroll": {"loop": loop.ref, "factor": own}})
    return Pipelined(steps, {k: own})


def chain_parent(chain: tuple[int, ...], order: tuple[int, ...], k: int) -> int | None:
    """`k`'s loop directly around it in the perfect chain, reordered."""
    if len(chain) < 2 or k not in order:
        return None
    p = order.index(k)
    return order[p - 1] if p > 0 else None
