"""
Where a design can use a local buffer: the `buffer_at` and `reuse_at`
sites of each function, decided by the analyses the passes run
(`analysis.buffer_block`, `analysis.reuse_pattern`), and what each site's
steps make of the function (read from the IR the passes produce, so that
the names of the new loops and buffers are the passes' own).

- `buffer_at(B, L)`: `B` is accumulated inside `L` (a store of `B` under a
  loop inside `L` that moves none of its subscripts, and a load of `B`),
  the block one iteration accesses is smaller than `B`, and
  `buffer_block` accepts it.
- `reuse_at(B, L)`: `B` is only read inside `L` and `reuse_site` accepts
  it (overlapping windows along `L`). Two sites of one buffer, one loop
  inside the other, also make a chain (a line buffer at the outer loop,
  then a window of it at the inner one) when `reuse_site` accepts the
  inner step on the line buffer.
"""

from __future__ import annotations

from dataclasses import replace

from xdsl.dialects import affine, func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import SSAValue

from allo_xdsl.analysis.buffer_block import buffer_block
from allo_xdsl.analysis.lookup import find_buffer, find_loop, loop_name, value_name
from allo_xdsl.analysis.reuse_pattern import reuse_site
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.design import Design, Function, Site, function_of
from allo_xdsl.passes.buffer_at import buffer_at
from allo_xdsl.passes.name_loops import NameLoopsPass
from allo_xdsl.passes.reuse_at import reuse_at

BUFFER_AT = "buffer_at"
REUSE_AT = "reuse_at"


def with_sites(design: Design, module: ModuleOp) -> Design:
    """`design` with the sites of each of its functions (`module` is not changed)."""
    module = module.clone()
    NameLoopsPass().apply(make_context(), module)
    ops = {op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)}
    functions = tuple(
        replace(fn, sites=find_sites(ops[fn.name], fn)) if fn.name in ops else fn
        for fn in design.functions
    )
    return replace(design, functions=functions)


def find_sites(op: func.FuncOp, fn: Function) -> tuple[Site, ...]:
    """The sites of `fn` (read from `op`, its IR with named loops)."""
    sites: list[Site] = []
    for buffer, shape in fn.shapes:
        if any(d < 0 for d in shape):
            continue
        try:
            sites += _sites_of(op, fn, buffer, shape)
        except AlloError:
            # A buffer the lookup cannot name alone (two of one name) has
            # no site a schedule could write.
            continue
    return tuple(sites)


def _sites_of(
    op: func.FuncOp, fn: Function, buffer: str, shape: tuple[int, ...]
) -> list[Site]:
    loops = [x for x in op.walk() if isinstance(x, affine.ForOp)]
    value = find_buffer(op, buffer)
    sites: list[Site] = []
    for k in range(len(fn.loops)):
        if _accumulated(fn, buffer, k) and _smaller(value, loops[k], shape):
            sites.append(_site(op, fn, BUFFER_AT, buffer, (k,)))
    reused = [k for k in range(len(fn.loops)) if _reusable(fn, value, loops[k])]
    sites += [_site(op, fn, REUSE_AT, buffer, (k,)) for k in reused]
    for outer in reused:
        for inner in reused:
            if inner != outer and inner in fn.subtree(outer):
                chain = _chain(op, fn, buffer, outer, inner)
                sites += [chain] if chain is not None else []
    return sites


def _accumulated(fn: Function, buffer: str, k: int) -> bool:
    """
    Whether `buffer` is read and written inside loop `k`, with a store
    under a loop inside `k` that moves none of its subscripts (a reduction)."""
    inside = [a for a in fn.accesses if a.buffer == buffer and k in a.loops]
    if not any(not a.is_write for a in inside):
        return False
    for store in (a for a in inside if a.is_write):
        moving = {loop for dim in store.dims for loop, _ in dim}
        below = store.loops[store.loops.index(k) + 1 :]
        if any(loop not in moving for loop in below):
            return True
    return False


