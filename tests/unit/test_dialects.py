"""
The allo, sched, fpga and extended affine dialects: Python API, argument
checking of schedule primitives, partition layouts, and verification."""

from __future__ import annotations

import re
from typing import Any

import pytest
from xdsl.dialects import affine
from xdsl.dialects.builtin import (
    ArrayAttr,
    Float32Type,
    IntAttr,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
    Signedness,
    StringAttr,
    f32,
    i32,
    i64,
)
from xdsl.ir.affine import AffineMap
from xdsl.parser import Parser
from xdsl.utils.exceptions import ParseError, VerifyException

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.affine_ext import IfOp, MaxOp
from allo_xdsl.dialects.allo import FixedType, UFixedType, parse_type_spec
from allo_xdsl.dialects.fpga import (
    DATAFLOW,
    INLINE,
    PARALLEL,
    PIPELINE_II,
    REWIND,
    UNROLL,
    PartitionAttr,
    PartitionKind,
    PartitionKindAttr,
    StreamType,
    partition_memref,
    verify_fpga_attributes,
)
from allo_xdsl.dialects.sched import PrimitiveOp, ScheduleOp
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.primitives import PRIMITIVES

# ----- sched: from_arguments / arguments -----

PRIMITIVE_OPS = {p.name: p.op for p in PRIMITIVES}

# primitive -> (every argument given, the minimal arguments, what the
# minimal ones read back as with defaults filled)
FULL_AND_MINIMAL: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "split": ({"loop": "i", "factor": 8}, {"loop": "i", "factor": 8}, {}),
    "tile": (
        {"loops": ["i", "j"], "factors": [4, 2]},
        {"loops": ["i", "j"], "factors": [4, 2]},
        {},
    ),
    "reorder": ({"loops": ["k", "i", "j"]}, {"loops": ["j", "i"]}, {}),
    "fuse": ({"loops": ["i", "j", "k"]}, {"loops": ["i", "j"]}, {}),
    "distribute": ({"loop": "i"}, {"loop": "S_i_0:i"}, {}),
    "unroll": ({"loop": "k", "factor": 4}, {"loop": "k"}, {"factor": 0}),
    "pipeline": (
        {"loop": "j", "ii": 2, "rewind": True},
        {"loop": "j"},
        {"ii": 1, "rewind": False},
    ),
    "parallel": ({"loop": "i"}, {"loop": "S_i_0:i"}, {}),
    "compute_at": (
        {"producer": "B", "consumer": "C", "loop": "j"},
        {"producer": "B", "consumer": "C", "loop": "j"},
        {},
    ),
    "partition": (
        {"buffer": "A", "kind": "cyclic", "dim": 2, "factor": 8},
        {"buffer": "A", "kind": "complete"},
        {"dim": 0, "factor": 0},
    ),
    "reuse_at": (
        {"buffer": "A", "loop": "i", "name": "A_line"},
        {"buffer": "A", "loop": "i"},
        {"name": None},
    ),
    "buffer_at": ({"buffer": "C", "loop": "j"}, {"buffer": "C", "loop": "j"}, {}),
    "reshape": ({"buffer": "A", "shape": [4, 16]}, {"buffer": "A", "shape": [64]}, {}),
    "to": (
        {"buffer": "B", "depth": 4, "consumers": ["c1", "c2"]},
        {"buffer": "B"},
        {"depth": None, "consumers": None},
    ),
    "dataflow": ({"loop": "i"}, {}, {"loop": None}),
    "inline": ({}, {}, {}),
    "bind_storage": (
        {"buffer": "A", "impl": "uram", "type": "ram_t2p"},
        {"buffer": "A", "impl": "bram", "type": "ram_1p"},
        {},
    ),
    "interface": (
        {"buffer": "A", "mode": "m_axi", "bundle": "gmem0"},
        {"buffer": "n", "mode": "s_axilite"},
        {"bundle": None},
    ),
    "quantize": (
        {"buffer": "A", "type": "fixed<16,8>"},
        {"buffer": "A", "type": "i12"},
        {},
    ),
}


def test_every_primitive_has_an_op():
    assert set(PRIMITIVE_OPS) == set(FULL_AND_MINIMAL)
    for primitive, cls in PRIMITIVE_OPS.items():
        assert cls.primitive == primitive
        assert cls.name == f"sched.{primitive}"


@pytest.mark.parametrize("primitive", sorted(FULL_AND_MINIMAL))
def test_property_names_are_yaml_names(primitive: str):
    cls = PRIMITIVE_OPS[primitive]
    properties = set(cls.get_irdl_definition().properties)
    assert properties == set(cls.arg_names())


