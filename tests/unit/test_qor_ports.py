"""
Memory-port pressure in closed form: banks and accesses per bank of one
pipelined iteration from the subscripts' strides, the unroll factors and
the partition. Every expectation is derived by hand (or, for the random
cases, by a brute-force enumeration written here from the definitions of
cyclic, block and complete partitions), never copied from the model."""

from __future__ import annotations

import random
import time
from math import ceil

import pytest

from allo_xdsl.context import make_context
from allo_xdsl.parsing import parse_module
from allo_xdsl.qor import Estimate, LoopReport, banks, estimate, load_device

U280 = load_device("u280")
LOCAL = U280.ports[str(U280.memory["default_local"])]  # 2 ports: 2 read, 2 write


def run(text: str) -> Estimate:
    return estimate(parse_module(make_context(), text, "k.mlir"))


def loop(result: Estimate, name: str) -> LoopReport:
    return next(lp for lp in result.functions["f"].loops if lp.name == name)


def port_ii(reads: int, writes: int = 0) -> int:
    """Cycles one bank with LOCAL's ports needs for the accesses."""
    need = ceil((reads + writes) / LOCAL.ports)
    if reads:
        need = max(need, ceil(reads / LOCAL.read))
    if writes:
        need = max(need, ceil(writes / LOCAL.write))
    return max(need, 1)


# A[i][sub] for the copies of an inner loop k (fully unrolled inside the
# pipelined i); `out` is registers (complete), so only A limits the II.
ROW = """
#regs = #fpga.partition<[complete, complete]>
func.func @f(%A: memref<64x{cols}xf32{layout}>,
             %out: memref<64x{n}xf32, #regs>) {{
  affine.for %i = 0 to 64 {{
    affine.for %k = 0 to {n} {{
      %a = affine.load %A[%i, {sub}] : memref<64x{cols}xf32{layout}>
      affine.store %a, %out[%i, %k] : memref<64x{n}xf32, #regs>
    }} {{loop_name = "k"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
"""


@pytest.mark.parametrize(
    ("n", "sub", "cols", "partition", "per_bank"),
    [
        # k unrolled 8, cyclic 4 on dim 2: columns k mod 4, two per bank.
        (8, "%k", 8, "cyclic 4", 2),
        # cyclic 2: four columns per bank.
        (8, "%k", 8, "cyclic 2", 4),
        # block 2 of 8 columns: blocks of 4 consecutive columns.
        (8, "%k", 8, "block 2", 4),
        # block 4: blocks of 2 columns.
        (8, "%k", 8, "block 4", 2),
        # stride 2 (columns 0,2,4,6) on cyclic 4: banks 0 and 2, two each.
        (4, "2 * %k", 8, "cyclic 4", 2),
        # stride 2 on cyclic 2: all four in bank 0.
        (4, "2 * %k", 8, "cyclic 2", 4),
        # stride 3 on cyclic 4 (0,3,6,9,12,15,18,21 -> banks 0,3,2,1,0,3,2,1).
        (8, "3 * %k", 24, "cyclic 4", 2),
        # complete on dim 2: one column per bank.
        (8, "%k", 8, "complete", 1),
        # no partition: all eight in one bank.
        (8, "%k", 8, "none", 8),
    ],
)
def test_accesses_per_bank_from_strides(
    n: int, sub: str, cols: int, partition: str, per_bank: int
) -> None:
    layout = f", #fpga.partition<[none, {partition}]>" if partition != "none" else ""
    result = run(ROW.format(n=n, sub=sub, cols=cols, layout=layout))
    i = loop(result, "i")
    assert i.ii == port_ii(per_bank)
    if port_ii(per_bank) > 1:
        assert i.ii_limit == "memory"
        assert i.ii_reason == (
            f"'A': {per_bank} reads and 0 writes per iteration on a bank with "
            f"{LOCAL.ports} ports"
        )
    else:
        assert i.ii_limit == "target"


