"""
Loop distribution (fission): how the body of a loop splits into groups, one
copy of the loop each, and whether running the copies one after the other
keeps every dependence.

Each loop of the body starts a group; an op that is not a loop goes with
the groups of the ops that use its results, or, when nothing uses them
(a store), with the last loop whose results it reads, else the next loop
(the last one after the last loop). An op needed by several groups is
recomputed in each, so it must be free of side effects; a loop's results
(iter_args) may only be read in its own group. Distribution runs all of
group `a` before any of group `b > a`: it is illegal when a dependence
goes from group `b` at iteration `i` to group `a < b` at a later iteration
(direction `<` or unknown over the loop). Used by the `distribute` pass
and the search (`dse.distribution`).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import affine
from xdsl.ir import Operation
from xdsl.traits import is_side_effect_free

from allo_xdsl.analysis.dependence import Dependence, dependences
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loops import body_ops, loop_label
from allo_xdsl.diagnostics import AlloError


@dataclass(frozen=True)
class Distribution:
    """The groups of `loop`'s body: per group, the indices of its ops."""

    loop: affine.ForOp
    groups: tuple[tuple[int, ...], ...]


def distribution(loop: affine.ForOp, what: str = "distribute") -> Distribution:
    """
    The groups of `loop` (see the module); a located `AlloError` when it
    cannot be distributed."""
    name = loop_label(loop)
    if loop.inits:
        raise AlloError(
            f"cannot {what} loop '{name}': it carries values (iter_args) across "
            "iterations",
            loop,
        )
    ops = body_ops(loop)
    anchors = [k for k, op in enumerate(ops) if isinstance(op, affine.ForOp)]
    if len(anchors) < 2:
        raise AlloError(
            f"cannot {what} loop '{name}': its body has {len(anchors)} loop"
            f"{'' if len(anchors) == 1 else 's'}; distribution needs at least two",
            loop,
        )
    member = _membership(ops, anchors, what, name)
    groups = tuple(
        tuple(k for k in range(len(ops)) if g in member[k]) for g in range(len(anchors))
    )
    check_no_backward(loop, ops, member, what)
    return Distribution(loop, groups)


def _membership(
    ops: list[Operation], anchors: list[int], what: str, name: str
) -> list[set[int]]:
    """Per op of the body, the groups it belongs to."""
    member: list[set[int]] = [set() for _ in ops]
    anchor_group = {k: g for g, k in enumerate(anchors)}
    for k, g in anchor_group.items():
        member[k] = {g}
    position = {op: k for k, op in enumerate(ops)}
    for k in reversed(range(len(ops))):
        if k in anchor_group:
            continue
        op = ops[k]
        users = [
            _top_index(use.operation, position)
            for result in op.results
            for use in result.uses
        ]
        groups = set[int]().union(*(member[u] for u in users if u is not None))
        if not groups:
            groups = {_home(k, ops, position, anchor_group)}
        if len(groups) > 1 and not (is_side_effect_free(op) and not op.regions):
            value = value_name(op.results[0]) if op.results else None
            raise AlloError(
                f"cannot {what} loop '{name}': '{op.name}'"
                + (f" (%{value})" if value else "")
                + " is used by several of its loops and cannot be recomputed in "
                "each (it has side effects)",
                op,
            )
        member[k] = groups
    _check_inputs(ops, member, position, what, name)
    return member


def _home(
    k: int,
    ops: list[Operation],
    position: dict[Operation, int],
    anchor_group: dict[int, int],
) -> int:
    """
    The group of an op whose results nothing uses: the last loop whose
    results it reads (through other ops too), else the next loop, else the
    last one."""
    read: set[int] = set()
    todo, seen = [k], {k}
    while todo:
        for inner in ops[todo.pop()].walk():
            for operand in inner.operands:
                d = _top_index(operand.owner, position)
                if d is None or d in seen:
                    continue
                seen.add(d)
                if d in anchor_group:
                    read.add(anchor_group[d])
                else:
                    todo.append(d)
    if read:
        return max(read)
    later = [g for a, g in anchor_group.items() if a > k]
    return min(later) if later else max(anchor_group.values())


def _check_inputs(
    ops: list[Operation],
    member: list[set[int]],
    position: dict[Operation, int],
    what: str,
    name: str,
) -> None:
    """Every value an op of a group reads is computed in that group."""
    for k, op in enumerate(ops):
        for inner in op.walk():
            for operand in inner.operands:
                d = _top_index(operand.owner, position)
                if d is None or member[k] <= member[d]:
                    continue
                raise AlloError(
                    f"cannot {what} loop '{name}': a result of "
                    f"'{ops[d].name}' is used outside the copy that computes it",
                    inner,
                )


def _top_index(op: object, position: dict[Operation, int]) -> int | None:
    """The index of the op of the body that is or holds `op`."""
    while isinstance(op, Operation):
        if op in position:
            return position[op]
        op = op.parent_op()
    return None


def check_no_backward(
    loop: affine.ForOp, ops: list[Operation], member: list[set[int]], what: str
) -> None:
    """
    A located error when a dependence goes from a later group to an earlier
    one at a later iteration of `loop`."""
    for dep in dependences([loop]):
        if dep.directions[:1] not in (("<",), ("*",)):
            continue
        source = _groups_of(dep.source.op, ops, member)
        sink = _groups_of(dep.sink.op, ops, member)
        if source and sink and max(source) > min(sink):
            raise AlloError(_backward_message(loop, dep, what), dep.sink.op)


def _groups_of(op: Operation, ops: list[Operation], member: list[set[int]]) -> set[int]:
    k = _top_index(op, {top: k for k, top in enumerate(ops)})
    return member[k] if k is not None else set()


def _backward_message(loop: affine.ForOp, dep: Dependence, what: str) -> str:
    buffer = value_name(dep.buffer) or "?"
    return (
        f"cannot {what} loop '{loop_label(loop)}': {dep.source.describe()} in a "
        f"later loop of its body is read or written by {dep.sink.describe()} in an "
        f"earlier loop at a later iteration (a backward dependence on {buffer}); "
        "distributed, the earlier loop would run first"
    )
