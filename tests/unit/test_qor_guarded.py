"""
The QoR model on operations under an `affine.if` / `scf.if` in a pipelined
body with unrolled copies: Vitis builds both branches of every copy (the
worst-case branch sets the depth), except the copies whose guard reads an
unrolled induction variable alone (a constant per copy, folded away).
Expectations are derived by hand from the device table's constants; none is
copied from the model's output."""

from __future__ import annotations

from math import ceil

import pytest

from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.qor import Estimate, LoopReport, estimate, load_device

U280 = load_device("u280")
FADD = U280.operators["fadd"].latency
FADD_MIN = U280.operators["fadd"].min_latency
FMUL = U280.operators["fmul"].latency
FADD_DSP = U280.operators["fadd"].dsp
FMUL_DSP = U280.operators["fmul"].dsp
# T's banks (16 x 32 bits) are under the LUTRAM threshold.
assert int(U280.memory["lutram_max_bits"]) >= 16 * 32
READ = U280.read_latency("lutram")
WRITE = U280.write_latency("lutram")
PIPE = U280.overheads["pipeline"]
READ_PORTS = U280.ports[str(U280.memory["default_local"])].read

T = "memref<16x8xf32, #fpga.partition<[none, complete]>>"
"""8 banks, one per column: the 8 copies of j never share a bank."""
W = "memref<2xf32, #fpga.partition<[complete]>>"
SETS = """
#ge2 = affine_set<(d0) : (d0 - 2 >= 0)>
#ge6 = affine_set<(d0) : (d0 - 6 >= 0)>
"""


def run(text: str) -> Estimate:
    return estimate(read_mlir(make_context(), SETS + text, "k.mlir"))


def loop(result: Estimate, name: str) -> LoopReport:
    return next(lp for lp in result.functions["f"].loops if lp.name == name)


def dsp(result: Estimate) -> int:
    return result.functions["f"].resources.dsp