def _smaller(value: SSAValue, loop: affine.ForOp, shape: tuple[int, ...]) -> bool:
    """Whether `buffer_at` accepts `value` at `loop` for a block smaller than it."""
    try:
        block = buffer_block(value, loop, "buffer_at")
    except AlloError:
        return False
    return any(block.span(d) < size for d, size in enumerate(shape))


def _reusable(fn: Function, value: SSAValue, loop: affine.ForOp) -> bool:
    name = value_name(value)
    if not any(a.buffer == name for a in fn.accesses):
        return False
    try:
        reuse_site(value, loop, "reuse_at")
    except AlloError:
        return False
    return True


def _site(
    op: func.FuncOp, fn: Function, kind: str, buffer: str, loops: tuple[int, ...]
) -> Site:
    steps = ((kind, buffer, fn.loops[loops[0]].ref),)
    after, origin, parents, local, registers = _apply(op, fn, steps)
    return Site(kind, buffer, loops, steps, local, after, origin, parents, registers)


def _chain(
    op: func.FuncOp, fn: Function, buffer: str, outer: int, inner: int
) -> Site | None:
    """
    The line buffer of `buffer` at `outer`, then its window at `inner`,
    when `reuse_site` accepts the second step on the line buffer."""
    first = ((REUSE_AT, buffer, fn.loops[outer].ref),)
    clone = op.clone()
    ((line, _),) = _run(clone, first)
    try:
        reuse_site(find_buffer(clone, line), find_loop(clone, fn.loops[inner].ref), "")
    except AlloError:
        return None
    steps = (*first, (REUSE_AT, line, fn.loops[inner].ref))
    after, origin, parents, local, registers = _apply(op, fn, steps)
    loops = (outer, inner)
    return Site(
        REUSE_AT, buffer, loops, steps, local, after, origin, parents, registers
    )


def _run(
    op: func.FuncOp, steps: tuple[tuple[str, str, str], ...]
) -> list[tuple[str, int]]:
    """
    Apply `steps` to `op` in place; the names of the buffers they make,
    each with its number of window dimensions (0 for `buffer_at`'s)."""
    made: list[tuple[str, int]] = []
    for kind, buffer, ref in steps:
        target, loop = find_buffer(op, buffer), find_loop(op, ref)
        if kind == BUFFER_AT:
            made.append((value_name(buffer_at(op, target, loop)) or "?", 0))
            continue
        # The dimensions up to the axis shift (or are read at constant
        # offsets) every iteration: registers.
        pattern, _ = reuse_site(target, loop, "")
        window = len(pattern.kept_before) + 1
        made.append((value_name(reuse_at(op, target, loop, None)) or "?", window))
    return made


def _apply(
    op: func.FuncOp, fn: Function, steps: tuple[tuple[str, str, str], ...]
) -> tuple[
    Function,
    tuple[int, ...],
    tuple[int, ...],
    tuple[str, ...],
    tuple[tuple[str, int], ...],
]:
    """
    The function after `steps` (on a clone of `op`), which loop of `fn`
    each of its loops was, the loop around each (also through an
    `affine.if`), the buffers the steps made and their register
    dimensions."""
    clone = op.clone()
    before = [x for x in clone.walk() if isinstance(x, affine.ForOp)]
    made = _run(clone, steps)
    after = function_of(clone)
    loops = [x for x in clone.walk() if isinstance(x, affine.ForOp)]
    names = {loop_name(x): k for k, x in enumerate(before)}
    origin: list[int] = []
    for x in loops:
        if x in before:
            origin.append(before.index(x))
        elif (
            loop_name(x) in names
            and sum(loop_name(y) == loop_name(x) for y in loops) == 1
        ):
            # A loop the step rebuilt (reuse_at widens its loop) keeps its name.
            origin.append(names[loop_name(x)])
        else:
            origin.append(-1)
    parents = tuple(_enclosing(x, loops) for x in loops)
    registers = tuple((b, d) for b, window in made for d in range(window))
    return after, tuple(origin), parents, tuple(b for b, _ in made), registers


def _enclosing(loop: affine.ForOp, loops: list[affine.ForOp]) -> int:
    parent = loop.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        if isinstance(parent, affine.ForOp):
            return loops.index(parent)
        parent = parent.parent_op()
    return -1
