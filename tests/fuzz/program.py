"""
Random kernels: a program description, its MLIR text and its numpy model.

A `Program` is a chain of 1-3 loop nests over small buffers. Each nest
writes one buffer (a local alloc, the output argument `C` or the returned
buffer `C`) from an expression of loads (inputs, or locals written by an
earlier nest: producer/consumer buffers, stencils), constants, casts and
integer or fixed-point arithmetic:

- `map`:  dst[space] = expr
- `acc`:  dst[space] = dst[space] + expr, reduction loops anywhere in the nest
- `iter`: dst[space] = sum over the innermost loop (affine.for iter_args)

A nest may live in a helper function that `top` calls (taking the buffers it
uses, or returning the buffer it writes). The model (`evaluate`) interprets
the description with Python integers, independently of allo-xdsl: it is the
oracle the scheduled kernels are judged against.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# ----- types -----


@dataclass(frozen=True)
class Ty:
    kind: str  # "int" | "fixed"
    width: int
    frac: int = 0

    def mlir(self) -> str:
        if self.kind == "int":
            return f"i{self.width}"
        return f"!allo.fixed<{self.width}, {self.frac}>"

    def dtype(self) -> np.dtype[Any]:
        for bits in (8, 16, 32, 64):
            if self.width <= bits:
                return np.dtype(f"int{bits}")
        raise ValueError(self.width)

    def wrap(self, v: int) -> int:
        half = 1 << (self.width - 1)
        return ((v + half) % (1 << self.width)) - half


I32 = Ty("int", 32)
INT_WIDTHS = (32, 32, 32, 7, 13, 16, 33)
FIXED_TYPES = (Ty("fixed", 16, 8), Ty("fixed", 12, 4), Ty("fixed", 10, 5))

# ----- description -----


@dataclass
class Buf:
    name: str
    shape: tuple[int, ...]
    ty: Ty
    role: str  # "in" | "inout" | "local" | "ret"


@dataclass(frozen=True)
class Index:
    loop: str | None  # None: a constant index
    offset: int


@dataclass(frozen=True)
class Access:
    buf: str
    idx: tuple[Index, ...]


# Expressions: ("load", Access) | ("const", int) | ("op", name, a, b)
Expr = tuple[Any, ...]


@dataclass
class Loop:
    name: str
    lo: int
    hi: int

    @property
    def trip(self) -> int:
        return self.hi - self.lo


@dataclass
class Nest:
    kind: str  # "map" | "acc" | "iter"
    loops: list[Loop]
    dst: Access
    expr: Expr
    func: str = "top"
    returns_dst: bool = False  # the helper allocates dst and returns it

    @property
    def space(self) -> list[str]:
        return [i.loop for i in self.dst.idx if i.loop is not None]

    def reads(self) -> list[Access]:
        out: list[Access] = []
        _collect_loads(self.expr, out)
        return out


def _collect_loads(e: Expr, out: list[Access]) -> None:
    if e[0] == "load":
        out.append(e[1])
    elif e[0] == "op":
        _collect_loads(e[2], out)
        _collect_loads(e[3], out)


@dataclass
class Program:
    bufs: dict[str, Buf]
    nests: list[Nest]
    out_returned: bool
    seed: int = 0
    helpers: list[str] = field(default_factory=list)

    def args(self) -> list[Buf]:
        return [b for b in self.bufs.values() if b.role in ("in", "inout")]


INT_OPS = ("addi", "subi", "muli", "maxsi", "minsi", "xori", "andi", "ori")
FIXED_OPS = ("add", "sub", "mul", "min", "max")
TRIPS = (2, 3, 3, 5, 5, 7, 7, 11, 13, 4, 6, 8, 1)
LOOP_LETTERS = ("ijkl", "xyzw", "pqrs")
MAX_ITERS = 700

# ----- generation -----


class _Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.bufs: dict[str, Buf] = {}
        self.fixed = self.rng.random() < 0.25
        self.fty = self.rng.choice(FIXED_TYPES)
        # C is the output; loops are lower case
        self.inputs = iter("ABDEFGHIJKLMNOPQRS")
        self.locals = iter("TUVWXYZ")

    def elem_ty(self) -> Ty:
        if self.fixed and self.rng.random() < 0.8:
            return self.fty
        return Ty("int", self.rng.choice(INT_WIDTHS))

    def trips(self, depth: int) -> list[int]:
        while True:
            trips = [self.rng.choice(TRIPS) for _ in range(depth)]
            if np.prod(trips) <= MAX_ITERS:
                return trips

    def program(self) -> Program:
        rng = self.rng
        n = rng.choice((1, 2, 2, 3, 3))
        nests: list[Nest] = []
        producer: Buf | None = None
        for k in range(n):
            last = k == n - 1
            nests.append(self.nest(k, producer, last))
            producer = self.bufs[nests[-1].dst.buf]
            # an `acc` nest into a local needs an initialized buffer: the
            # previous nest (a `map`) writes it, so it is that nest's dst
        out_returned = self.bufs["C"].role == "ret"
        helpers: list[str] = []
        for k, nest in enumerate(nests):
            if n > 1 and rng.random() < 0.3:
                nest.func = f"h{k}"
                helpers.append(nest.func)
                dst = self.bufs[nest.dst.buf]
                nest.returns_dst = (
                    dst.role == "local" and nest.kind != "acc" and rng.random() < 0.4
                )
        return Program(self.bufs, nests, out_returned, self.seed, helpers)

    def nest(self, k: int, producer: Buf | None, last: bool) -> Nest:
        rng = self.rng
        letters = LOOP_LETTERS[k]
        kind = rng.choice(("map", "map", "acc", "iter"))
        # the space loops: mirror the producer's shape (a stream), shrink it
        # (a stencil) or draw fresh trips
        nspace = rng.choice((1, 2, 2, 3))
        mirror = producer is not None and rng.random() < 0.75
        if mirror and rng.random() < 0.6:
            kind = "map"  # a consumer that can take a stream
        if producer is not None and mirror:
            nspace = len(producer.shape)
            trips = list(producer.shape)
            if rng.random() < 0.3:
                d = rng.randrange(nspace)
                trips[d] = max(1, trips[d] - rng.choice((1, 2)))
        else:
            trips = self.trips(nspace)
        nred = 0 if kind == "map" else rng.choice((1, 1, 2)) if kind == "acc" else 1
        red_trips = self.trips(nred) if nred else []
        while np.prod(trips) * np.prod(red_trips or [1]) > MAX_ITERS:
            d = rng.randrange(len(trips))
            trips[d] = min(trips[d], rng.choice((1, 2, 3)))
        nloops = min(4, nspace + nred)
        nred = nloops - nspace
        red_trips = red_trips[:nred]
        if nred == 0:
            kind = "map"
        names = list(letters[:nloops])
        if kind == "iter":
            space_names = names[:nspace]
        else:
            at = sorted(rng.sample(range(nloops), nspace))
            space_names = [names[p] for p in at]
        red_names = [x for x in names if x not in space_names]
        trip_of = dict(zip(space_names, trips, strict=True))
        trip_of.update(zip(red_names, red_trips, strict=True))
        loops = [Loop(x, 0, trip_of[x]) for x in names]
        # the written buffer
        dst_order = list(space_names)
        if rng.random() < 0.2:
            rng.shuffle(dst_order)
        shape = tuple(trip_of[x] for x in dst_order)
        ty = self.elem_ty()
        if last:
            role = "ret" if kind != "acc" and rng.random() < 0.4 else "inout"
            name = "C"
        elif kind == "acc":
            # accumulate into an input-initialized argument-like local: an
            # inout argument keeps it simple and deterministic
            role, name = "inout", next(self.inputs)
        else:
            role, name = "local", next(self.locals)
        self.bufs[name] = Buf(name, shape, ty, role)
        dst = Access(name, tuple(Index(x, 0) for x in dst_order))
        depth = rng.choice((0, 1, 1, 2))
        if producer is not None and mirror and rng.random() < 0.7:
            # read the producer's buffer once, in the order it was written
            # (what a stream needs)
            first = (
                "load",
                Access(
                    producer.name,
                    tuple(Index(x, 0) for x in space_names[: len(producer.shape)]),
                ),
            )
            if depth == 0:
                expr: Expr = first
            else:
                rest = self.expr(loops, None, ty, depth - 1)
                ops = FIXED_OPS if ty.kind == "fixed" else INT_OPS
                expr = ("op", rng.choice(ops), first, rest)
        else:
            expr = self.expr(loops, producer, ty, depth)
        return Nest(kind, loops, dst, expr)

    def expr(self, loops: list[Loop], producer: Buf | None, ty: Ty, depth: int) -> Expr:
        rng = self.rng
        if depth == 0:
            r = rng.random()
            if r < 0.1:
                return ("const", rng.randint(-5, 9))
            if producer is not None and r < 0.6:
                return ("load", self.access(producer, loops))
            return ("load", self.access(self.input_buf(loops), loops))
        ops = FIXED_OPS if ty.kind == "fixed" else INT_OPS
        a = self.expr(loops, producer, ty, depth - 1)
        b = self.expr(loops, producer, ty, rng.choice((0, depth - 1)))
        if rng.random() < 0.3 and a[0] == "load":
            # a stencil: the same buffer at a shifted index
            b = ("load", self.shifted(a[1], loops))
        return ("op", rng.choice(ops), a, b)

    def input_buf(self, loops: list[Loop]) -> Buf:
        rng = self.rng
        existing = [b for b in self.bufs.values() if b.role == "in"]
        if existing and rng.random() < 0.4:
            return rng.choice(existing)
        name = next(self.inputs, None)
        if name is None:  # out of names: share an input
            return rng.choice(existing)
        rank = rng.choice((1, 2, 2, 3))
        shape = []
        for _ in range(rank):
            base = rng.choice(loops).trip if rng.random() < 0.8 else rng.choice(TRIPS)
            shape.append(base + rng.choice((0, 0, 1, 2)))
        self.bufs[name] = Buf(name, tuple(shape), self.elem_ty(), "in")
        return self.bufs[name]

    def access(self, buf: Buf, loops: list[Loop]) -> Access:
        rng = self.rng
        idx: list[Index] = []
        used: set[str] = set()
        for d, size in enumerate(buf.shape):
            fits = [lp for lp in loops if lp.hi <= size and lp.name not in used]
            # prefer the loop at the same position: identity accesses
            same = [lp for lp in fits if loops.index(lp) == d]
            if same and rng.random() < 0.7:
                lp = same[0]
            elif fits and rng.random() < 0.85:
                lp = rng.choice(fits)
            else:
                idx.append(Index(None, rng.randrange(size)))
                continue
            used.add(lp.name)
            idx.append(Index(lp.name, rng.randint(0, size - lp.hi)))
        return Access(buf.name, tuple(idx))

    def shifted(self, a: Access, loops: list[Loop]) -> Access:
        buf = self.bufs[a.buf]
        trip = {lp.name: lp.hi for lp in loops}
        idx = list(a.idx)
        options = [d for d, i in enumerate(idx) if i.loop is not None]
        if not options:
            return a
        d = self.rng.choice(options)
        i = idx[d]
        assert i.loop is not None
        room = buf.shape[d] - trip[i.loop]
        idx[d] = Index(i.loop, self.rng.randint(0, room))
        return Access(a.buf, tuple(idx))


def generate(seed: int) -> Program:
    return _Gen(seed).program()


# ----- inputs and the model -----


def make_inputs(prog: Program, seed: int) -> dict[str, np.ndarray[Any, Any]]:
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray[Any, Any]] = {}
    for b in prog.args():
        bits = min(b.ty.width, 9 if b.ty.kind == "fixed" else 6)
        lo, hi = -(1 << (bits - 1)), 1 << (bits - 1)
        out[b.name] = rng.integers(lo, hi, size=b.shape).astype(b.ty.dtype())
    return out


def _convert(v: int, src: Ty, dst: Ty) -> int:
    if src == dst:
        return v
    if src.kind == "int" and dst.kind == "int":
        return dst.wrap(v)
    if src.kind == "int":  # to fixed point: floor, then wrap
        return dst.wrap(v << dst.frac)
    if dst.kind == "int":  # fixed point to an integer: toward zero
        q = abs(v) >> src.frac
        return dst.wrap(-q if v < 0 else q)
    raise ValueError("fixed to fixed")


def _apply(op: str, a: int, b: int, ty: Ty) -> int:
    if ty.kind == "fixed" and op == "mul":
        return ty.wrap((a * b) >> ty.frac)
    table = {
        "addi": a + b,
        "add": a + b,
        "subi": a - b,
        "sub": a - b,
        "muli": a * b,
        "maxsi": max(a, b),
        "max": max(a, b),
        "minsi": min(a, b),
        "min": min(a, b),
        "xori": a ^ b,
        "andi": a & b,
        "ori": a | b,
    }
    return ty.wrap(table[op])


def evaluate(
    prog: Program, inputs: dict[str, np.ndarray[Any, Any]]
) -> dict[str, np.ndarray[Any, Any]]:
    """The model: every buffer after running the program (Python ints)."""
    mem: dict[str, np.ndarray[Any, Any]] = {}
    for b in prog.bufs.values():
        if b.name in inputs:
            mem[b.name] = np.array(inputs[b.name], dtype=object)
        else:
            mem[b.name] = np.full(b.shape, None, dtype=object)

    def index(a: Access, env: dict[str, int]) -> tuple[int, ...]:
        return tuple(
            (env[i.loop] if i.loop is not None else 0) + i.offset for i in a.idx
        )

    def ev(e: Expr, env: dict[str, int], ty: Ty) -> int:
        if e[0] == "const":
            return _convert(e[1], I32, ty)
        if e[0] == "load":
            v = mem[e[1].buf][index(e[1], env)]
            assert v is not None, f"read of an unwritten element of {e[1].buf}"
            return _convert(int(v), prog.bufs[e[1].buf].ty, ty)
        return _apply(e[1], ev(e[2], env, ty), ev(e[3], env, ty), ty)

    for nest in prog.nests:
        ty = prog.bufs[nest.dst.buf].ty
        names = [lp.name for lp in nest.loops]
        ranges = [range(lp.lo, lp.hi) for lp in nest.loops]
        dst = mem[nest.dst.buf]
        if nest.kind == "iter":
            outer, inner = nest.loops[:-1], nest.loops[-1]
            for vals in itertools.product(*ranges[:-1]):
                env = dict(zip([lp.name for lp in outer], vals, strict=True))
                acc = 0
                for v in range(inner.lo, inner.hi):
                    env[inner.name] = v
                    acc = _apply(_add(ty), acc, ev(nest.expr, env, ty), ty)
                dst[index(nest.dst, env)] = acc
            continue
        for vals in itertools.product(*ranges):
            env = dict(zip(names, vals, strict=True))
            value = ev(nest.expr, env, ty)
            at = index(nest.dst, env)
            if nest.kind == "acc":
                value = _apply(_add(ty), int(dst[at]), value, ty)
            dst[at] = value
    return mem


def _add(ty: Ty) -> str:
    return "add" if ty.kind == "fixed" else "addi"


# ----- MLIR -----


def memref(b: Buf) -> str:
    return f"memref<{'x'.join(map(str, b.shape))}x{b.ty.mlir()}>"


class _Emitter:
    def __init__(self, prog: Program):
        self.prog = prog
        self.n = 0
        self.lines: list[str] = []

    def fresh(self) -> str:
        self.n += 1
        return f"%v{self.n}"

    def put(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text)

    def const(self, c: int, ty: Ty, d: int) -> str:
        v = self.fresh()
        if ty.kind == "int":
            self.put(d, f"{v} = arith.constant {ty.wrap(c)} : {ty.mlir()}")
            return v
        self.put(d, f"{v} = arith.constant {c} : i32")
        w = self.fresh()
        self.put(d, f"{w} = allo.cast {v} : i32 to {ty.mlir()}")
        return w

    def convert(self, v: str, src: Ty, dst: Ty, d: int) -> str:
        if src == dst:
            return v
        w = self.fresh()
        if src.kind == "int" and dst.kind == "int":
            op = "extsi" if dst.width > src.width else "trunci"
            self.put(d, f"{w} = arith.{op} {v} : {src.mlir()} to {dst.mlir()}")
        else:
            self.put(d, f"{w} = allo.cast {v} : {src.mlir()} to {dst.mlir()}")
        return w

    def access(self, a: Access) -> str:
        parts = []
        for i in a.idx:
            if i.loop is None:
                parts.append(str(i.offset))
            else:
                parts.append(f"%{i.loop}" + (f" + {i.offset}" if i.offset else ""))
        b = self.prog.bufs[a.buf]
        return f"%{a.buf}[{', '.join(parts)}] : {memref(b)}"

    def expr(self, e: Expr, ty: Ty, d: int) -> str:
        if e[0] == "const":
            return self.const(e[1], ty, d)
        if e[0] == "load":
            v = self.fresh()
            self.put(d, f"{v} = affine.load {self.access(e[1])}")
            return self.convert(v, self.prog.bufs[e[1].buf].ty, ty, d)
        a = self.expr(e[2], ty, d)
        b = self.expr(e[3], ty, d)
        return self.binop(e[1], a, b, ty, d)

    def binop(self, op: str, a: str, b: str, ty: Ty, d: int) -> str:
        v = self.fresh()
        t = ty.mlir()
        if ty.kind == "int":
            self.put(d, f"{v} = arith.{op} {a}, {b} : {t}")
        elif op == "mul":
            self.put(d, f"{v} = allo.mul {a}, {b} : ({t}, {t}) -> {t}")
        else:
            self.put(d, f"{v} = allo.{op} {a}, {b} : {t}")
        return v

    def nest(self, nest: Nest, d: int) -> None:
        ty = self.prog.bufs[nest.dst.buf].ty
        t = ty.mlir()
        loops = nest.loops[:-1] if nest.kind == "iter" else nest.loops
        for k, lp in enumerate(loops):
            self.put(d + k, f"affine.for %{lp.name} = {lp.lo} to {lp.hi} {{")
        inner = d + len(loops)
        if nest.kind == "iter":
            lp = nest.loops[-1]
            zero = self.const(0, ty, inner)
            s = self.fresh()
            acc = self.fresh()
            self.put(
                inner,
                f"{s} = affine.for %{lp.name} = {lp.lo} to {lp.hi} "
                f"iter_args({acc} = {zero}) -> ({t}) {{",
            )
            v = self.expr(nest.expr, ty, inner + 1)
            n = self.binop(_add(ty), acc, v, ty, inner + 1)
            self.put(inner + 1, f"affine.yield {n} : {t}")
            self.put(inner, "}")
            self.put(inner, f"affine.store {s}, {self.access(nest.dst)}")
        else:
            v = self.expr(nest.expr, ty, inner)
            if nest.kind == "acc":
                old = self.fresh()
                self.put(inner, f"{old} = affine.load {self.access(nest.dst)}")
                v = self.binop(_add(ty), old, v, ty, inner)
            self.put(inner, f"affine.store {v}, {self.access(nest.dst)}")
        for k in reversed(range(len(loops))):
            self.put(d + k, "}")

    def params(self, nest: Nest) -> list[str]:
        names: list[str] = []
        for a in [*nest.reads(), nest.dst]:
            if a.buf not in names and not (nest.returns_dst and a.buf == nest.dst.buf):
                names.append(a.buf)
        return names

    def helper(self, nest: Nest) -> None:
        bufs = self.prog.bufs
        params = self.params(nest)
        sig = ", ".join(f"%{x}: {memref(bufs[x])}" for x in params)
        dst = bufs[nest.dst.buf]
        result = f" -> {memref(dst)}" if nest.returns_dst else ""
        self.put(0, f"func.func @{nest.func}({sig}){result} {{")
        if nest.returns_dst:
            self.put(1, f"%{dst.name} = memref.alloc() : {memref(dst)}")
        self.nest(nest, 1)
        self.put(
            1,
            f"func.return %{dst.name} : {memref(dst)}"
            if nest.returns_dst
            else "func.return",
        )
        self.put(0, "}")

    def top(self) -> None:
        prog = self.prog
        sig = ", ".join(f"%{b.name}: {memref(b)}" for b in prog.args())
        out = prog.bufs["C"]
        result = f" -> {memref(out)}" if prog.out_returned else ""
        self.put(0, f"func.func @top({sig}){result} {{")
        returned = {n.dst.buf for n in prog.nests if n.returns_dst}
        for b in prog.bufs.values():
            if b.role in ("local", "ret") and b.name not in returned:
                self.put(1, f"%{b.name} = memref.alloc() : {memref(b)}")
        for nest in prog.nests:
            if nest.func == "top":
                self.nest(nest, 1)
                continue
            params = self.params(nest)
            args = ", ".join(f"%{x}" for x in params)
            types = ", ".join(memref(prog.bufs[x]) for x in params)
            if nest.returns_dst:
                dst = prog.bufs[nest.dst.buf]
                self.put(
                    1,
                    f"%{dst.name} = func.call @{nest.func}({args}) : "
                    f"({types}) -> {memref(dst)}",
                )
            else:
                self.put(1, f"func.call @{nest.func}({args}) : ({types}) -> ()")
        self.put(
            1, f"func.return %C : {memref(out)}" if prog.out_returned else "func.return"
        )
        self.put(0, "}")


def emit_mlir(prog: Program) -> str:
    em = _Emitter(prog)
    for nest in prog.nests:
        if nest.func != "top":
            em.helper(nest)
    em.top()
    return "\n".join(em.lines) + "\n"