def _reparse(op: PrimitiveOp) -> PrimitiveOp:
    """`op` printed inside a schedule, parsed back."""
    text = str(ScheduleOp("f", [op]))
    module = Parser(make_context(), text).parse_module()
    module.verify()
    schedule = module.body.block.first_op
    assert isinstance(schedule, ScheduleOp)
    (step,) = schedule.steps
    return step


@pytest.mark.parametrize("primitive", sorted(FULL_AND_MINIMAL))
def test_arguments_round_trip(primitive: str):
    cls = PRIMITIVE_OPS[primitive]
    full, minimal, defaults = FULL_AND_MINIMAL[primitive]
    for given, expected in ((full, full), (minimal, minimal | defaults)):
        op = cls.from_arguments(given)
        op.verify()
        assert op.arguments() == expected
        assert set(op.arguments()) == set(cls.arg_names())
        assert cls.from_arguments(op.arguments()).arguments() == expected
        again = _reparse(op)
        assert type(again) is cls
        assert again.arguments() == expected
        assert again.properties == op.properties


def test_instance_primitive_name():
    op = PRIMITIVE_OPS["compute_at"].from_arguments(
        {"producer": "B", "consumer": "C", "loop": "j"}
    )
    assert op.primitive == "compute_at"


def test_printed_syntax():
    op = PRIMITIVE_OPS["pipeline"].from_arguments(
        {"loop": "j", "ii": 2, "rewind": True}
    )
    assert str(op) == 'sched.pipeline "j" ii 2 rewind'
    op = PRIMITIVE_OPS["partition"].from_arguments(
        {"buffer": "A", "kind": "cyclic", "dim": 2, "factor": 8}
    )
    assert str(op) == 'sched.partition "A" kind cyclic dim 2 factor 8'
    op = PRIMITIVE_OPS["tile"].from_arguments({"loops": ["i", "j"], "factors": [4, 4]})
    assert str(op) == 'sched.tile ["i", "j"] factors [4, 4]'
    assert str(PRIMITIVE_OPS["unroll"].from_arguments({"loop": "k"})) == (
        'sched.unroll "k"'
    )


