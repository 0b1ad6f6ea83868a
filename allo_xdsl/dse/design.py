"""
What the search needs to know of a kernel: per function its loop nests
(names as schedules write them, trip counts, which loops are perfectly
nested), its buffers and, per access, which loops move each subscript; and
across the design, which buffers are one memory (a call operand and the
callee parameter) and which local buffers of the top pass between calls.

Read from the kernel after `name-loops`, so the names are the ones a YAML
schedule uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from xdsl.context import Context
from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.ir import Operation, SSAValue

from allo_xdsl.analysis.dependence import Access, accesses_in
from allo_xdsl.analysis.lookup import loop_name, qualified_loop_name, value_name
from allo_xdsl.analysis.loops import induction_var, perfect_child
from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.passes.name_loops import NameLoopsPass
from allo_xdsl.qor.estimator import top_function
from allo_xdsl.qor.trips import max_trips


@dataclass(frozen=True)
class Loop:
    """One affine loop of a function."""

    ref: str
    """How a schedule names it (`k`, or `band:k` when the name repeats)."""
    trips: int
    children: tuple[int, ...]
    """Indices (in `Function.loops`) of the loops directly in its body."""
    perfect: bool
    """Its body is one loop and nothing else."""
    depth: int
    calls: bool = False
    """Its body calls a function."""


@dataclass(frozen=True)
class AccessInfo:
    """
    One load or store: its buffer, the loops around it (indices,
    outermost first) and, per subscript, the loops that move it with their
    coefficients."""

    buffer: str
    is_write: bool
    loops: tuple[int, ...]
    dims: tuple[tuple[tuple[int, int], ...], ...]


@dataclass(frozen=True)
class Function:
    name: str
    loops: tuple[Loop, ...]
    roots: tuple[int, ...]
    """The outermost loops, in program order."""
    accesses: tuple[AccessInfo, ...]
    shapes: tuple[tuple[str, tuple[int, ...]], ...]
    """Each buffer (argument or local) and its shape."""
    sites: tuple[Site, ...] = ()
    """Where `buffer_at`/`reuse_at` apply (filled by `dse.sites`)."""
    variants: tuple[Variant, ...] = ()
    """The function after `distribute` of some of its nests (filled by
    `dse.distribution`)."""

    def shape(self, buffer: str) -> tuple[int, ...] | None:
        return dict(self.shapes).get(buffer)

    def subtree(self, index: int) -> list[int]:
        out = [index]
        for child in self.loops[index].children:
            out += self.subtree(child)
        return out

    def chain(self, index: int) -> list[int]:
        """The perfect nest that starts at loop `index`."""
        out = [index]
        while self.loops[out[-1]].perfect:
            out.append(self.loops[out[-1]].children[0])
        return out


@dataclass(frozen=True)
class Site:
    """
    A local buffer the accesses allow: `steps` (primitive, buffer, loop
    ref) build it for `buffer` at `loops` (indices into `Function.loops`);
    `after` is the function with the steps applied (as read from the IR
    the passes produce) and `origin`, per loop of `after`, the loop of the
    function it was (-1 for a loop the steps made)."""

    kind: str
    buffer: str
    loops: tuple[int, ...]
    steps: tuple[tuple[str, str, str], ...]
    local: tuple[str, ...]
    """The buffers the steps create."""
    after: Function
    origin: tuple[int, ...]
    parents: tuple[int, ...]
    """Per loop of `after`, the loop of `after` around it (-1: none)."""
    registers: tuple[tuple[str, int], ...] = ()
    """(buffer, dimension) of the local buffers that shift every iteration
    (a reuse buffer's window dimensions): complete partitions."""


@dataclass(frozen=True)
class Variant:
    """
    `after` is the function once the nests `roots` (indices into
    `Function.roots`) are distributed by the steps `distribute: {loop: ref}`
    of `loops`, in order."""

    roots: tuple[int, ...]
    loops: tuple[str, ...]
    after: Function


@dataclass(frozen=True)
class Design:
    """The functions of a kernel, its top and how buffers alias."""

    functions: tuple[Function, ...]
    top: str
    alias: tuple[tuple[tuple[str, str], tuple[str, str]], ...]
    """(function, buffer) -> the buffer of the top function it is."""
    channels: tuple[str, ...]
    """Local buffers of the top written by one call and read by a later one:
    candidates for `to` (a FIFO) under dataflow."""

    def function(self, name: str) -> Function:
        for fn in self.functions:
            if fn.name == name:
                return fn
        raise AlloError(
            did_you_mean("function", name, [f.name for f in self.functions])
        )

    def root_of(self, fn: str, buffer: str) -> tuple[str, str]:
        return dict(self.alias).get((fn, buffer), (fn, buffer))


def read_design(ctx: Context, module: ModuleOp, top: str | None = None) -> Design:
    """The design of `module` (a clone is named; `module` is not changed)."""
    module = module.clone()
    NameLoopsPass().apply(ctx, module)
    funcs = [op for op in module.ops if isinstance(op, func.FuncOp) and op.body.blocks]
    names = [f.sym_name.data for f in funcs]
    chosen = top or top_function(module)
    if chosen is None or chosen not in names:
        raise AlloError(did_you_mean("function", str(chosen), names))
    functions = tuple(_function(fn) for fn in funcs)
    alias = _aliases(funcs, chosen)
    return Design(functions, chosen, alias, _channels(funcs, chosen))


def function_of(fn: func.FuncOp) -> Function:
    """The loops, accesses and buffers of `fn` (its loops named)."""
    return _function(fn)


def _function(fn: func.FuncOp) -> Function:
    loops_list = [op for op in fn.walk() if isinstance(op, affine.ForOp)]
    index = {loop: k for k, loop in enumerate(loops_list)}
    counts: dict[str, int] = {}
    for loop in loops_list:
        name = loop_name(loop) or "?"
        counts[name] = counts.get(name, 0) + 1
    loops: list[Loop] = []
    roots: list[int] = []
    for loop in loops_list:
        name = loop_name(loop) or "?"
        ref = name if counts[name] == 1 else qualified_loop_name(loop)
        children = tuple(
            index[op] for op in loop.body.block.ops if isinstance(op, affine.ForOp)
        )
        depth = _depth(loop)
        if depth == 0:
            roots.append(index[loop])
        trips = max_trips(loop)
        if trips is None:
            raise AlloError(
                f"the QoR model cannot estimate function '{fn.sym_name.data}': "
                f"the trip count of loop '{name}' has no bound (give it constant "
                "bounds, or bounds over enclosing loops)",
                loop,
            )
        calls = any(isinstance(op, func.CallOp) for op in loop.walk())
        perfect = perfect_child(loop) is not None
        loops.append(Loop(ref, trips, children, perfect, depth, calls))
    accesses = tuple(
        a for a in (_access(x, index) for x in accesses_in(fn)) if a is not None
    )
    return Function(fn.sym_name.data, tuple(loops), tuple(roots), accesses, _shapes(fn))


def _depth(loop: Operation) -> int:
    depth = 0
    parent = loop.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        depth += isinstance(parent, affine.ForOp)
        parent = parent.parent_op()
    return depth


def _shapes(fn: func.FuncOp) -> tuple[tuple[str, tuple[int, ...]], ...]:
    values: list[SSAValue] = list(fn.body.blocks[0].args)
    values += [op.results[0] for op in fn.walk() if isinstance(op, memref.AllocOp)]
    out: list[tuple[str, tuple[int, ...]]] = []
    for value in values:
        name = value_name(value)
        if name is not None and isinstance(value.type, MemRefType):
            out.append((name, tuple(value.type.get_shape())))
    return tuple(out)


def _access(access: Access, index: dict[affine.ForOp, int]) -> AccessInfo | None:
    name = value_name(access.buffer)
    if name is None or access.subscripts is None:
        return None
    enclosing: list[int] = []
    parent = access.op.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        if isinstance(parent, affine.ForOp):
            enclosing.append(index[parent])
        parent = parent.parent_op()
    ivs: dict[SSAValue, int] = {induction_var(loop): k for loop, k in index.items()}
    amap = access.subscripts
    n = len(access.inputs)
    zero = amap.eval([0] * n, [])
    dims: list[list[tuple[int, int]]] = [[] for _ in amap.results]
    for position, value in enumerate(access.inputs):
        if value not in ivs:
            continue
        unit = [0] * n
        unit[position] = 1
        moved = amap.eval(unit, [])
        for d, (a, b) in enumerate(zip(moved, zero, strict=True)):
            if a != b:
                dims[d].append((ivs[value], a - b))
    return AccessInfo(
        name,
        access.is_write,
        tuple(reversed(enclosing)),
        tuple(tuple(d) for d in dims),
    )


def _aliases(
    funcs: list[func.FuncOp], top: str
) -> tuple[tuple[tuple[str, str], tuple[str, str]], ...]:
    """Each callee parameter -> the buffer of the top it is (first caller)."""
    by_name = {f.sym_name.data: f for f in funcs}
    found: dict[tuple[str, str], tuple[str, str]] = {}

    def visit(fn: func.FuncOp, binding: dict[SSAValue, tuple[str, str]]) -> None:
        for op in fn.walk():
            if not isinstance(op, func.CallOp):
                continue
            callee = by_name.get(op.callee.string_value())
            if callee is None:
                continue
            inner: dict[SSAValue, tuple[str, str]] = {}
            for operand, param in zip(
                op.operands, callee.body.blocks[0].args, strict=False
            ):
                root = binding.get(operand) or (
                    fn.sym_name.data,
                    value_name(operand) or "?",
                )
                inner[param] = root
                key = (callee.sym_name.data, value_name(param) or "?")
                found.setdefault(key, root)
            visit(callee, inner)

    visit(by_name[top], {})
    return tuple(found.items())


def _channels(funcs: list[func.FuncOp], top: str) -> tuple[str, ...]:
    fn = next(f for f in funcs if f.sym_name.data == top)
    calls = [op for op in fn.body.blocks[0].ops if isinstance(op, func.CallOp)]
    out: list[str] = []
    for op in fn.body.blocks[0].ops:
        if not isinstance(op, memref.AllocOp):
            continue
        users = [c for c in calls if op.results[0] in c.operands]
        name = value_name(op.results[0])
        if len(users) == 2 and name is not None:
            out.append(name)
    return tuple(out)


def perfect_chains(fn: Function) -> list[list[int]]:
    """Perfect nests of at least two loops that no longer one contains."""
    out: list[list[int]] = []
    inside: set[int] = set()
    for k in range(len(fn.loops)):
        if k in inside:
            continue
        chain = fn.chain(k)
        if len(chain) >= 2:
            out.append(chain)
            inside.update(chain)
    return out


def consecutive(chain: list[int]) -> bool:
    return all(b == a + 1 for a, b in pairwise(chain))