def test_two_accesses_of_one_address_are_served_once() -> None:
    # A[i][k] and A[i][k] again (another op): the same 8 addresses, on cyclic
    # 4 two per bank, served once: II 1. A[i][k] and A[i][k + 1] (k < 8):
    # columns 0..8, bank 0 holds 0,4,8 -> 3 reads, II 2.
    text = """
#regs = #fpga.partition<[complete, complete]>
#c4 = #fpga.partition<[none, cyclic 4]>
func.func @f(%A: memref<64x16xf32, #c4>,
             %out: memref<64x8xf32, #regs>) {
  affine.for %i = 0 to 64 {
    affine.for %k = 0 to 8 {
      %a = affine.load %A[%i, %k] : memref<64x16xf32, #c4>
      %b = affine.load %A[%i, %k + SHIFT] : memref<64x16xf32, #c4>
      %s = arith.addf %a, %b : f32
      affine.store %s, %out[%i, %k] : memref<64x8xf32, #regs>
    } {loop_name = "k"}
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
"""
    same = loop(run(text.replace("SHIFT", "0")), "i")
    assert (same.ii, same.ii_limit) == (1, "target")
    shifted = loop(run(text.replace("SHIFT", "1")), "i")
    assert (shifted.ii, shifted.ii_limit) == (port_ii(3), "memory")
    assert shifted.ii_reason is not None
    assert "'A': 3 reads" in shifted.ii_reason


def test_own_unroll_of_the_pipelined_loop() -> None:
    # i pipelined and unrolled 4: A[i] for 4 consecutive i per iteration.
    # Unpartitioned: 4 reads on one bank, II 2; cyclic 2: 2 per bank, II 1.
    text = """
func.func @f(%A: memref<64xf32LAYOUT>,
             %out: memref<64xf32, #fpga.partition<[complete]>>) {
  affine.for %i = 0 to 64 {
    %a = affine.load %A[%i] : memref<64xf32LAYOUT>
    affine.store %a, %out[%i] : memref<64xf32, #fpga.partition<[complete]>>
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64, fpga.unroll = 4 : i64}
  return
}
"""
    plain = loop(run(text.replace("LAYOUT", "")), "i")
    assert plain.ii == port_ii(4)
    layout = ", #fpga.partition<[cyclic 2]>"
    assert loop(run(text.replace("LAYOUT", layout)), "i").ii == port_ii(2)


# k pipelined; i and j fully unrolled inside it: 64 x 64 = 4096 copies of
# each access. C is complete on dim 1 only: bank i holds row i, which every
# iteration reads and writes at its 64 columns. A (complete on dim 1) is
# read at A[i][k], one address per bank (the 64 copies over j merge); B
# (complete on dim 2) at B[k][j], likewise.
BIG = """
#rows = #fpga.partition<[complete, none]>
#cols = #fpga.partition<[none, complete]>
func.func @f(%A: memref<64x64xf32, #rows>,
             %B: memref<64x64xf32, #cols>,
             %C: memref<64x64xf32, #rows>) {
  affine.for %k = 0 to 64 {
    affine.for %i = 0 to 64 {
      affine.for %j = 0 to 64 {
        %a = affine.load %A[%i, %k] : memref<64x64xf32, #rows>
        %b = affine.load %B[%k, %j] : memref<64x64xf32, #cols>
        %c = affine.load %C[%i, %j] : memref<64x64xf32, #rows>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<64x64xf32, #rows>
      } {loop_name = "j"}
    } {loop_name = "i"}
  } {loop_name = "k", fpga.pipeline_ii = 1 : i64}
  return
}
"""


def test_unroll_64_by_64_is_fast_and_exact() -> None:
    start = time.perf_counter()
    k = loop(run(BIG), "k")
    elapsed = time.perf_counter() - start
    assert (k.ii, k.ii_limit) == (port_ii(64, 64), "memory")
    assert k.ii_reason == (
        f"'C': 64 reads and 64 writes per iteration on a bank with {LOCAL.ports} ports"
    )
    # The enumeration of 4 x 4096 addresses took seconds on its own.
    assert elapsed < 5.0