BAD_ARGUMENTS: list[tuple[str, dict[str, Any], str]] = [
    # unknown, missing
    (
        "split",
        {"loop": "i", "fator": 8},
        "unknown argument 'fator' of 'split'; expected: loop, factor",
    ),
    ("inline", {"loop": "i"}, "unknown argument 'loop' of 'inline'; expected: (none)"),
    ("split", {"loop": "i"}, "missing argument 'factor' of 'split' (an integer)"),
    ("split", {"factor": 2}, "missing argument 'loop' of 'split' (a string)"),
    ("split", {"loop": None, "factor": 2}, "missing argument 'loop' of 'split'"),
    (
        "tile",
        {"factors": [1, 2]},
        "missing argument 'loops' of 'tile' (a list of strings)",
    ),
    ("partition", {"kind": "complete"}, "missing argument 'buffer' of 'partition'"),
    (
        "partition",
        {"buffer": "A", "factor": 2},
        "argument 'factor' of 'partition' must be absent for a complete partition",
    ),
    # wrong types
    (
        "split",
        {"loop": "i", "factor": "x"},
        "argument 'factor' of 'split' expects an integer, got 'x'",
    ),
    (
        "split",
        {"loop": "i", "factor": True},
        "argument 'factor' of 'split' expects an integer, got True",
    ),
    (
        "split",
        {"loop": "i", "factor": 2.0},
        "argument 'factor' of 'split' expects an integer, got 2.0",
    ),
    (
        "split",
        {"loop": 3, "factor": 2},
        "argument 'loop' of 'split' expects a string, got 3",
    ),
    (
        "pipeline",
        {"loop": "i", "rewind": "yes"},
        "argument 'rewind' of 'pipeline' expects a boolean, got 'yes'",
    ),
    (
        "reorder",
        {"loops": "i"},
        "argument 'loops' of 'reorder' expects a list of strings, got 'i'",
    ),
    (
        "reorder",
        {"loops": ["i", 2]},
        "argument 'loops' of 'reorder' expects a list of strings, got ['i', 2]",
    ),
    (
        "reshape",
        {"buffer": "A", "shape": 4},
        "argument 'shape' of 'reshape' expects a list of integers, got 4",
    ),
    (
        "tile",
        {"loops": ["i", "j"], "factors": [2, True]},
        "argument 'factors' of 'tile' expects a list of integers, got [2, True]",
    ),
    (
        "partition",
        {"buffer": "A", "kind": 1, "factor": 2},
        "argument 'kind' of 'partition' expects one of cyclic, block, complete, got 1",
    ),
    (
        "to",
        {"buffer": "B", "depth": "4"},
        "argument 'depth' of 'to' expects an integer",
    ),
    # ranges
    (
        "split",
        {"loop": "i", "factor": 0},
        "argument 'factor' of 'split' must be >= 1, got 0",
    ),
    (
        "split",
        {"loop": "", "factor": 2},
        "argument 'loop' of 'split' must not be empty",
    ),
    (
        "split",
        {"loop": "i", "factor": 2**63},
        "argument 'factor' of 'split' must fit in 64 bits",
    ),
    (
        "tile",
        {"loops": ["i"], "factors": [1, 2]},
        "argument 'factors' of 'tile' must list one integer per loop (1), got 2",
    ),
    (
        "tile",
        {"loops": ["i", "j"], "factors": [1, 2, 3]},
        "argument 'factors' of 'tile' must list one integer per loop (2), got 3",
    ),
    (
        "tile",
        {"loops": ["i", "j"], "factors": [0, 2]},
        "argument 'factors' of 'tile' item 1 must be >= 1, got 0",
    ),
    (
        "tile",
        {"loops": ["i", "i"], "factors": [2, 2]},
        "argument 'loops' of 'tile' must not name 'i' twice",
    ),
    (
        "reorder",
        {"loops": ["i"]},
        "argument 'loops' of 'reorder' must list at least 2 names, got 1",
    ),
    (
        "reorder",
        {"loops": ["i", "j", "i"]},
        "argument 'loops' of 'reorder' must not name 'i' twice",
    ),
    (
        "fuse",
        {"loops": ["i", ""]},
        "argument 'loops' of 'fuse' item 2 must not be empty",
    ),
    (
        "fuse",
        {"loops": []},
        "argument 'loops' of 'fuse' must list at least 2 names, got 0",
    ),
    (
        "unroll",
        {"loop": "i", "factor": -1},
        "argument 'factor' of 'unroll' must be >= 0, got -1",
    ),
    (
        "pipeline",
        {"loop": "i", "ii": 0},
        "argument 'ii' of 'pipeline' must be >= 1, got 0",
    ),
    (
        "partition",
        {"buffer": "A", "kind": "cyclc", "factor": 2},
        "argument 'kind' of 'partition' must be one of cyclic, block, complete, "
        "got 'cyclc'",
    ),
    (
        "partition",
        {"buffer": "A", "kind": "cyclic"},
        "argument 'factor' of 'partition' must be >= 1 for a cyclic partition, got 0",
    ),
    (
        "partition",
        {"buffer": "A", "kind": "block", "factor": 0},
        "argument 'factor' of 'partition' must be >= 1 for a block partition, got 0",
    ),
    (
        "partition",
        {"buffer": "A", "kind": "complete", "factor": 2},
        "argument 'factor' of 'partition' must be absent for a complete partition, "
        "got 2",
    ),
    (
        "partition",
        {"buffer": "A", "kind": "cyclic", "factor": 2, "dim": -1},
        "argument 'dim' of 'partition' must be >= 0, got -1",
    ),
    (
        "reshape",
        {"buffer": "A", "shape": []},
        "argument 'shape' of 'reshape' must not be empty",
    ),
    (
        "reshape",
        {"buffer": "A", "shape": [2, 0]},
        "argument 'shape' of 'reshape' item 2 must be >= 1, got 0",
    ),
    (
        "reshape",
        {"buffer": "A", "shape": [2**64]},
        "argument 'shape' of 'reshape' must hold 64-bit integers",
    ),
    ("to", {"buffer": "B", "depth": 0}, "argument 'depth' of 'to' must be >= 1, got 0"),
    (
        "reuse_at",
        {"buffer": "A", "loop": "i", "name": ""},
        "argument 'name' of 'reuse_at' must not be empty",
    ),
    (
        "bind_storage",
        {"buffer": "A", "impl": "sram", "type": "ram_1p"},
        "argument 'impl' of 'bind_storage' must be one of bram, uram, lutram, "
        "got 'sram'",
    ),
    (
        "bind_storage",
        {"buffer": "A", "impl": "bram", "type": "ram_3p"},
        "argument 'type' of 'bind_storage' must be one of ram_1p, ram_2p, ram_t2p, "
        "ram_s2p, got 'ram_3p'",
    ),
    (
        "interface",
        {"buffer": "A", "mode": "axis"},
        "argument 'mode' of 'interface' must be one of m_axi, s_axilite, got 'axis'",
    ),
    (
        "quantize",
        {"buffer": "A", "type": "fixed<8,9>"},
        "argument 'type' of 'quantize' is not a valid type: fractional bits 9 exceed "
        "width 8 in 'fixed<8,9>'",
    ),
    (
        "quantize",
        {"buffer": "A", "type": "float"},
        "argument 'type' of 'quantize' is not a valid type: expected fixed<W,F>",
    ),
]


