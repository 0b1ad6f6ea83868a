"""
The QoR model, one rule per test, on small kernels. Every expectation is
derived by hand in the test from the device table's constants (named below)
and the rule under test; none is copied from the model's output."""

from __future__ import annotations

from math import ceil

import pytest

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.qor import Estimate, LoopReport, estimate, load_device

U280 = load_device("u280")
FADD = U280.operators["fadd"].latency  # a chained fp add
FADD_MIN = U280.operators["fadd"].min_latency  # an fp add on a recurrence
FMUL = U280.operators["fmul"].latency
FADD_DSP = U280.operators["fadd"].dsp
FMUL_DSP = U280.operators["fmul"].dsp
READ = U280.read_latency("bram")
WRITE = U280.write_latency("bram")
PIPE = U280.overheads["pipeline"]
ITER = U280.overheads["loop_iteration"]
CALL = U280.overheads["call"]
DATAFLOW = U280.overheads["dataflow"]
AUTO = U280.defaults["auto_pipeline_trip"]


def run(text: str) -> Estimate:
    return estimate(read_mlir(make_context(), text, "k.mlir"))


def loop(result: Estimate, fn: str, name: str) -> LoopReport:
    return next(lp for lp in result.functions[fn].loops if lp.name == name)


def test_device_table_and_unknown_device() -> None:
    assert U280.clock_ns == 3.33
    assert U280.totals["dsp"] == 9024
    assert U280.totals["bram18k"] == 4032
    with pytest.raises(AlloError, match="unknown device 'nope'; known devices: u280"):
        load_device("nope")


# --- memory ports -------------------------------------------------------------

FOUR_READS = """
func.func @f(%A: memref<64x4xf32{layout}>, %out: memref<64xf32>) {{
  affine.for %i = 0 to 64 {{
    %a0 = affine.load %A[%i, 0] : memref<64x4xf32{layout}>
    %a1 = affine.load %A[%i, 1] : memref<64x4xf32{layout}>
    %a2 = affine.load %A[%i, 2] : memref<64x4xf32{layout}>
    %a3 = affine.load %A[%i, 3] : memref<64x4xf32{layout}>
    %s = arith.addf %a0, %a1 : f32
    %t = arith.addf %a2, %a3 : f32
    %u = arith.addf %s, %t : f32
    affine.store %u, %out[%i] : memref<64xf32>
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
"""


def test_port_limited_ii() -> None:
    # 4 reads of one 2-port bank per iteration: II = ceil(4 / 2) = 2.
    result = run(FOUR_READS.format(layout=""))
    i = loop(result, "f", "i")
    assert (i.ii_target, i.ii, i.ii_limit) == (1, 2, "memory")
    # depth: a read, two chained adds, a write.
    depth = READ + 2 * FADD + WRITE
    assert i.depth == depth
    assert i.latency == depth + 2 * (64 - 1) + PIPE
    assert result.functions["f"].latency == i.latency
    (warning,) = result.warnings
    assert warning.location is not None
    assert warning.location.line == 3
    assert "'A' has 1 bank with 2 ports and 4 accesses per iteration" in warning.message
    assert "partition A cyclic 2 on dim 2" in warning.message


def test_partition_spreads_accesses() -> None:
    # cyclic 2 on dim 2: columns 0,2 in bank 0 and 1,3 in bank 1, two reads
    # each: II = 1; complete: registers, no port limit.
    for layout in (
        ", #fpga.partition<[none, cyclic 2]>",
        ", #fpga.partition<[none, complete]>",
    ):
        result = run(FOUR_READS.format(layout=layout))
        i = loop(result, "f", "i")
        assert (i.ii, i.ii_limit) == (1, "target")
        assert result.warnings == []


# --- recurrences ----------------------------------------------------------------

