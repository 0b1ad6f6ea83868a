"""
verify_schedule: a schedule that keeps what the kernel computes passes
C simulation against the unscheduled kernel; a kernel or schedule that
changes it fails with the outputs that differ and by how much."""

from __future__ import annotations

from pathlib import Path

import pytest

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.sim.schedule_check import (
    apply_schedule_text,
    compare_csim,
    verify_schedule,
)

KERNELS = Path(__file__).parent.parent / "kernels"
GEMM = (KERNELS / "gemm_f32.mlir").read_text()
BLUR = (KERNELS / "blur1d.mlir").read_text()

# examples/gemm.yaml's schedule at 8x8: reorder, row buffer, partitions,
# unrolls, pipeline, then the fpga pipeline's passes.
GEMM_SCHEDULE = """\
include: [fpga]
schedule:
  gemm:
    - reorder: {loops: [k, j]}
    - buffer_at: {buffer: C, loop: i}
    - partition: {buffer: C_buf, kind: complete, dim: 1}
    - partition: {buffer: B, kind: complete, dim: 2}
    - split: {loop: k, factor: 4}
    - unroll: {loop: j_init, factor: 0}
    - pipeline: {loop: k.inner, ii: 1}
"""

BLUR_SCHEDULE = """\
schedule:
  blur1d:
    - reuse_at: {buffer: A, loop: x}
    - pipeline: {loop: x}
"""


def parse(text: str):
    return read_mlir(make_context(), text, "k.mlir")


@pytest.mark.needs("g++", "hls4ml")
def test_correct_schedules_pass() -> None:
    verify_schedule(GEMM, GEMM_SCHEDULE, filename="gemm.mlir")
    verify_schedule(BLUR, BLUR_SCHEDULE, filename="blur1d.mlir", top="blur1d", seed=3)


@pytest.mark.needs("g++", "hls4ml")
def test_a_lossy_schedule_fails() -> None:
    # The row buffer of C in fixed<12,6>: each of the 9 stores into it (the
    # copy-in, then 8 accumulations of values below 9 in magnitude, in
    # range) truncates by less than 2**-6; only C differs.
    lossy = """\
schedule:
  gemm:
    - buffer_at: {buffer: C, loop: i}
    - quantize: {buffer: C_buf, type: "fixed<12,6>"}
"""
    with pytest.raises(AlloError) as e:
        verify_schedule(GEMM, lossy, filename="gemm.mlir")
    message = e.value.message
    assert message.startswith("the schedule changes what '@gemm' computes")
    assert message.split("outputs that differ from the unscheduled kernel's: ")[
        1
    ].startswith("%C (max error ")
    assert "%A" not in message
    assert "%B" not in message
    assert 0 < max_error(message, "%C") < 9 / 64


def max_error(message: str, output: str) -> float:
    return float(message.split(f"{output} (max error ")[1].split(")")[0])


@pytest.mark.needs("g++", "hls4ml")
def test_a_changed_operator_fails_and_names_the_output() -> None:
    # The same schedule on a kernel whose reduction subtracts: C differs, and
    # the inputs stay as they were.
    wrong = GEMM.replace("arith.addf %c, %p", "arith.subf %c, %p")
    assert wrong != GEMM
    ctx = make_context()
    scheduled = read_mlir(ctx, wrong, "gemm.mlir")
    apply_schedule_text(ctx, scheduled, GEMM_SCHEDULE)
    with pytest.raises(AlloError) as e:
        compare_csim(parse(GEMM), scheduled, seed=1)
    message = e.value.message
    assert message.startswith("the schedule changes what '@gemm' computes")
    assert "seed 1" in message
    assert "%C (max error " in message
    assert "%A" not in message
    assert "%B" not in message
    # |C + AB - (C - AB)| = 2|AB| <= 2 * 8 (products of values in [-1, 1)).
    assert 0 < max_error(message, "%C") <= 16
    assert str(e.value.location).startswith("gemm.mlir:2:")


@pytest.mark.needs("g++", "hls4ml")
def test_an_off_by_one_access_fails() -> None:
    # The stencil reads A[x] where it should read A[x + 2]: B differs.
    wrong = BLUR.replace("%A[%x + 2]", "%A[%x]")
    with pytest.raises(AlloError, match=r"kernel's: %B \(max error [0-9.e+-]+\)$"):
        compare_csim(parse(BLUR), parse(wrong), top="blur1d")


def test_errors_in_the_schedule_point_into_it() -> None:
    bad = "schedule:\n  gemm:\n    - pipeline: {loop: q}\n"
    with pytest.raises(AlloError) as e:
        verify_schedule(GEMM, bad, filename="gemm.mlir")
    assert "unknown loop 'q'" in e.value.message
    assert e.value.location is not None
    assert e.value.location.file == "<schedule>"
    assert e.value.location.line == 3
    with pytest.raises(AlloError) as e:
        verify_schedule(GEMM, "schedule: [", filename="gemm.mlir")
    assert str(e.value).startswith("<schedule>:1:")