@pytest.mark.parametrize(("primitive", "args", "message"), BAD_ARGUMENTS)
def test_from_arguments_rejects(primitive: str, args: dict[str, Any], message: str):
    with pytest.raises(ValueError, match=re.escape(message)):
        PRIMITIVE_OPS[primitive].from_arguments(args)


def test_partition_defaults_to_complete_of_every_dimension():
    # Allo's `partition(target)`: partition_type=Complete, dim=0.
    op = PRIMITIVE_OPS["partition"].from_arguments({"buffer": "A"})
    assert op.arguments() == {"buffer": "A", "kind": "complete", "dim": 0, "factor": 0}


def test_verifier_gives_the_range_errors():
    op = PRIMITIVE_OPS["split"].from_arguments({"loop": "i", "factor": 2})
    op.properties["factor"] = IntegerAttr(0, i64)
    with pytest.raises(VerifyException, match="argument 'factor' must be >= 1, got 0"):
        op.verify()


# ----- sched: the schedule op -----


def test_schedule_op_api():
    steps = [
        PRIMITIVE_OPS["split"].from_arguments({"loop": "i", "factor": 4}),
        PRIMITIVE_OPS["pipeline"].from_arguments({"loop": "i.inner"}),
    ]
    schedule = ScheduleOp("gemm", steps)
    schedule.verify()
    assert schedule.func_name == "gemm"
    assert list(schedule.steps) == steps
    assert str(schedule) == (
        'sched.schedule @gemm {\n  sched.split "i" factor 4\n'
        '  sched.pipeline "i.inner"\n}'
    )


def test_schedule_of_a_string_name():
    text = 'sched.schedule "my fn" {\n  sched.inline\n}'
    module = read_mlir(make_context(), text)
    schedule = module.body.block.first_op
    assert isinstance(schedule, ScheduleOp)
    assert isinstance(schedule.func, StringAttr)
    assert schedule.func_name == "my fn"
    assert [s.primitive for s in schedule.steps] == ["inline"]


def test_schedule_rejects_other_ops():
    text = "sched.schedule @f {\n  %c = arith.constant 0 : index\n}"
    with pytest.raises(AlloError, match="expected only sched primitives"):
        read_mlir(make_context(), text)


def test_primitive_outside_a_schedule():
    text = "func.func @f() {\n  sched.inline\n  func.return\n}"
    with pytest.raises(AlloError, match="expects parent op 'sched.schedule'"):
        read_mlir(make_context(), text)


def test_schedule_ops_survive_dce():
    from xdsl.transforms.dead_code_elimination import DeadCodeElimination

    text = 'sched.schedule @f {\n  sched.unroll "i"\n}'
    module = read_mlir(make_context(), text)
    DeadCodeElimination().apply(make_context(), module)
    assert "sched.unroll" in str(module)


# ----- allo -----


def test_fixed_types():
    assert str(FixedType(16, 8)) == "!allo.fixed<16, 8>"
    assert str(UFixedType(8, 0)) == "!allo.ufixed<8, 0>"
    assert FixedType(16, 8) == FixedType(IntAttr(16), IntAttr(8))
    assert FixedType(16, 8) != UFixedType(16, 8)
    assert FixedType(16, 8).signed
    assert not UFixedType(16, 8).signed
    assert FixedType(16, 6).int_bits == 10


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: FixedType(0, 0),
            "!allo.fixed<0, 0>: fixed-point width must be >= 1, got 0",
        ),
        (lambda: UFixedType(0, 0), "unsigned fixed-point width must be >= 1, got 0"),
        (
            lambda: FixedType(8, 9),
            "!allo.fixed<8, 9>: fractional bits 9 exceed width 8",
        ),
        (lambda: FixedType(8, -1), "fixed-point fractional bits must be >= 0, got -1"),
    ],
)
def test_fixed_type_verifies(make: Any, message: str):
    with pytest.raises(VerifyException) as info:
        make()
    assert message in str(info.value)