ROW_ACCUMULATE = """
func.func @f(%A: memref<64x32xf32, #fpga.partition<[none, complete]>>,
             %s: memref<32xf32, #fpga.partition<[complete]>>) {
  affine.for %i = 0 to 64 {
    affine.for %j = 0 to 32 {
      %a = affine.load %A[%i, %j] : memref<64x32xf32, #fpga.partition<[none, complete]>>
      %c = affine.load %s[%j] : memref<32xf32, #fpga.partition<[complete]>>
      %n = arith.addf %c, %a : f32
      affine.store %n, %s[%j] : memref<32xf32, #fpga.partition<[complete]>>
    } {loop_name = "j"}
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
"""


def test_recurrence_ii_in_registers() -> None:
    # s[j] is read and written in every iteration of i (distance 1), in
    # registers (0-cycle access): II = one add at its shortest latency.
    result = run(ROW_ACCUMULATE)
    i = loop(result, "f", "i")
    assert (i.ii, i.ii_limit) == (FADD_MIN, "recurrence")
    # j is unrolled (inside a pipeline): 32 independent adds in parallel.
    depth = READ + FADD_MIN
    assert i.depth == depth
    assert i.latency == depth + FADD_MIN * (64 - 1) + PIPE
    (warning,) = result.warnings
    assert warning.message == (
        f"loop 'i' cannot reach II=1: 's' is read and written through arith.addf "
        f"({FADD_MIN} cycles) with distance 1, so II={FADD_MIN}; ask for "
        f"II={FADD_MIN}, or pipeline a loop inside 'i' instead so that each value "
        f"comes back {FADD_MIN} or more iterations later"
    )


def test_recurrence_ii_through_a_bram_bank() -> None:
    # sum[0] in a RAM bank: read, add, write before the next read.
    result = run("""
func.func @f(%A: memref<64xf32>, %sum: memref<1xf32>) {
  affine.for %i = 0 to 64 {
    %a = affine.load %A[%i] : memref<64xf32>
    %c = affine.load %sum[0] : memref<1xf32>
    %n = arith.addf %c, %a : f32
    affine.store %n, %sum[0] : memref<1xf32>
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
""")
    assert loop(result, "f", "i").ii == READ + FADD_MIN + WRITE
    # In a RAM, partitioning it into registers would shorten the chain.
    assert result.warnings[0].message.endswith(
        "reorder so the reduction loop is outside, or accumulate in a "
        "partitioned buffer"
    )


def test_recurrence_distance_divides_the_chain() -> None:
    # A[i] = A[i - 2] + 1: the value comes back 2 iterations later, so
    # II = ceil((read + add + write) / 2).
    result = run("""
func.func @f(%A: memref<66xf32>) {
  %one = arith.constant 1.0 : f32
  affine.for %i = 2 to 66 {
    %a = affine.load %A[%i - 2] : memref<66xf32>
    %n = arith.addf %a, %one : f32
    affine.store %n, %A[%i] : memref<66xf32>
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
""")
    assert loop(result, "f", "i").ii == ceil((READ + FADD_MIN + WRITE) / 2)


def test_iteration_argument_recurrence_and_mac_dsps() -> None:
    # acc carried through iter_args: II = the add; one fmul and one fadd,
    # each core serving II operations: ceil(1 / II) cores of each.
    result = run("""
func.func @f(%A: memref<64xf32>, %B: memref<64xf32>, %out: memref<1xf32>) {
  %zero = arith.constant 0.0 : f32
  %r = affine.for %k = 0 to 64 iter_args(%acc = %zero) -> (f32) {
    %a = affine.load %A[%k] : memref<64xf32>
    %b = affine.load %B[%k] : memref<64xf32>
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    affine.yield %s : f32
  } {loop_name = "k", fpga.pipeline_ii = 1 : i64}
  affine.store %r, %out[0] : memref<1xf32>
  return
}
""")
    k = loop(result, "f", "k")
    assert (k.ii, k.ii_limit) == (FADD_MIN, "recurrence")
    assert result.functions["f"].resources.dsp == FMUL_DSP + FADD_DSP