def test_beyond_the_cap_every_copy_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # A[k mod 2] is not linear in k: enumerated. Its 8 copies hit 2 distinct
    # addresses: II 1. With the cap below 8, the model assumes the worst
    # case: 8 distinct addresses on one bank, II 4.
    text = """
#mod2 = affine_map<(d0) -> (d0 mod 2)>
func.func @f(%A: memref<2xf32>, %out: memref<8xf32, #fpga.partition<[complete]>>) {
  affine.for %i = 0 to 64 {
    affine.for %k = 0 to 8 {
      %a = affine.load %A[%k mod 2] : memref<2xf32>
      affine.store %a, %out[%k] : memref<8xf32, #fpga.partition<[complete]>>
    } {loop_name = "k"}
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
"""
    assert loop(run(text), "i").ii == 1
    monkeypatch.setattr(banks, "MAX_ENUMERATION", 4)
    assert loop(run(text), "i").ii == port_ii(8)


# --- random strides and partitions against a brute-force count ----------------

RANDOM = """
#regs = #fpga.partition<[complete, complete]>
func.func @f(%A: memref<{rows}x{cols}xf32{layout}>,
             %out: memref<{n}x{m}xf32, #regs>) {{
  affine.for %i = 0 to 16 {{
    affine.for %k = 0 to {n} {{
      affine.for %l = 0 to {m} {{
        %a = affine.load %A[{s0}, {s1}] : memref<{rows}x{cols}xf32{layout}>
        %b = affine.load %A[{t0}, {t1}] : memref<{rows}x{cols}xf32{layout}>
        %s = arith.addf %a, %b : f32
        affine.store %s, %out[%k, %l] : memref<{n}x{m}xf32, #regs>
      }} {{loop_name = "l"}}
    }} {{loop_name = "k"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
"""


def _bank(value: int, size: int, kind: str, factor: int) -> int:
    if kind == "complete":
        return value
    if kind == "cyclic":
        return value % factor
    if kind == "block":
        return value // ceil(size / factor)
    return 0


def _brute_force_ii(
    subs: list[tuple[tuple[int, int, int], tuple[int, int, int]]],
    n: int,
    m: int,
    shape: tuple[int, int],
    parts: list[tuple[str, int]],
) -> int:
    """
    Every copy (k, l) of each access at i = 0, its bank; distinct
    addresses per bank; the II of the busiest bank."""
    banks: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for dims in subs:
        for k in range(n):
            for ll in range(m):
                address = tuple(c0 + ck * k + cl * ll for c0, ck, cl in dims)
                bank = tuple(
                    _bank(v, size, kind, f)
                    for v, size, (kind, f) in zip(address, shape, parts, strict=True)
                )
                banks.setdefault(bank, set()).add(address)  # type: ignore[arg-type]
    return max(port_ii(len(a)) for a in banks.values())


def _subscript(c0: int, ck: int, cl: int) -> str:
    return f"{c0} + {ck} * %k + {cl} * %l"


def test_random_strides_match_a_brute_force_count() -> None:
    rng = random.Random(7)
    kinds = ["none", "cyclic", "block", "complete"]
    for _ in range(40):
        n, m = rng.choice([1, 2, 3, 4, 8]), rng.choice([1, 2, 4, 6])
        subs = [
            tuple(
                (rng.randint(0, 2), rng.choice([0, 0, 1, 2, 3]), rng.choice([0, 1, 2]))
                for _ in range(2)
            )
            for _ in range(2)
        ]
        shape = (
            max(3 + d[0][1] * n + d[0][2] * m for d in subs),
            max(3 + d[1][1] * n + d[1][2] * m for d in subs),
        )
        parts = [(kind, rng.choice([2, 3, 4])) for kind in rng.choices(kinds, k=2)]
        if all(kind == "complete" for kind, _ in parts):
            parts[0] = ("none", 0)
        text = ", ".join(
            kind if kind in ("none", "complete") else f"{kind} {f}" for kind, f in parts
        )
        layout = f", #fpga.partition<[{text}]>" if text != "none, none" else ""
        (s0, s1), (t0, t1) = ([_subscript(*d) for d in dims] for dims in subs)
        source = RANDOM.format(
            rows=shape[0],
            cols=shape[1],
            layout=layout,
            n=n,
            m=m,
            s0=s0,
            s1=s1,
            t0=t0,
            t1=t1,
        )
        expected = _brute_force_ii(subs, n, m, shape, parts)  # type: ignore[arg-type]
        got = loop(run(source), "i")
        assert got.ii == expected, (subs, n, m, shape, parts)