def test_parse_type_spec():
    assert parse_type_spec("fixed<16,8>") == FixedType(16, 8)
    assert parse_type_spec(" ufixed< 8 , 4 > ") == UFixedType(8, 4)
    assert parse_type_spec("i12") == IntegerType(12)
    assert parse_type_spec("ui8") == IntegerType(8, Signedness.UNSIGNED)
    assert parse_type_spec("f32") == Float32Type()
    for bad in ("fixed<0,0>", "i0", "float", "fixed<8>", ""):
        with pytest.raises(ValueError, match=r"width must be|expected fixed<W,F>"):
            parse_type_spec(bad)


# ----- fpga -----


def test_partition_is_a_memref_layout():
    layout = PartitionAttr([("cyclic", 4), ("none", 0)])
    memref = MemRefType(f32, [8, 8], layout=layout)
    text = "memref<8x8xf32, #fpga.partition<[cyclic 4, none]>>"
    assert str(memref) == text
    parsed = Parser(make_context(), text).parse_type()
    assert parsed == memref
    assert parsed != MemRefType(f32, [8, 8])
    assert layout.entries == (("cyclic", 4), ("none", 0))
    assert memref.get_affine_map() == AffineMap.identity(2)
    assert memref.get_offset() == 0


def test_partition_memref_helper():
    memref = MemRefType(i32, [4, 8])
    one = partition_memref(memref, "block", 2, 2)
    assert str(one) == "memref<4x8xi32, #fpga.partition<[none, block 2]>>"
    both = partition_memref(one, "complete", 0)
    assert str(both) == "memref<4x8xi32, #fpga.partition<[complete, complete]>>"
    assert partition_memref(one, "none", 2) == memref


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "expected at least one entry"),
        ([("none", 0)], "no dimension is partitioned"),
        ([("cyclic", 0)], "cyclic factor must be >= 1 in dimension 1, got 0"),
        ([("complete", 2)], "complete takes no factor in dimension 1"),
        ([("diagonal", 2)], "unknown kind 'diagonal' in dimension 1"),
    ],
)
def test_partition_verifies(entries: list[tuple[str, int]], message: str):
    with pytest.raises(VerifyException, match=message):
        PartitionAttr(entries)


def test_partition_parameters_must_pair_up():
    with pytest.raises(VerifyException, match="as many factors as kinds"):
        kind = PartitionKindAttr(PartitionKind.CYCLIC)
        PartitionAttr.new([ArrayAttr([kind]), ArrayAttr([])])


def test_partition_factor_must_fit_in_64_bits():
    text = "memref<8xf32, #fpga.partition<[cyclic 99999999999999999999]>>"
    with pytest.raises(ParseError, match="does not fit in 64 bits"):
        Parser(make_context(), text).parse_type()


def test_partition_rank_is_checked():
    text = (
        "func.func @f(%A: memref<8xf32, #fpga.partition<[cyclic 4, none]>>) {\n"
        "  return\n}"
    )
    with pytest.raises(AlloError) as info:
        read_mlir(make_context(), text, "k.mlir")
    assert "the partition has 2 entries but the memref has rank 1" in info.value.message
    assert str(info.value.location) == "k.mlir:1:1"


CALL = """
func.func @callee(%A: memref<8xf32, #fpga.partition<[cyclic 4]>>) {
  return
}
func.func @caller(%A: memref<8xf32, {layout}>) {
  func.call @callee(%A) : (memref<8xf32, {layout}>) -> ()
  return
}
"""


@pytest.mark.parametrize(
    "layout", ["#fpga.partition<[cyclic 2]>", "#fpga.partition<[block 4]>"]
)
def test_call_with_another_layout_fails(layout: str):
    with pytest.raises(AlloError) as info:
        read_mlir(make_context(), CALL.replace("{layout}", layout), "c.mlir")
    message = info.value.message
    assert "'func.call' op operand type mismatch" in message
    assert "memref<8xf32, #fpga.partition<[cyclic 4]>>" in message
    assert f"memref<8xf32, {layout}>" in message
    assert str(info.value.location) == "c.mlir:6:3"


def test_call_with_the_same_layout_verifies():
    read_mlir(make_context(), CALL.replace("{layout}", "#fpga.partition<[cyclic 4]>"))