def test_unrolled_macs_need_a_core_each() -> None:
    # 8 MACs per iteration at II=1 (registers, no recurrence): 8 of each core.
    result = run("""
func.func @f(%A: memref<16x8xf32, #fpga.partition<[none, complete]>>,
             %B: memref<8xf32, #fpga.partition<[complete]>>,
             %C: memref<16x8xf32, #fpga.partition<[none, complete]>>) {
  affine.for %i = 0 to 16 {
    affine.for %j = 0 to 8 {
      %a = affine.load %A[%i, %j] : memref<16x8xf32, #fpga.partition<[none, complete]>>
      %b = affine.load %B[%j] : memref<8xf32, #fpga.partition<[complete]>>
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %p, %b : f32
      affine.store %s, %C[%i, %j] : memref<16x8xf32, #fpga.partition<[none, complete]>>
    } {loop_name = "j"}
  } {loop_name = "i", fpga.pipeline_ii = 1 : i64}
  return
}
""")
    assert loop(result, "f", "i").ii == 1
    assert result.functions["f"].resources.dsp == 8 * (FMUL_DSP + FADD_DSP)


# --- unroll -------------------------------------------------------------------

UNROLLED = """
func.func @f(%A: memref<64xf32{layout}>,
             %B: memref<64xf32, #fpga.partition<[complete]>>) {{
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 64 {{
    %a = affine.load %A[%i] : memref<64xf32{layout}>
    %m = arith.mulf %a, %two : f32
    affine.store %m, %B[%i] : memref<64xf32, #fpga.partition<[complete]>>
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64, fpga.unroll = 4 : i64}}
  return
}}
"""


def test_unroll_under_port_limits() -> None:
    # 4 copies per iteration, 64 / 4 = 16 iterations. One 2-port bank for
    # 4 reads: II = 2; cyclic 2: two reads per bank, II = 1.
    depth = READ + FMUL  # the store goes to registers (0 cycles)
    for layout, ii in (("", 2), (", #fpga.partition<[cyclic 2]>", 1)):
        i = loop(run(UNROLLED.format(layout=layout)), "f", "i")
        assert i.ii == ii
        assert i.latency == depth + ii * (16 - 1) + PIPE


# --- loop nests ---------------------------------------------------------------


def test_unpipelined_nest() -> None:
    # Trip counts below Vitis's auto-pipeline threshold: nothing pipelined.
    # j: 8 x (read + add + write + iteration overhead); i: 4 x (j + overhead).
    assert AUTO >= 8
    result = run("""
func.func @f(%A: memref<4x8xf32>) {
  %one = arith.constant 1.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 8 {
      %a = affine.load %A[%i, %j] : memref<4x8xf32>
      %n = arith.addf %a, %one : f32
      affine.store %n, %A[%i, %j] : memref<4x8xf32>
    } {loop_name = "j"}
  } {loop_name = "i"}
  return
}
""")
    j_latency = 8 * (READ + FADD + WRITE + ITER)
    assert loop(result, "f", "j").latency == j_latency
    assert loop(result, "f", "i").latency == 4 * (j_latency + ITER)
    assert result.functions["f"].latency == 4 * (j_latency + ITER)
    assert not loop(result, "f", "j").pipelined


NEST = """
func.func @f(%A: memref<4x100xf32>, %B: memref<4x100xf32>, %C: memref<4xf32>) {{
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 4 {{
    affine.for %j = 0 to 100 {{
      %a = affine.load %A[%i, %j] : memref<4x100xf32>
      %m = arith.mulf %a, %two : f32
      affine.store %m, %B[%i, %j] : memref<4x100xf32>
    }} {{loop_name = "j"{hint}}}
    {extra}
  }} {{loop_name = "i"}}
  return
}}
"""


def test_auto_pipelined_inner_loop_is_flattened() -> None:
    # j (100 > threshold trips, no pragma) is pipelined at II=1 by Vitis's
    # default and, being i's only content, flattened with it: 400 trips.
    assert AUTO < 100
    result = run(NEST.format(hint="", extra=""))
    j, i = loop(result, "f", "j"), loop(result, "f", "i")
    assert j.auto
    assert j.pipelined
    assert j.ii == 1
    depth = READ + FMUL + WRITE
    assert i.flattened
    assert i.trip_count == 400
    assert i.latency == depth + 1 * (400 - 1) + PIPE


