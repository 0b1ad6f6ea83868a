"""
Random schedules of a `Program`, drawn from every primitive.

Each step is tagged intended-legal (a careful engineer would expect it to
apply and keep the results) or intended-illegal (an unknown name, a factor
above the trip count, a stream whose consumer reads out of order, a parallel
reduction loop, ...). A schedule is intended-legal when all its steps are.
The tags are the generator's own judgement, independent of the passes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import yaml

from .program import Access, Nest, Program


@dataclass
class Step:
    func: str
    primitive: str
    args: dict[str, Any]
    legal: bool


@dataclass
class Schedule:
    steps: list[Step] = field(default_factory=list)

    @property
    def legal(self) -> bool:
        return all(s.legal for s in self.steps)

    def to_yaml(self) -> str:
        schedule: dict[str, list[dict[str, Any]]] = {}
        for s in self.steps:
            schedule.setdefault(s.func, []).append({s.primitive: s.args})
        text = yaml.safe_dump(
            {"include": ["fpga"], "schedule": schedule},
            default_flow_style=None,
            sort_keys=False,
            width=200,
        )
        tags = ", ".join(
            f"{s.primitive}={'legal' if s.legal else 'illegal'}" for s in self.steps
        )
        return f"# intended {'legal' if self.legal else 'illegal'}: {tags}\n{text}"


@dataclass
class _NestState:
    nest: Nest
    band: str
    loops: list[str]  # current names, outermost first
    trips: dict[str, int]
    reduction: set[str]  # loops that carry the reduction
    perfect: int  # how many outer loops form a perfect nest
    touched: bool = False  # a loop step changed it
    gone: bool = False  # merged away by compute_at


class _Builder:
    def __init__(self, prog: Program, rng: random.Random):
        self.prog = prog
        self.rng = rng
        self.nests: list[_NestState] = []
        counts: dict[str, int] = {}
        for nest in prog.nests:
            k = counts.get(nest.func, 0)
            counts[nest.func] = k + 1
            names = [lp.name for lp in nest.loops]
            red = set(names) - set(nest.space)
            perfect = len(names) - 1 if nest.kind == "iter" else len(names)
            self.nests.append(
                _NestState(
                    nest,
                    f"S_{names[0]}_{k}",
                    names,
                    {lp.name: lp.trip for lp in nest.loops},
                    red,
                    max(perfect, 1),
                )
            )
        self.shapes = {b.name: list(b.shape) for b in prog.bufs.values()}
        self.streamed: set[str] = set()
        self.partitioned: dict[str, set[int]] = {}  # buffer -> dims (0: all)
        self.inlined: set[str] = set()
        self.dataflow: set[str] = set()
        # (outer, inner) of a split whose factor does not divide the trip
        # count: the inner loop's `min` bound depends on the outer loop
        self.bound_deps: list[tuple[str, str]] = []

    # --- helpers ---

    def live(self) -> list[_NestState]:
        return [n for n in self.nests if not n.gone]

    def funcs_of(self, buf: str) -> list[str]:
        """
        The functions that see `buf` under its own name (a call result
        takes the SSA name of the call)."""
        out = ["top"]
        for n in self.prog.nests:
            if n.func != "top" and any(a.buf == buf for a in [*n.reads(), n.dst]):
                out.append(n.func)
        return out

    def step(self) -> list[Step]:
        rng = self.rng
        kinds = [
            "split",
            "tile",
            "reorder",
            "fuse",
            "unroll",
            "pipeline",
            "parallel",
            "compute_at",
            "partition",
            "reuse_at",
            "buffer_at",
            "reshape",
            "bind_storage",
            "to",
            "dataflow",
            "inline",
            "quantize",
            "interface",
            "bad_name",
        ]
        # the loop-order steps and streams meet most often in real schedules
        kind = rng.choice([*kinds, "to", "to", "reorder", "tile", "split", "partition"])
        made = getattr(self, f"_{kind}")()
        return made if made else []

    def pick(self) -> _NestState | None:
        live = self.live()
        return self.rng.choice(live) if live else None

    def loop(self, ns: _NestState) -> str:
        return self.rng.choice(ns.loops)

    def _rename(self, ns: _NestState, old: str, new: list[str], trips: list[int]):
        k = ns.loops.index(old)
        ns.loops[k : k + 1] = new
        red = old in ns.reduction
        for name, t in zip(new, trips, strict=True):
            ns.trips[name] = t
            if red:
                ns.reduction.add(name)
        if k < ns.perfect:
            ns.perfect += len(new) - 1
        ns.touched = True

    # --- loop primitives ---

    def _split(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None:
            return None
        x = self.loop(ns)
        t = ns.trips[x]
        if self.rng.random() < 0.1:
            return [Step(ns.nest.func, "split", {"loop": x, "factor": t + 1}, False)]
        f = self.rng.randint(1, t) if t > 1 else 1
        legal = True
        self._rename(ns, x, [f"{x}.outer", f"{x}.inner"], [-(-t // f), f])
        if t % f:
            self.bound_deps.append((f"{x}.outer", f"{x}.inner"))
        return [Step(ns.nest.func, "split", {"loop": x, "factor": f}, legal)]

    def _tile(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None or len(ns.loops) < 2:
            return None
        k = self.rng.randrange(len(ns.loops) - 1)
        a, b = ns.loops[k], ns.loops[k + 1]
        legal = k + 1 < ns.perfect and not self.touches_stream(ns)
        legal = legal and (a, b) not in self.bound_deps  # a `min` bound
        if self.rng.random() < 0.15 and len(ns.loops) > 2:
            b = ns.loops[-1] if k + 2 < len(ns.loops) else b
            legal = legal and b == ns.loops[k + 1]
        fa = self.rng.randint(1, ns.trips[a])
        fb = self.rng.randint(1, ns.trips[b])
        step = Step(ns.nest.func, "tile", {"loops": [a, b], "factors": [fa, fb]}, legal)
        if legal:
            ta, tb = ns.trips[a], ns.trips[b]
            k = ns.loops.index(a)
            ns.loops[k : k + 2] = [
                f"{a}.outer",
                f"{b}.outer",
                f"{a}.inner",
                f"{b}.inner",
            ]
            for name, t in ((a, ta), (b, tb)):
                if t % (fa if name == a else fb):
                    self.bound_deps.append((f"{name}.outer", f"{name}.inner"))
                ns.trips[f"{name}.outer"] = -(-t // (fa if name == a else fb))
                ns.trips[f"{name}.inner"] = fa if name == a else fb
                if name in ns.reduction:
                    ns.reduction |= {f"{name}.outer", f"{name}.inner"}
            ns.perfect += 2
            ns.touched = True
        return [step]

    def _reorder(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None or len(ns.loops) < 2:
            return None
        legal = not self.touches_stream(ns)
        if ns.perfect >= 2 and self.rng.random() < 0.85:
            chain = ns.loops[: ns.perfect]
            names = self.rng.sample(chain, self.rng.randint(2, len(chain)))
        else:
            names = self.rng.sample(ns.loops, 2)
            legal = legal and all(ns.loops.index(x) < ns.perfect for x in names)
        perm = list(names)
        while perm == sorted(names, key=ns.loops.index) and len(perm) > 1:
            self.rng.shuffle(perm)
        after = list(ns.loops)
        slots = sorted(ns.loops.index(x) for x in names)
        for slot, x in zip(slots, perm, strict=True):
            after[slot] = x
        legal = legal and self.bounds_kept(after)
        if legal:
            slots = sorted(ns.loops.index(x) for x in names)
            for slot, x in zip(slots, perm, strict=True):
                ns.loops[slot] = x
            ns.touched = True
        return [Step(ns.nest.func, "reorder", {"loops": perm}, legal)]

    def _fuse(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None or ns.perfect < 2:
            return None
        k = self.rng.randrange(ns.perfect - 1)
        n = self.rng.randint(2, ns.perfect - k)
        names = ns.loops[k : k + n]
        fused = "_".join(names) + "_fused"
        legal = not any(o in names and i in names for o, i in self.bound_deps)
        trip = 1
        for x in names:
            trip *= ns.trips[x]
        ns.loops[k : k + n] = [fused]
        ns.trips[fused] = trip
        if any(x in ns.reduction for x in names):
            ns.reduction.add(fused)
        ns.perfect -= n - 1
        ns.touched = True
        return [Step(ns.nest.func, "fuse", {"loops": names}, legal)]

    def bounds_kept(self, order: list[str]) -> bool:
        return all(
            order.index(o) < order.index(i)
            for o, i in self.bound_deps
            if o in order and i in order
        )

    def _unroll(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None:
            return None
        x = self.loop(ns)
        f = self.rng.choice((0, 2, ns.trips[x])) if ns.trips[x] > 1 else 0
        return [Step(ns.nest.func, "unroll", {"loop": x, "factor": f}, True)]

    def _pipeline(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None:
            return None
        args: dict[str, Any] = {"loop": self.loop(ns), "ii": self.rng.choice((1, 1, 2))}
        if self.rng.random() < 0.2:
            args["rewind"] = True
        return [Step(ns.nest.func, "pipeline", args, True)]

    def _parallel(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None:
            return None
        x = self.loop(ns)
        legal = x not in ns.reduction and not self.reads_stream(ns)
        return [Step(ns.nest.func, "parallel", {"loop": x}, legal)]

    def touches_stream(self, ns: _NestState) -> bool:
        """
        Changing the loop order of a stream's producer or consumer breaks
        the FIFO order `to` checked."""
        bufs = {a.buf for a in [*ns.nest.reads(), ns.nest.dst]}
        return bool(bufs & self.streamed)

    def reads_stream(self, ns: _NestState) -> bool:
        return any(a.buf in self.streamed for a in ns.nest.reads())

    def _compute_at(self) -> list[Step] | None:
        pairs = [
            (p, c)
            for p, c in zip(self.nests, self.nests[1:], strict=False)
            if not p.gone and not c.gone and p.nest.func == c.nest.func
        ]
        if not pairs:
            return None
        p, c = self.rng.choice(pairs)
        level = self.rng.randrange(len(c.loops))
        x = c.loops[level]
        legal = self._compute_at_legal(p, c, level)
        step = Step(
            c.nest.func,
            "compute_at",
            {"producer": p.band, "consumer": c.band, "loop": x},
            legal,
        )
        if legal:
            p.gone = True
            c.perfect = min(c.perfect, level + 1)
            c.touched = True
        return [step]

    def _compute_at_legal(self, p: _NestState, c: _NestState, level: int) -> bool:
        """
        Allo's compute_at: the consumer's outer loops down to `level` walk
        the producer's buffer along its leading dimensions (offsets are fine:
        the producer's bounds are inferred)."""
        if p.touched or c.touched or p.nest.kind != "map" or p.nest.returns_dst:
            return False
        dst = p.nest.dst
        if [i.loop for i in dst.idx] != p.loops[: len(dst.idx)]:
            return False
        reads = [a for a in c.nest.reads() if a.buf == dst.buf]
        if not reads or level >= len(dst.idx) or level >= len(c.loops):
            return False
        if any(x in c.reduction for x in c.loops[: level + 1]):
            return False
        return all(a.idx[d].loop == c.loops[d] for a in reads for d in range(level + 1))

    def _dataflow(self) -> list[Step] | None:
        func = self.rng.choice(["top", *self.prog.helpers])
        if self.rng.random() < 0.2:
            ns = self.pick()
            if ns is not None:
                return [Step(ns.nest.func, "dataflow", {"loop": ns.loops[0]}, True)]
        self.dataflow.add(func)
        return [Step(func, "dataflow", {}, func not in self.inlined)]

    def _inline(self) -> list[Step] | None:
        if not self.prog.helpers or self.rng.random() < 0.1:
            return [Step("top", "inline", {}, False)]
        func = self.rng.choice(self.prog.helpers)
        self.inlined.add(func)
        return [Step(func, "inline", {}, func not in self.dataflow)]

    # --- memory primitives ---

    def buffer(self, roles: tuple[str, ...]) -> str | None:
        names = [b.name for b in self.prog.bufs.values() if b.role in roles]
        return self.rng.choice(names) if names else None

    def _partition(self) -> list[Step] | None:
        b = self.buffer(("in", "inout", "local", "ret"))
        if b is None:
            return None
        shape = self.shapes[b]
        kind = self.rng.choice(("cyclic", "block", "complete"))
        dim = self.rng.randint(0, len(shape))
        done = self.partitioned.setdefault(b, set())
        # one partition per dimension (0 covers them all)
        legal = b not in self.streamed and not (
            dim in done or 0 in done or (dim == 0 and done)
        )
        if self.rng.random() < 0.1:
            dim, legal = len(shape) + 1, False
        if legal:
            done.add(dim)
        args: dict[str, Any] = {"buffer": b, "kind": kind, "dim": dim}
        if kind != "complete":
            top = min(shape) if dim == 0 or dim > len(shape) else shape[dim - 1]
            args["factor"] = self.rng.randint(1, max(1, top))
        return [Step(self.rng.choice(self.funcs_of(b)), "partition", args, legal)]

    def _bind_storage(self) -> list[Step] | None:
        b = self.buffer(("in", "inout", "local", "ret"))
        if b is None:
            return None
        args = {
            "buffer": b,
            "impl": self.rng.choice(("bram", "uram", "lutram")),
            "type": self.rng.choice(("ram_1p", "ram_2p", "ram_t2p", "ram_s2p")),
        }
        # LUTRAM has no true dual port (Vitis)
        legal = b not in self.streamed and (args["impl"], args["type"]) != (
            "lutram",
            "ram_t2p",
        )
        return [Step(self.rng.choice(self.funcs_of(b)), "bind_storage", args, legal)]

    def _interface(self) -> list[Step] | None:
        b = self.buffer(("in", "inout"))
        if b is None:
            return None
        args: dict[str, Any] = {
            "buffer": b,
            "mode": self.rng.choice(("m_axi", "s_axilite")),
        }
        if self.rng.random() < 0.5:
            args["bundle"] = self.rng.choice(("gmem0", "gmem1", "ctrl"))
        # Vitis takes no partitioned m_axi/s_axilite array port
        return [Step("top", "interface", args, not self.partitioned.get(b))]

    def _reshape(self) -> list[Step] | None:
        b = self.buffer(("in", "inout", "local", "ret"))
        if b is None:
            return None
        total = 1
        for s in self.shapes[b]:
            total *= s
        if self.rng.random() < 0.1:
            return [Step("top", "reshape", {"buffer": b, "shape": [total + 1]}, False)]
        divisors = [d for d in range(1, total + 1) if total % d == 0]
        d = self.rng.choice(divisors)
        shape = [d, total // d] if self.rng.random() < 0.7 else [total]
        # reshape comes before partition (a layout is per dimension)
        legal = b not in self.streamed and not self.partitioned.get(b)
        if legal:
            self.shapes[b] = shape
        return [
            Step(
                self.rng.choice(self.funcs_of(b)),
                "reshape",
                {"buffer": b, "shape": shape},
                legal,
            )
        ]

    def _quantize(self) -> list[Step] | None:
        b = self.buffer(("local",))
        if b is None or not self._widening_keeps_values(b):
            # the model knows the kernel's numerics, not quantize's: draw only
            # the retypings that keep every value
            return None
        ty = self.prog.bufs[b].ty
        if ty.kind == "int":
            spec = f"i{min(64, ty.width + self.rng.choice((1, 8, 16)))}"
        else:
            # More integer bits, the same fractional bits: a retyped chain then
            # truncates exactly as the original, and wraps where it is cast
            # back, so the model of the unscheduled kernel still holds. More
            # fractional bits would change the result (quantize retypes the
            # arithmetic feeding the buffer), which is quantize's purpose, not
            # a miscompile.
            spec = f"fixed<{ty.width + 8},{ty.frac}>"
        return [
            Step(
                self.rng.choice(self.funcs_of(b)),
                "quantize",
                {"buffer": b, "type": spec},
                b not in self.streamed,
            )
        ]

    def _widening_keeps_values(self, b: str) -> bool:
        """
        quantize retypes the arithmetic that feeds `b`. With more integer
        bits, integer ring operations (add, sub, mul, bitwise) still give the
        same value once read back (cast to the old type), and so do fixed-point
        add and sub, and a fixed-point mul of operands that are not retyped
        themselves. A mul of a retyped product truncates an unwrapped value,
        and min and max compare unwrapped values: changes of numerics that
        quantize makes on purpose, which the model does not follow."""
        writers = [n for n in self.prog.nests if n.dst.buf == b]
        return all(_keeps_values(n.expr) for n in writers)

    def _reuse_at(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None:
            return None
        reads = ns.nest.reads()
        if not reads:
            return None
        a = self.rng.choice(reads)
        x = self.loop(ns)
        legal = not ns.touched and self._is_stencil(ns.nest, a.buf, x)
        return [Step(ns.nest.func, "reuse_at", {"buffer": a.buf, "loop": x}, legal)]

    def _is_stencil(self, nest: Nest, buf: str, loop: str) -> bool:
        if nest.kind != "map" or self.prog.bufs[buf].role != "in":
            return False
        offsets: set[int] = set()
        for a in nest.reads():
            if a.buf != buf:
                continue
            offsets |= {i.offset for i in a.idx if i.loop == loop}
        return len(offsets) > 1

    def _buffer_at(self) -> list[Step] | None:
        ns = self.pick()
        if ns is None:
            return None
        b = ns.nest.dst.buf
        x = self.loop(ns)
        k = ns.loops.index(x)
        legal = (
            not ns.touched
            and ns.nest.kind == "acc"
            and x not in ns.reduction
            and all(y in ns.reduction for y in ns.loops[k + 1 :])
            and k + 1 < len(ns.loops)
        )
        return [Step(ns.nest.func, "buffer_at", {"buffer": b, "loop": x}, legal)]

    def _to(self) -> list[Step] | None:
        b = self.buffer(("local",))
        if b is None:
            return None
        legal = self._streamable(b)
        steps = [Step("top", "to", {"buffer": b}, legal)]
        if legal:
            self.streamed.add(b)
            # later loop steps on the producer or the consumer must keep the
            # order the stream was checked for
            if self.rng.random() < 0.5:
                steps += self.step_on_stream(b)
        return steps

    def step_on_stream(self, buf: str) -> list[Step]:
        ends = [
            n
            for n in self.live()
            if buf in {a.buf for a in [*n.nest.reads(), n.nest.dst]}
        ]
        if not ends:
            return []
        ns = self.rng.choice(ends)
        kind = self.rng.choice(("reorder", "tile", "split", "fuse", "parallel"))
        saved = self.pick
        self.pick = lambda: ns  # type: ignore[method-assign]
        try:
            return getattr(self, f"_{kind}")() or []
        finally:
            self.pick = saved  # type: ignore[method-assign]

    def _streamable(self, buf: str) -> bool:
        writers = [n for n in self.nests if n.nest.dst.buf == buf]
        readers = [n for n in self.nests if any(a.buf == buf for a in n.nest.reads())]
        if len(writers) != 1 or len(readers) != 1 or writers[0].gone:
            return False
        if buf in self.streamed or self.partitioned.get(buf):
            return False
        if writers[0].nest.returns_dst:
            return False  # `to` takes a buffer its function allocates
        w, r = writers[0], readers[0]
        if w.touched or r.touched or w.nest.kind == "acc" or r.gone:
            return False
        if [i.loop for i in w.nest.dst.idx] != [lp.name for lp in w.nest.loops][
            : len(w.nest.dst.idx)
        ]:
            return False
        reads = [a for a in r.nest.reads() if a.buf == buf]
        shape = self.prog.bufs[buf].shape
        return (
            len(reads) == 1
            and r.nest.kind == "map"
            and _identity(reads[0], r.nest, shape)
        )

    def _bad_name(self) -> list[Step] | None:
        ns = self.pick()
        func = ns.nest.func if ns else "top"
        if self.rng.random() < 0.5:
            return [Step(func, "pipeline", {"loop": "nope"}, False)]
        return [
            Step(
                func,
                "partition",
                {"buffer": "Nope", "kind": "complete", "dim": 0},
                False,
            )
        ]


def _identity(a: Access, nest: Nest, shape: tuple[int, ...]) -> bool:
    names = [lp.name for lp in nest.loops]
    trips = {lp.name: lp.trip for lp in nest.loops}
    return (
        [i.loop for i in a.idx] == names[: len(a.idx)]
        and all(i.offset == 0 for i in a.idx)
        and [trips[i.loop] for i in a.idx if i.loop] == list(shape)
        and len(names) == len(a.idx)
    )


def random_schedule(prog: Program, seed: int) -> Schedule:
    rng = random.Random(seed)
    b = _Builder(prog, rng)
    sched = Schedule()
    for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 5))):
        sched.steps += b.step()
    return sched


RING_OPS = frozenset(
    ("add", "sub", "mul", "addi", "subi", "muli", "xori", "andi", "ori")
)


def _keeps_values(e: tuple[Any, ...]) -> bool:
    if e[0] != "op":
        return True
    if e[1] == "mul" and (e[2][0] == "op" or e[3][0] == "op"):
        return False  # fixed point: a retyped product truncated again
    return e[1] in RING_OPS and _keeps_values(e[2]) and _keeps_values(e[3])