def test_stream_type():
    stream = StreamType(f32, 4)
    assert str(stream) == "!fpga.stream<f32, 4>"
    with pytest.raises(VerifyException, match="depth must be >= 1, got 0"):
        StreamType(f32, 0)
    with pytest.raises(VerifyException, match="element type must be a type"):
        StreamType(IntAttr(3), 2)


def test_stream_ops_build():
    from allo_xdsl.dialects.fpga import StreamCreateOp, StreamGetOp

    create = StreamCreateOp(StreamType(i32, 2), "fifo")
    get = StreamGetOp(create)
    assert get.result.type == i32
    assert str(create) == '%0 = fpga.stream_create "fifo" : !fpga.stream<i32, 2>'


def _for_with(attrs: str) -> ModuleOp:
    text = f"func.func @f() {{\n  affine.for %i = 0 to 4 {{\n  }} {attrs}\n  return\n}}"
    return Parser(make_context(), text).parse_module()


def _the_loop(module: ModuleOp) -> affine.ForOp:
    return next(op for op in module.walk() if isinstance(op, affine.ForOp))


def test_hint_constants():
    assert (PIPELINE_II, REWIND, UNROLL, PARALLEL, DATAFLOW, INLINE) == (
        "fpga.pipeline_ii",
        "fpga.rewind",
        "fpga.unroll",
        "fpga.parallel",
        "fpga.dataflow",
        "fpga.inline",
    )


def test_good_hints_verify():
    loop = _the_loop(
        _for_with(
            "{fpga.pipeline_ii = 2, fpga.rewind, fpga.unroll = 0, fpga.parallel, "
            "fpga.dataflow, other.x = 1}"
        )
    )
    verify_fpga_attributes(loop)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ("{fpga.pipline_ii = 1}", "unknown attribute 'fpga.pipline_ii'; known"),
        ("{fpga.pipeline_ii = 0}", "'fpga.pipeline_ii' must be >= 1, got 0"),
        ("{fpga.pipeline_ii = 2 : i32}", "'fpga.pipeline_ii' expects an i64 integer"),
        ("{fpga.unroll = -1}", "'fpga.unroll' must be >= 0, got -1"),
        ('{fpga.unroll = "full"}', "'fpga.unroll' expects an i64 integer"),
        ("{fpga.pipeline_ii = 1, fpga.rewind = 1}", "'fpga.rewind' expects a unit"),
        ("{fpga.rewind}", "'fpga.rewind' requires 'fpga.pipeline_ii'"),
        ("{fpga.parallel = true}", "'fpga.parallel' expects a unit"),
        ("{fpga.dataflow = 1}", "'fpga.dataflow' expects a unit"),
        ("{fpga.inline = 1}", "'fpga.inline' expects a unit"),
    ],
)
def test_bad_hints(attrs: str, message: str):
    loop = _the_loop(_for_with(attrs))
    with pytest.raises(VerifyException, match=message):
        verify_fpga_attributes(loop)


# ----- affine extension -----


def test_if_is_xdsl_if():
    module = read_mlir(
        make_context(),
        "func.func @f(%i: index) {\n"
        "  affine.if affine_set<(d0) : (d0 >= 0)>(%i) {\n  }\n  return\n}",
    )
    found = [op for op in module.walk() if isinstance(op, affine.IfOp)]
    assert len(found) == 1
    assert isinstance(found[0], IfOp)


SYMBOLS = """\
builtin.module {
  func.func @f(%i: index, %n: index) -> index {
    %r = affine.if affine_set<(d0)[s0] : ((s0 + (d0 * -1)) >= 0)>(%i)[%n] -> index {
      affine.yield %i : index
    } else {
      affine.yield %n : index
    }
    %m = affine.max affine_map<(d0)[s0] -> (d0, s0)>(%r)[%n]
    func.return %m : index
  }
}"""


def test_symbols_round_trip():
    module = parse_module(make_context(), SYMBOLS)
    assert str(module) == SYMBOLS
    max_op = next(op for op in module.walk() if isinstance(op, MaxOp))
    assert max_op.map.data.num_symbols == 1


def test_if_min_kernel_parses():
    from pathlib import Path

    path = Path(__file__).parent.parent / "kernels" / "if_min.mlir"
    module = read_mlir(make_context(), path.read_text(), str(path))
    printed = str(module)
    assert "affine.if affine_set<(d0, d1) :" in printed
    assert "} else {" in printed
    again = read_mlir(make_context(), printed)
    assert str(again) == printed
