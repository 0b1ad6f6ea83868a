"""
SSA names keep the input's spelling; the printer never prints two values
of a function under one name; `printed_names` predicts what it prints."""

from dataclasses import dataclass, field
from io import StringIO

import pytest
from xdsl.builder import Builder
from xdsl.dialects import func
from xdsl.ir import Block, SSAValue
from xdsl.printer import Printer
from xdsl.rewriter import InsertPoint

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.ssa_names import fresh_name, printed_names

KERNEL = """
func.func @f(%A_1: memref<4xf32>, %A: memref<4xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %s_1 = affine.for %i = 0 to 4 iter_args(%acc = %zero) -> (f32) {
    %v = affine.load %A_1[%i] : memref<4xf32>
    %s = arith.addf %acc, %v : f32
    affine.yield %s : f32
  }
  affine.for %i_1 = 0 to 4 {
    %v = affine.load %A[%i_1] : memref<4xf32>
    affine.store %v, %A_1[%i_1] : memref<4xf32>
  }
  func.return %s_1 : f32
}
"""


@dataclass
class RecordingPrinter(Printer):
    """Records the name each value is first printed under."""

    names: dict[SSAValue, str] = field(default_factory=dict[SSAValue, str])

    def print_ssa_value(self, value: SSAValue) -> str:
        name = super().print_ssa_value(value)
        self.names.setdefault(value, name)
        return name


def printer_names(fn: func.FuncOp) -> dict[SSAValue, str]:
    printer = RecordingPrinter(StringIO())
    printer.print_op(fn)
    return printer.names


def test_fresh_name_skips_names_taken():
    used: dict[str, int] = {}
    assert [fresh_name(h, used) for h in ("t_1", "t", "t", "t_1", "t")] == [
        "t_1",
        "t",
        "t_2",
        "t_1_1",
        "t_3",
    ]


def test_parsed_names_are_kept_as_written():
    fn = find_func(read_mlir(make_context(), KERNEL, "k.mlir"), "f")
    assert [a.name_hint for a in fn.args] == ["A_1", "A"]
    with pytest.raises(ValueError, match="Invalid"):
        fn.args[0].name_hint = "1bad"


@pytest.mark.parametrize("clash", ["A_1", "i", "v", "s"])
def test_printed_names_are_unique_and_predicted(clash: str):
    fn = find_func(read_mlir(make_context(), KERNEL, "k.mlir"), "f")
    # As passes do: give many values one hint.
    for op in fn.walk():
        for result in op.results:
            result.name_hint = clash
    names = printer_names(fn)
    assert len(set(names.values())) == len(names)
    assert printed_names(fn) == {v: n for v, n in names.items() if v.name_hint}
    # and the printed function parses back
    read_mlir(make_context(), str(fn.parent_op()), "again.mlir")


def test_a_value_printed_again_keeps_its_name_and_the_next_ones():
    fn = find_func(read_mlir(make_context(), KERNEL, "k.mlir"), "f")
    a_1, a = fn.args
    printer = RecordingPrinter(StringIO())
    # `A_1` then `A`, each printed twice, then two fresh values hinted `A`.
    fresh = [fn.body.block.first_op.results[0], fn.body.block.last_op.operands[0]]
    fresh[0].name_hint = fresh[1].name_hint = "A"
    for value in [a_1, a, a_1, a, *fresh]:
        printer.print_ssa_value(value)
    assert [printer.names[v] for v in [a_1, a, *fresh]] == ["A_1", "A", "A_2", "A_3"]


def test_builders_keep_names_as_written():
    builder = Builder(InsertPoint.at_end(Block()))
    builder.name_hint = "x_1"
    assert builder.name_hint == "x_1"
    with pytest.raises(ValueError, match="Invalid"):
        builder.name_hint = "1x"