def test_guarded_ops_count_in_every_copy_and_in_the_depth() -> None:
    # The guard reads i (pipelined, not unrolled): all 8 copies of j hold an
    # fadd and an fmul of their own operands; at II=1 every op has a core.
    result = run(f"""
func.func @f(%A: {T}, %C: {T}) {{
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      affine.if #ge2(%i) {{
        %a = affine.load %A[%i, %j] : {T}
        %s = arith.addf %a, %two : f32
        %p = arith.mulf %s, %a : f32
        affine.store %p, %C[%i, %j] : {T}
      }}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    i = loop(result, "i")
    assert (i.ii, i.ii_limit) == (1, "target")
    assert dsp(result) == 8 * (FADD_DSP + FMUL_DSP)
    # The copies run side by side: one guarded chain is the depth.
    depth = READ + FADD + FMUL + WRITE
    assert i.depth == depth
    assert i.latency == depth + 1 * (16 - 1) + PIPE


@pytest.mark.parametrize(("guard", "live"), [("%i", 8), ("%j", 2)])
def test_guarded_accesses_count_toward_the_ports(guard: str, live: int) -> None:
    # B is one bank with READ_PORTS (2) read ports. Guarded by i, the 8 copies of the
    # read all run: II = ceil(8 / 2). Guarded by j >= 6, only copies 6 and 7
    # remain after unrolling: ceil(2 / 2).
    result = run(f"""
func.func @f(%B: memref<16x8xf32>, %C: {T}) {{
  affine.for %i = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      affine.if #ge6({guard}) {{
        %b = affine.load %B[%i, %j] : memref<16x8xf32>
        affine.store %b, %C[%i, %j] : {T}
      }}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    assert loop(result, "i").ii == max(1, ceil(live / READ_PORTS))


@pytest.mark.parametrize(("guard", "live"), [("%i", 8), ("%j", 6)])
def test_a_window_shifted_by_the_copies_is_not_one_value(guard: str, live: int) -> None:
    # jacobi-2d's reuse window: each copy of j shifts w and reads it at
    # constant addresses, so each copy adds different values: one fadd and
    # one fmul per live copy (copies j = 0, 1 fold away under j >= 2). The
    # window moves are register copies, no core: II = 1.
    result = run(f"""
func.func @f(%A: {T}, %C: {T}) {{
  %two = arith.constant 2.0 : f32
  %w = memref.alloc() : {W}
  affine.for %i = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      %a = affine.load %A[%i, %j] : {T}
      %o = affine.load %w[1] : {W}
      affine.store %o, %w[0] : {W}
      affine.store %a, %w[1] : {W}
      affine.if #ge2({guard}) {{
        %x = affine.load %w[0] : {W}
        %y = affine.load %w[1] : {W}
        %s = arith.addf %x, %y : f32
        %p = arith.mulf %s, %two : f32
        affine.store %p, %C[%i, %j] : {T}
      }}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    assert loop(result, "i").ii == 1
    assert dsp(result) == live * (FADD_DSP + FMUL_DSP)


def test_a_guard_on_an_unrolled_iv_keeps_each_branch_in_its_copies() -> None:
    # j >= 2 holds in copies 2..7 (6 fadds) and fails in copies 0, 1 (2 fmuls).
    result = run(f"""
func.func @f(%A: {T}, %C: {T}) {{
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      %a = affine.load %A[%i, %j] : {T}
      affine.if #ge2(%j) {{
        %s = arith.addf %a, %two : f32
        affine.store %s, %C[%i, %j] : {T}
      }} else {{
        %p = arith.mulf %a, %two : f32
        affine.store %p, %C[%i, %j] : {T}
      }}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    assert loop(result, "i").ii == 1
    assert dsp(result) == 6 * FADD_DSP + 2 * FMUL_DSP


def test_both_branches_of_an_scf_if_are_built() -> None:
    # The condition reads i only: every copy holds both branches (an fadd and
    # an fmul) and the fmul of the if's result, which differs per copy since
    # the branches read A[i][j]. Depth: a read, the longer branch (the fadd),
    # the fmul, a write.
    assert FADD >= FMUL
    result = run(f"""
func.func @f(%A: {T}, %C: {T}) {{
  %two = arith.constant 2.0 : f32
  %c2 = arith.constant 2 : index
  affine.for %i = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      %a = affine.load %A[%i, %j] : {T}
      %c = arith.cmpi sge, %i, %c2 : index
      %r = scf.if %c -> (f32) {{
        %s = arith.addf %a, %two : f32
        scf.yield %s : f32
      }} else {{
        %m = arith.mulf %a, %two : f32
        scf.yield %m : f32
      }}
      %q = arith.mulf %r, %two : f32
      affine.store %q, %C[%i, %j] : {T}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    i = loop(result, "i")
    assert i.ii == 1
    assert dsp(result) == 8 * (FADD_DSP + FMUL_DSP + FMUL_DSP)
    assert i.depth == READ + FADD + FMUL + WRITE


def test_a_recurrence_through_an_scf_if() -> None:
    # acc -> fadd -> yield of the if -> the loop's yield: a carried fadd at
    # its shortest latency bounds the II.
    result = run("""
func.func @f(%A: memref<64xf32>, %out: memref<1xf32>) {
  %zero = arith.constant 0.0 : f32
  %r = affine.for %k = 0 to 64 iter_args(%acc = %zero) -> (f32) {
    %a = affine.load %A[%k] : memref<64xf32>
    %c = arith.cmpf ogt, %a, %zero : f32
    %n = scf.if %c -> (f32) {
      %s = arith.addf %acc, %a : f32
      scf.yield %s : f32
    } else {
      scf.yield %acc : f32
    }
    affine.yield %n : f32
  } {loop_name = "k", fpga.pipeline_ii = 1 : i64}
  affine.store %r, %out[0] : memref<1xf32>
  return
}
""")
    k = loop(result, "k")
    assert (k.ii, k.ii_limit) == (FADD_MIN, "recurrence")
    assert k.ii_reason == f"acc: arith.addf chain of {FADD_MIN} cycles, distance 1"


def test_what_follows_a_guarded_loop_waits_for_it() -> None:
    # Outside a pipeline a loop is a state of its own, guarded or not: the
    # read-add-write after the if starts when the loop ends. The loop: 8
    # iterations of a write and the iteration overhead (not pipelined:
    # 8 <= the auto-pipeline threshold).
    assert U280.defaults["auto_pipeline_trip"] >= 8
    result = run("""
func.func @f(%A: memref<8xf32>, %out: memref<1xf32>, %n: index) {
  %one = arith.constant 1.0 : f32
  affine.if #ge2(%n) {
    affine.for %k = 0 to 8 {
      affine.store %one, %A[%k] : memref<8xf32>
    } {loop_name = "k"}
  }
  %x = affine.load %out[0] : memref<1xf32>
  %y = arith.addf %x, %one : f32
  affine.store %y, %out[0] : memref<1xf32>
  return
}
""")
    k = 8 * (WRITE + U280.overheads["loop_iteration"])
    assert loop(result, "k").latency == k
    assert result.functions["f"].latency == k + READ + FADD + WRITE
