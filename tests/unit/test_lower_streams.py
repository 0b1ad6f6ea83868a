"""
`lower-streams` keeps what the program computes: the interpreter runs
every scenario of the streams tests with real FIFOs before and with buffers
and counters after, and gets the same bits. (The circt export of the same
scenarios runs under mlir-runner in test_mlir_runner.py and, for the
integer bands, as RTL in test_rtl.py.)"""

from __future__ import annotations

import numpy as np
import pytest
import test_streams

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.lower_streams import LowerStreamsPass
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("mlir-opt-22", "mlir-runner-22")


def test_interpreter_before_after() -> None:
    before = test_streams.streamed_module()
    after = before.clone()
    LowerStreamsPass().apply(make_context(), after)
    after.verify()
    text = str(after)
    assert "fpga.stream" not in text
    assert "!fpga" not in text
    inputs, flat = test_streams.all_inputs(seed=8)
    old = simulate(before, "all", flat, "interpreter")
    new = simulate(after, "all", flat, "interpreter")
    for k, (x, y) in enumerate(zip(old.args, new.args, strict=True)):
        assert np.array_equal(x, y), f"argument {k} changed by lower-streams"
    test_streams.check_all(new.args, inputs, "interpreter after lower-streams")


def test_an_error_changes_nothing() -> None:
    """
    Everything is checked before anything is rewritten: the stream of
    `@ok` stays when `@orphan`'s parameter cannot be sized."""
    text = """
func.func @ok(%v: i32) -> i32 {
  %s = fpga.stream_create "s" elements 1 : !fpga.stream<i32, 1>
  fpga.stream_put %s, %v : !fpga.stream<i32, 1>
  %w = fpga.stream_get %s : !fpga.stream<i32, 1>
  return %w : i32
}
func.func @orphan(%s: !fpga.stream<i32, 1>) {
  return
}
"""
    module = read_mlir(make_context(), text, "orphan.mlir")
    printed = str(module)
    message = "'@orphan' takes a stream at parameter #0"
    with pytest.raises(AlloError, match=message) as error:
        LowerStreamsPass().apply(make_context(), module)
    location = error.value.location
    assert location is not None
    assert location.line == 8
    assert str(module) == printed