def test_pipelined_inner_loop_in_an_imperfect_nest() -> None:
    # A store next to j keeps the nest imperfect: i pays j's latency, the
    # store (after j, in sequence) and its iteration overhead per row.
    extra = "affine.store %two, %C[%i] : memref<4xf32>"
    result = run(NEST.format(hint=", fpga.pipeline_ii = 1 : i64", extra=extra))
    depth = READ + FMUL + WRITE
    j_latency = depth + (100 - 1) + PIPE
    assert loop(result, "f", "j").latency == j_latency
    assert loop(result, "f", "i").latency == 4 * (j_latency + WRITE + ITER)


# --- dataflow -------------------------------------------------------------------

PRODUCER_CONSUMER = """
func.func @prod(%t: {channel}) {{
  %c = arith.constant 1.0 : f32
  affine.for %i = 0 to 64 {{
    {put}
  }} {{loop_name = "p", fpga.pipeline_ii = 1 : i64}}
  return
}}
func.func @cons(%t: {channel}, %o: memref<64xf32>) {{
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 64 {{
    {get}
    %m = arith.mulf %v, %two : f32
    affine.store %m, %o[%i] : memref<64xf32>
  }} {{loop_name = "c", fpga.pipeline_ii = 1 : i64}}
  return
}}
func.func @top(%o: memref<64xf32>) attributes {{fpga.dataflow}} {{
  {create}
  func.call @prod(%t) : ({channel}) -> ()
  func.call @cons(%t, %o) : ({channel}, memref<64xf32>) -> ()
  return
}}
"""

ARRAY = {
    "channel": "memref<64xf32>",
    "put": "affine.store %c, %t[%i] : memref<64xf32>",
    "get": "%v = affine.load %t[%i] : memref<64xf32>",
    "create": "%t = memref.alloc() : memref<64xf32>",
}
FIFO = {
    "channel": "!fpga.stream<f32, 4>",
    "put": "fpga.stream_put %t, %c : !fpga.stream<f32, 4>",
    "get": "%v = fpga.stream_get %t : !fpga.stream<f32, 4>",
    "create": "%t = fpga.stream_create : !fpga.stream<f32, 4>",
}


def test_dataflow_array_runs_back_to_back() -> None:
    result = run(PRODUCER_CONSUMER.format(**ARRAY))
    producer = WRITE + (64 - 1) + PIPE  # depth: one store
    consumer = READ + FMUL + WRITE + (64 - 1) + PIPE
    assert result.functions["prod"].latency == producer
    assert result.functions["cons"].latency == consumer
    top = result.functions["top"]
    # A plain array (ping-pong): the consumer starts when the producer ends.
    assert top.latency == (producer + CALL) + (consumer + CALL) + DATAFLOW
    assert top.interval == consumer + CALL


def test_dataflow_fifo_overlaps() -> None:
    result = run(PRODUCER_CONSUMER.format(**FIFO))
    consumer = result.functions["cons"].latency
    producer = result.functions["prod"].latency
    # A FIFO: the processes overlap; the region ends with the slower one.
    assert result.functions["top"].latency == max(producer, consumer) + CALL + DATAFLOW


# --- resources ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "bram"),
    [
        ("", 2),  # 1024 words of 32 bits: 2 blocks of 512x36
        (", #fpga.partition<[cyclic 4]>", 4),  # 4 banks of 256 words
        (", #fpga.partition<[complete]>", 0),  # registers
    ],
)
def test_bram_per_bank(layout: str, bram: int) -> None:
    result = run(f"""
func.func @f(%out: memref<1xf32>) {{
  %zero = arith.constant 0 : index
  %buf = memref.alloc() : memref<1024xf32{layout}>
  %v = memref.load %buf[%zero] : memref<1024xf32{layout}>
  memref.store %v, %out[%zero] : memref<1xf32>
  return
}}
""")
    used = result.functions["f"].resources
    assert used.bram18k == bram
    assert used.registers == (1024 * 32 if bram == 0 else 0)
    assert used.lut is None
    assert used.ff is None


def test_does_not_fit() -> None:
    # 4,000 unrolled f32 multiplies at II=1: 4,000 x FMUL_DSP = 12,000 DSPs > 9,024.
    t = "memref<4x4000xf32, #fpga.partition<[none, complete]>>"
    result = run(f"""
func.func @f(%A: {t}) {{
  affine.for %i = 0 to 4 {{
    affine.for %j = 0 to 4000 {{
      %a = affine.load %A[%i, %j] : {t}
      %m = arith.mulf %a, %a : f32
      affine.store %m, %A[%i, %j] : {t}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    assert result.resources.dsp == 4000 * FMUL_DSP
    assert not result.fits
    assert result.to_json()["fits"] is False


def test_json_keys() -> None:
    result = run(FOUR_READS.format(layout=""))
    data = result.to_json()
    assert data["model"] == "allo-xdsl-qor 1"
    assert data["device"]["name"] == "u280"
    assert data["device"]["dsp"] == 9024
    assert data["top"] == "f"
    (i,) = data["functions"]["f"]["loops"]
    for key in (
        "name",
        "label",
        "parent",
        "trip_count",
        "pipelined",
        "ii_target",
        "ii",
        "ii_limit",
        "ii_reason",
        "depth",
        "latency",
    ):
        assert key in i
    assert i["ii_limit"] in ("target", "memory", "recurrence", "call")
    assert set(data["functions"]["f"]) >= {"latency", "interval", "resources", "loops"}


# --- Vitis's defaults, calls, flattening ----------------------------------------

EIGHT_WRITES = """
func.func @f(%A: memref<64x8xf32, #fpga.partition<[none, complete]>>,
             %out: memref<64xf32>{param}) {{
  {alloc}
  affine.for %i = 0 to 64 {{
    affine.for %j = 0 to 8 {{
      %a = affine.load %A[%i, %j] : memref<64x8xf32, #fpga.partition<[none, complete]>>
      affine.store %a, %buf[%j] : memref<8xf32>
    }} {{loop_name = "j"}}
    %b = affine.load %buf[0] : memref<8xf32>
    affine.store %b, %out[%i] : memref<64xf32>
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
"""


def test_local_arrays_are_partitioned_automatically() -> None:
    # 8 writes and 1 read per iteration of buf. A top-level port keeps its
    # one true-dual-port bank: II = ceil(9 / 2) = 5; a local array without a
    # partition is spread by Vitis (throughput-driven partitioning): II = 1.
    port = run(EIGHT_WRITES.format(param=", %buf: memref<8xf32>", alloc=""))
    assert loop(port, "f", "i").ii == 5
    # The fix: ceil(9 / 2) = 5 banks, rounded up to a divisor of 8: 8 banks
    # of one element, i.e. a complete partition.
    assert port.warnings[0].message.endswith("partition buf complete on dim 1")
    local = run(
        EIGHT_WRITES.format(param="", alloc="%buf = memref.alloc() : memref<8xf32>")
    )
    assert loop(local, "f", "i").ii == 1
    assert local.warnings == []


CALLER = """
func.func @g(%x: memref<64xf32>, %y: memref<64xf32>, %k: index){attrs} {{
  %v = memref.load %x[%k] : memref<64xf32>
  %m = arith.mulf %v, %v : f32
  memref.store %m, %y[%k] : memref<64xf32>
  return
}}
func.func @f(%x: memref<64xf32>, %y: memref<64xf32>) {{
  affine.for %i = 0 to 64 {{
    func.call @g(%x, %y, %i) : (memref<64xf32>, memref<64xf32>, index) -> ()
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
"""


def test_a_call_bounds_the_ii_unless_inlined() -> None:
    # g: read, multiply, write; a called function starts again every
    # (latency + 1) cycles.
    g = READ + FMUL + WRITE
    called = run(CALLER.format(attrs=""))
    assert called.functions["g"].latency == g
    i = loop(called, "f", "i")
    assert (i.ii, i.ii_limit) == (g + 1, "call")
    inlined = run(CALLER.format(attrs=" attributes {fpga.inline}"))
    assert loop(inlined, "f", "i").ii == 1


ACCUMULATE_ROWS = """
func.func @f(%A: memref<8x{n}xf32, #fpga.partition<[none, complete]>>,
             %acc: memref<{n}xf32, #fpga.partition<[complete]>>) {{
  affine.for %k = 0 to 8 {{
    affine.for %j = 0 to {n} {{
      %a = affine.load %A[%k, %j] : memref<8x{n}xf32, #fpga.partition<[none, complete]>>
      %c = affine.load %acc[%j] : memref<{n}xf32, #fpga.partition<[complete]>>
      %s = arith.addf %c, %a : f32
      affine.store %s, %acc[%j] : memref<{n}xf32, #fpga.partition<[complete]>>
    }} {{loop_name = "j", fpga.pipeline_ii = 1 : i64}}
  }} {{loop_name = "k"}}
  return
}}
"""


@pytest.mark.parametrize("n", [4, 2])
def test_flattened_nest_recurrence_distance(n: int) -> None:
    # k and j flatten into one pipeline of 8 x n iterations; acc[j] (in
    # registers) comes back n iterations later: II = ceil(FADD_MIN / n).
    result = run(ACCUMULATE_ROWS.format(n=n))
    k = loop(result, "f", "k")
    ii = ceil(FADD_MIN / n)
    assert k.flattened
    assert k.trip_count == 8 * n
    assert k.ii == ii
    depth = READ + FADD  # j alone carries nothing: the default add
    assert k.latency == depth + ii * (8 * n - 1) + PIPE


UNROLLED_REDUCTION = """
!a = memref<32x4xf32, #fpga.partition<[complete, complete]>>
!acc = memref<4xf32, #fpga.partition<[complete]>>
func.func @f(%A: !a, %acc: !acc) {{
  affine.for %ko = 0 to 8 {{
    affine.for %j = 0 to 4 {{
      affine.for %ki = 0 to 4 {{
        %a = affine.load %A[%ko * 4 + %ki, %j] : !a
        %c = affine.load %acc[%j] : !acc
        %s = arith.addf %c, %a : f32
        affine.store %s, %acc[%j] : !acc
      }} {{loop_name = "ki", fpga.unroll = 0 : i64}}
    }} {{loop_name = "j"{pipeline}}}
  }} {{loop_name = "ko"{outer}}}
  return
}}
"""


def test_unrolled_reduction_chains_through_its_copies() -> None:
    # A reduction tiled by 4 (ki unrolled inside the pipelined j): each
    # iteration of j adds 4 values to acc[j] one after another, and ko
    # carries acc[j] to the next tile. ko flattens with j (8 x 4 trips);
    # acc[j] comes back 4 iterations later, after a chain of 4 adds (acc in
    # registers: no read latency): II = ceil(4 * FADD_MIN / 4).
    result = run(
        UNROLLED_REDUCTION.format(pipeline=", fpga.pipeline_ii = 1 : i64", outer="")
    )
    ko = loop(result, "f", "ko")
    assert ko.flattened
    assert ko.trip_count == 8 * 4
    assert (ko.ii, ko.ii_limit) == (ceil(4 * FADD_MIN / 4), "recurrence")
    # Pipelined at ko instead (j and ki unrolled inside): acc[j] comes back
    # the next iteration, after the same 4 adds: II = 4 * FADD_MIN.
    result = run(
        UNROLLED_REDUCTION.format(
            pipeline=", fpga.unroll = 0 : i64", outer=", fpga.pipeline_ii = 1 : i64"
        )
    )
    ko = loop(result, "f", "ko")
    assert (ko.ii, ko.ii_limit) == (4 * FADD_MIN, "recurrence")


def test_partial_unroll_without_pipeline() -> None:
    # 4 copies per iteration, 2 iterations; the 4 reads share one 2-port
    # bank: one copy's latency plus one more cycle for the second pair.
    result = run("""
func.func @f(%A: memref<8xf32>, %B: memref<8xf32, #fpga.partition<[complete]>>) {
  %one = arith.constant 1.0 : f32
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    %s = arith.addf %a, %one : f32
    affine.store %s, %B[%i] : memref<8xf32, #fpga.partition<[complete]>>
  } {loop_name = "i", fpga.unroll = 4 : i64}
  return
}
""")
    body = READ + FADD + (ceil(4 / 2) - 1)
    assert loop(result, "f", "i").latency == 2 * (body + ITER)


def test_loop_invariant_products_are_hoisted() -> None:
    # Per k: C[j] += (1.5 * B[j]) * A[k][j] for 8 unrolled j. 1.5 * B[j] does
    # not change with k (B is not written): computed before the pipeline on
    # one shared multiplier. C[j] is carried in registers: II = FADD_MIN, so
    # the 8 remaining multiplies and 8 adds share ceil(8 / II) cores each.
    t = "memref<16x8xf32, #fpga.partition<[none, complete]>>"
    v = "memref<8xf32, #fpga.partition<[complete]>>"
    result = run(f"""
func.func @f(%A: {t}, %B: {v}, %C: {v}) {{
  %s = arith.constant 1.5 : f32
  affine.for %k = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      %b = affine.load %B[%j] : {v}
      %x = arith.mulf %s, %b : f32
      %a = affine.load %A[%k, %j] : {t}
      %p = arith.mulf %x, %a : f32
      %c = affine.load %C[%j] : {v}
      %n = arith.addf %c, %p : f32
      affine.store %n, %C[%j] : {v}
    }} {{loop_name = "j"}}
  }} {{loop_name = "k", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    ii = loop(result, "f", "k").ii
    assert ii == FADD_MIN
    cores = ceil(8 / ii)
    expected = FMUL_DSP + cores * FMUL_DSP + cores * FADD_DSP
    assert result.functions["f"].resources.dsp == expected


def test_unrolled_copies_of_one_value_are_merged() -> None:
    # In each iteration of i, w = 2 * X[i] is the same in the 8 copies of j
    # (it does not depend on j): one multiplier; A[i][j] * w differs per
    # copy: 8 multipliers. II = 1 (registers, nothing carried).
    t = "memref<16x8xf32, #fpga.partition<[none, complete]>>"
    result = run(f"""
func.func @f(%A: {t}, %X: memref<16xf32>, %C: {t}) {{
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 16 {{
    affine.for %j = 0 to 8 {{
      %x = affine.load %X[%i] : memref<16xf32>
      %w = arith.mulf %two, %x : f32
      %a = affine.load %A[%i, %j] : {t}
      %p = arith.mulf %a, %w : f32
      affine.store %p, %C[%i, %j] : {t}
    }} {{loop_name = "j"}}
  }} {{loop_name = "i", fpga.pipeline_ii = 1 : i64}}
  return
}}
""")
    assert loop(result, "f", "i").ii == 1
    assert result.functions["f"].resources.dsp == (1 + 8) * FMUL_DSP


def test_full_unroll_outside_a_pipeline_shares_the_ports() -> None:
    # 8 stores in one region, on one bank with 2 write ports (ram_t2p):
    # the first pair takes a write latency, the 3 other pairs a cycle each.
    assert U280.ports["ram_t2p"].write == 2
    result = run("""
func.func @f(%B: memref<8xf32>) {
  %c = arith.constant 1.0 : f32
  affine.for %i = 0 to 8 {
    affine.store %c, %B[%i] : memref<8xf32>
  } {loop_name = "i", fpga.unroll = 0 : i64}
  return
}
""")
    assert result.functions["f"].latency == WRITE + (ceil(8 / 2) - 1)
    assert result.functions["f"].loops == []  # no loop remains
