"""
Composition across calls: partitions reach every alias at once, the module
verifies, the program computes what numpy computes (interpreter and C
simulation), conflicts name both origins, and instances give one call site
its own copy of a callee."""

from __future__ import annotations

import subprocess
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import func, memref
from xdsl.dialects.builtin import MemRefType, ModuleOp

from allo_xdsl.analysis.alias_classes import (
    AliasClasses,
    GlobalSlot,
    ParamSlot,
    ResultSlot,
    call_sites,
)
from allo_xdsl.analysis.lookup import find_buffer, find_func, loops_of
from allo_xdsl.api import emit, parse
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import partition_of
from allo_xdsl.passes.compose import ComposePass
from allo_xdsl.passes.instantiate import InstantiatePass, split_instance_key
from allo_xdsl.pipelines import Pipeline, ScheduleStep, load_pipeline
from allo_xdsl.rewriting.class_properties import PARTITION
from allo_xdsl.sim import Backend, simulate
from allo_xdsl.sim.csim import ap_types_dir
from allo_xdsl.verify import verify_module

pytestmark = pytest.mark.needs("g++", "hls4ml")

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "compose"
F32 = np.float32
BACKENDS: list[Backend] = ["interpreter", "csim"]


def layout(t: Any) -> tuple[tuple[str, int], ...] | None:
    assert isinstance(t, MemRefType)
    found = partition_of(t)
    return found.entries if found else None


def buffer_layout(module: ModuleOp, fn: str, buffer: str) -> Any:
    return layout(find_buffer(find_func(module, fn), buffer).type)


def partition(buffer: str, kind: str, dim: int = 0, factor: int = 0) -> ScheduleStep:
    args: dict[str, Any] = {"buffer": buffer, "kind": kind, "dim": dim}
    if factor:
        args["factor"] = factor
    return ScheduleStep("partition", args)


def calls_agree(module: ModuleOp) -> None:
    """Every call's operand and result types are its callee's."""
    funcs = {f.sym_name.data: f for f in module.ops if isinstance(f, func.FuncOp)}
    for op in module.walk():
        if isinstance(op, func.CallOp):
            callee = funcs[op.callee.string_value()].function_type
            assert list(op.arguments.types) == list(callee.inputs.data)
            assert list(op.res.types) == list(callee.outputs.data)


# ----- Allo's example: linear twice, then add -----


def example() -> tuple[Any, ModuleOp]:
    path = EXAMPLE / "linear.mlir"
    return parse(path.read_text(), str(path))


BLOCK_2 = (("none", 0), ("block", 2))


def test_example_partition_reaches_every_alias():
    ctx, module = example()
    load_pipeline(str(EXAMPLE / "linear.yaml")).apply(ctx, module)
    assert buffer_layout(module, "linear", "out") == BLOCK_2
    assert buffer_layout(module, "top", "t1") == BLOCK_2
    assert buffer_layout(module, "top", "t2") == BLOCK_2
    assert buffer_layout(module, "add", "x") == BLOCK_2
    assert buffer_layout(module, "add", "y") == BLOCK_2
    # Nothing else: inputs, weights and add's output keep their types.
    for fn, buffer in [("linear", "X"), ("linear", "W"), ("add", "z"), ("top", "Z")]:
        assert buffer_layout(module, fn, buffer) is None
    calls_agree(module)
    cpp = emit(ctx, module, "hls-cpp")
    pragma = "#pragma HLS array_partition variable={} block factor=2 dim=2"
    for function, names in [("linear", ["out"]), ("add", ["x", "y"])]:
        body = cpp.split(f"void {function}(")[1].split("\nvoid ")[0]
        for name in names:
            assert pragma.format(name) in body
    top = cpp.split("void top(")[1]
    assert pragma.format("t1") in top
    assert pragma.format("t2") in top


@pytest.mark.parametrize("backend", BACKENDS)
def test_example_computes_what_numpy_does(backend: Backend):
    rng = np.random.default_rng(5)
    x1, x2 = (rng.standard_normal((4, 8)).astype(F32) for _ in range(2))
    w1, w2 = (rng.standard_normal((8, 8)).astype(F32) for _ in range(2))
    z = np.zeros((4, 8), F32)
    ctx, module = example()
    load_pipeline(str(EXAMPLE / "linear.yaml")).apply(ctx, module)
    out = simulate(module, "top", [x1, w1, x2, w2, z], backend=backend)
    np.testing.assert_allclose(out.args[4], x1 @ w1 + x2 @ w2, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("backend", BACKENDS)
def test_example_instances_compute_what_numpy_does(backend: Backend):
    rng = np.random.default_rng(6)
    x1, x2 = (rng.standard_normal((4, 8)).astype(F32) for _ in range(2))
    w1, w2 = (rng.standard_normal((8, 8)).astype(F32) for _ in range(2))
    z = np.zeros((4, 8), F32)
    ctx, module = example()
    load_pipeline(str(EXAMPLE / "instances.yaml")).apply(ctx, module)
    calls = [
        op.callee.string_value() for op in module.walk() if isinstance(op, func.CallOp)
    ]
    assert calls == ["linear", "linear_1", "add"]
    # The copy's partition of W reaches top's W2, not linear's W or W1.
    assert buffer_layout(module, "linear_1", "W") == (("cyclic", 2), ("none", 0))
    assert buffer_layout(module, "top", "W2") == (("cyclic", 2), ("none", 0))
    assert buffer_layout(module, "linear", "W") is None
    assert buffer_layout(module, "top", "W1") is None
    out = simulate(module, "top", [x1, w1, x2, w2, z], backend=backend)
    np.testing.assert_allclose(out.args[4], x1 @ w1 + x2 @ w2, rtol=1e-5, atol=1e-5)


# ----- two callers, returned buffers, globals -----

CALLERS = """
func.func @scale(%v: memref<8xi32>) {
  %two = arith.constant 2 : i32
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = arith.muli %a, %two : i32
    affine.store %b, %v[%i] : memref<8xi32>
  }
  func.return
}
func.func @first(%a: memref<8xi32>) {
  func.call @scale(%a) : (memref<8xi32>) -> ()
  func.return
}
func.func @second(%b: memref<8xi32>) {
  func.call @scale(%b) : (memref<8xi32>) -> ()
  func.call @scale(%b) : (memref<8xi32>) -> ()
  func.return
}
func.func @both(%p: memref<8xi32>, %q: memref<8xi32>) {
  func.call @first(%p) : (memref<8xi32>) -> ()
  func.call @second(%q) : (memref<8xi32>) -> ()
  func.return
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_callers(backend: Backend):
    ctx, module = parse(CALLERS)
    step = partition("v", "cyclic", 1, 4)
    Pipeline(schedule={"scale": [step]}).apply(ctx, module)
    cyclic = (("cyclic", 4),)
    for fn, buffer in [("scale", "v"), ("first", "a"), ("second", "b")]:
        assert buffer_layout(module, fn, buffer) == cyclic
    assert buffer_layout(module, "both", "p") == cyclic
    calls_agree(module)
    p = np.arange(8, dtype=np.int32)
    q = np.arange(8, dtype=np.int32) - 3
    out = simulate(module, "both", [p, q], backend=backend)
    np.testing.assert_array_equal(out.args[0], p * 2)
    np.testing.assert_array_equal(out.args[1], q * 4)


RETURNED = """
func.func @produce(%in: memref<8xi32>) -> memref<8xi32> {
  %r = memref.alloc() : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %in[%i] : memref<8xi32>
    %b = arith.addi %a, %a : i32
    affine.store %b, %r[%i] : memref<8xi32>
  }
  func.return %r : memref<8xi32>
}
func.func @consume(%c: memref<8xi32>, %d: memref<8xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 8 {
    %a = affine.load %c[%i] : memref<8xi32>
    %b = arith.addi %a, %one : i32
    affine.store %b, %d[%i] : memref<8xi32>
  }
  func.return
}
func.func @chain(%in: memref<8xi32>, %out: memref<8xi32>) {
  %t = func.call @produce(%in) : (memref<8xi32>) -> memref<8xi32>
  func.call @consume(%t, %out) : (memref<8xi32>, memref<8xi32>) -> ()
  func.return
}
"""


@pytest.mark.parametrize(
    ("backend", "fn", "buffer"),
    [
        ("interpreter", "produce", "r"),
        ("interpreter", "chain", "t"),
        ("csim", "consume", "c"),
    ],
)
def test_returned_buffer(backend: Backend, fn: str, buffer: str):
    ctx, module = parse(RETURNED)
    # From the producer, the receiving caller or the consumer: all follow.
    Pipeline(schedule={fn: [partition(buffer, "block", 1, 2)]}).apply(ctx, module)
    block = (("block", 2),)
    assert buffer_layout(module, "produce", "r") == block
    assert buffer_layout(module, "chain", "t") == block
    assert layout(find_func(module, "produce").function_type.outputs.data[0]) == block
    calls_agree(module)
    data = np.arange(8, dtype=np.int32) * 3
    out = simulate(module, "chain", [data, np.zeros(8, np.int32)], backend=backend)
    np.testing.assert_array_equal(out.args[1], data * 2 + 1)


GLOBALS = """
"memref.global"() <{sym_name = "lut", type = memref<8xi32>,
  initial_value = dense<[1, 2, 3, 4, 5, 6, 7, 8]> : tensor<8xi32>,
  sym_visibility = "private"}> : () -> ()
func.func @add_lut(%v: memref<8xi32>) {
  %lut = memref.get_global @lut : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = affine.load %lut[%i] : memref<8xi32>
    %c = arith.addi %a, %b : i32
    affine.store %c, %v[%i] : memref<8xi32>
  }
  func.return
}
func.func @mul_lut(%v: memref<8xi32>) {
  %table = memref.get_global @lut : memref<8xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %v[%i] : memref<8xi32>
    %b = affine.load %table[%i] : memref<8xi32>
    %c = arith.muli %a, %b : i32
    affine.store %c, %v[%i] : memref<8xi32>
  }
  func.return
}
func.func @both(%v: memref<8xi32>) {
  func.call @add_lut(%v) : (memref<8xi32>) -> ()
  func.call @mul_lut(%v) : (memref<8xi32>) -> ()
  func.return
}
"""


def test_globals_interpreter():
    # The HLS C++ target has no memref.global yet: interpreter only.
    ctx, module = parse(GLOBALS)
    Pipeline(schedule={"mul_lut": [partition("table", "complete")]}).apply(ctx, module)
    glob = next(op for op in module.ops if isinstance(op, memref.GlobalOp))
    assert layout(glob.type) == (("complete", 0),)
    assert buffer_layout(module, "add_lut", "lut") == (("complete", 0),)
    v = np.arange(8, dtype=np.int32)
    lut = np.arange(1, 9, dtype=np.int32)
    out = simulate(module, "both", [v], backend="interpreter")
    np.testing.assert_array_equal(out.args[0], (v + lut) * lut)


def test_compose_completes_get_globals():
    text = GLOBALS.replace(
        "%table = memref.get_global @lut : memref<8xi32>",
        "%table = memref.get_global @lut : memref<8xi32, #fpga.partition<[cyclic 2]>>",
    ).replace(
        "%b = affine.load %table[%i] : memref<8xi32>",
        "%b = affine.load %table[%i] : memref<8xi32, #fpga.partition<[cyclic 2]>>",
    )
    ctx, module = parse(text)
    ComposePass().apply(ctx, module)
    verify_module(module)
    glob = next(op for op in module.ops if isinstance(op, memref.GlobalOp))
    assert layout(glob.type) == (("cyclic", 2),)
    assert buffer_layout(module, "add_lut", "lut") == (("cyclic", 2),)
    before = str(module)
    ComposePass().apply(ctx, module)
    assert str(module) == before


# ----- conflicts -----


def test_conflict_names_both_origins_and_changes_nothing():
    ctx, module = example()
    first = ScheduleStep(
        "partition", {"buffer": "out", "kind": "block", "dim": 2, "factor": 2}
    )
    Pipeline(schedule={"linear": [first]}).apply(ctx, module)
    before = str(module)
    second = ScheduleStep(
        "partition", {"buffer": "y", "kind": "cyclic", "dim": 2, "factor": 2}
    )
    with pytest.raises(AlloError) as info:
        Pipeline(schedule={"add": [second]}).apply(ctx, module)
    message = info.value.message
    assert "conflicting partitions of dimension 2" in message
    assert "block 2 from 'out' of 'linear' (set by step 'partition')" in message
    assert "cyclic 2 from 'y' of 'add' (set by step 'partition')" in message
    assert "'out' of 'linear' -> 't2' of 'top' -> 'y' of 'add'" in message
    # The failed step changed no type; only its schedule op is left.
    module.body.block.erase_op(module.body.block.last_op)  # type: ignore[arg-type]
    assert str(module) == before


def test_conflicting_steps_in_one_pipeline_are_located_in_yaml(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "schedule:\n"
        "  add:\n"
        "    - partition: {buffer: x, kind: cyclic, dim: 2, factor: 4}\n"
        "  linear:\n"
        "    - partition: {buffer: out, kind: block, dim: 2, factor: 2}\n"
    )
    ctx, module = example()
    with pytest.raises(AlloError) as info:
        load_pipeline(str(path)).apply(ctx, module)
    error = info.value
    # linear comes first in the module, so its step applies first.
    assert error.location is not None
    assert (error.location.file, error.location.line) == (str(path), 3)
    assert f"(set by step 'partition' at {path}:5:7)" in error.message
    assert f"(set by step 'partition' at {path}:3:7)" in error.message


# ----- alias classes and the property interface -----


def test_alias_class_of_example():
    _, module = example()
    classes = AliasClasses.of(module)
    out = find_buffer(find_func(module, "linear"), "out")
    members = classes.members(out)
    named = {classes.describe(m) for m in members}
    assert named == {
        "'out' of 'linear'",
        "parameter #2 of 'linear'",
        "'t1' of 'top'",
        "'t2' of 'top'",
        "parameter #0 of 'add'",
        "'x' of 'add'",
        "parameter #1 of 'add'",
        "'y' of 'add'",
    }
    assert ParamSlot("add", 0) in members
    assert ParamSlot("linear", 0) not in members
    x = find_buffer(find_func(module, "linear"), "X")
    assert {classes.describe(m) for m in classes.members(x)} == {
        "'X' of 'linear'",
        "parameter #0 of 'linear'",
        "'X1' of 'top'",
        "parameter #0 of 'top'",
        "'X2' of 'top'",
        "parameter #2 of 'top'",
    }


def test_alias_class_slots():
    _, module = parse(RETURNED)
    classes = AliasClasses.of(module)
    r = find_buffer(find_func(module, "produce"), "r")
    assert ResultSlot("produce", 0) in classes.members(r)
    _, module = parse(GLOBALS)
    classes = AliasClasses.of(module)
    lut = find_buffer(find_func(module, "add_lut"), "lut")
    table = find_buffer(find_func(module, "mul_lut"), "table")
    assert GlobalSlot("lut") in classes.members(lut)
    assert table in classes.members(lut)


def test_partition_property_round_trip():
    _, module = parse(CALLERS)
    t = find_buffer(find_func(module, "scale"), "v").type
    facts: dict[Hashable, Hashable] = {1: ("block", 4)}
    new = PARTITION.apply(t, facts)
    assert PARTITION.facts(new) == facts
    assert PARTITION.apply(new, {}) == t
    with pytest.raises(ValueError, match="no dimension 2"):
        PARTITION.apply(t, {2: ("block", 2)})


# ----- instances -----

NESTED = """
func.func @leaf(%A: memref<4xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 4 {
    %a = affine.load %A[%i] : memref<4xi32>
    %b = arith.addi %a, %one : i32
    affine.store %b, %A[%i] : memref<4xi32>
  }
  func.return
}
func.func @mid(%A: memref<4xi32>) {
  func.call @leaf(%A) : (memref<4xi32>) -> ()
  func.return
}
func.func @other(%A: memref<4xi32>) {
  func.call @leaf(%A) : (memref<4xi32>) -> ()
  func.call @leaf(%A) : (memref<4xi32>) -> ()
  func.return
}
func.func @top(%A: memref<4xi32>, %B: memref<4xi32>) {
  func.call @mid(%A) : (memref<4xi32>) -> ()
  func.call @mid(%B) : (memref<4xi32>) -> ()
  func.call @other(%B) : (memref<4xi32>) -> ()
  func.return
}
"""


def callees_of(module: ModuleOp, fn: str) -> list[str]:
    return [
        op.callee.string_value()
        for op in find_func(module, fn).walk()
        if isinstance(op, func.CallOp)
    ]


def test_call_sites_are_numbered_in_program_order():
    _, module = parse(NESTED)
    sites = call_sites(module, "leaf")
    assert [s.parent_op().sym_name.data for s in sites] == ["mid", "other", "other"]  # type: ignore[union-attr]


def test_instances_are_copies_of_the_input():
    ctx, module = parse(NESTED)
    pipeline = Pipeline(
        schedule={
            "leaf@2": [ScheduleStep("unroll", {"loop": "i", "factor": 2})],
            "mid@1": [],
            "leaf@0": [ScheduleStep("pipeline", {"loop": "i"})],
        }
    )
    pipeline.apply(ctx, module)
    assert callees_of(module, "top") == ["mid", "mid_1", "other"]
    # leaf@0 is the call in mid; mid_1 is a copy of mid as written.
    assert callees_of(module, "mid") == ["leaf_0"]
    assert callees_of(module, "mid_1") == ["leaf"]
    assert callees_of(module, "other") == ["leaf", "leaf_2"]
    hints = {
        name: set(next(loops_of(find_func(module, name))).attributes)
        for name in ("leaf", "leaf_0", "leaf_2")
    }
    assert "fpga.pipeline_ii" in hints["leaf_0"]
    assert "fpga.unroll" in hints["leaf_2"]
    assert not hints["leaf"] & {"fpga.pipeline_ii", "fpga.unroll"}
    assert "fpga.pipeline_ii" not in hints["leaf_2"]
    a = np.arange(4, dtype=np.int32)
    b = np.arange(4, dtype=np.int32) * 5
    out = simulate(module, "top", [a, b], backend="interpreter")
    np.testing.assert_array_equal(out.args[0], a + 1)
    np.testing.assert_array_equal(out.args[1], b + 3)


def test_instance_name_avoids_existing_functions():
    text = NESTED + "func.func @leaf_1() {\n  func.return\n}\n"
    ctx, module = parse(text)
    Pipeline(schedule={"leaf@1": []}).apply(ctx, module)
    # call site 1 is the first call in other (site 0 is in mid)
    assert callees_of(module, "other") == ["leaf_1_1", "leaf"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [("gemm", None), ("gemm@0", ("gemm", 0)), ("gemm@12", ("gemm", 12))],
)
def test_split_instance_key(key: str, expected: Any):
    assert split_instance_key(key) == expected


@pytest.mark.parametrize(
    "key", ["gemm@", "@1", "gemm@x", "gemm@-1", "gemm@1@2", "gemm@01"]
)
def test_malformed_instance_keys_in_yaml(tmp_path: Path, key: str):
    path = tmp_path / "p.yaml"
    path.write_text(f"schedule:\n  f: []\n  '{key}':\n    - inline\n")
    with pytest.raises(AlloError) as info:
        load_pipeline(str(path))
    assert f"malformed instance '{key}'" in info.value.message
    assert "FUNCTION@N" in info.value.message
    assert info.value.location is not None
    assert info.value.location.line == 3


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("leaf@3", "instance 'leaf@3': 'leaf' has 3 call sites (numbered 0 to 2"),
        ("top@0", "instance 'top@0': 'top' is never called"),
        ("leef@0", "instance 'leef@0': unknown function 'leef'; existing functions"),
    ],
)
def test_instance_errors_point_at_the_yaml_key(tmp_path: Path, key: str, message: str):
    path = tmp_path / "p.yaml"
    path.write_text(f"schedule:\n  mid: []\n  {key}:\n    - inline\n")
    ctx, module = parse(NESTED)
    with pytest.raises(AlloError) as info:
        load_pipeline(str(path)).apply(ctx, module)
    assert message in info.value.message
    assert info.value.location is not None
    assert (info.value.location.file, info.value.location.line) == (str(path), 3)


# ----- a function whose every call site is an instance -----

TWICE = """
func.func @scale(%A: memref<6xi32>, %B: memref<6xi32>) {
  %three = arith.constant 3 : i32
  affine.for %i = 0 to 6 {
    %a = affine.load %A[%i] : memref<6xi32>
    %b = arith.muli %a, %three : i32
    affine.store %b, %B[%i] : memref<6xi32>
  }
  func.return
}
func.func @top(%X: memref<6xi32>, %T: memref<6xi32>, %Y: memref<6xi32>) {
  func.call @scale(%X, %T) : (memref<6xi32>, memref<6xi32>) -> ()
  func.call @scale(%T, %Y) : (memref<6xi32>, memref<6xi32>) -> ()
  func.return
}
"""


def function_names(module: ModuleOp) -> list[str]:
    return [op.sym_name.data for op in module.ops if isinstance(op, func.FuncOp)]


@pytest.mark.parametrize("plain", [False, True])
def test_a_function_all_of_whose_sites_are_instances_is_erased(plain: bool):
    ctx, module = parse(TWICE)
    schedule = {
        "scale@0": [ScheduleStep("pipeline", {"loop": "i"})],
        "scale@1": [ScheduleStep("unroll", {"loop": "i", "factor": 2})],
    }
    if plain:  # its own schedule applies first; it goes afterwards
        schedule["scale"] = [ScheduleStep("pipeline", {"loop": "i"})]
    Pipeline(schedule=schedule).apply(ctx, module)
    assert function_names(module) == ["scale_0", "scale_1", "top"]


def test_a_function_some_sites_still_call_is_kept():
    ctx, module = parse(TWICE)
    Pipeline(schedule={"scale@1": []}).apply(ctx, module)
    assert function_names(module) == ["scale", "scale_1", "top"]
    ctx, module = parse(TWICE)
    InstantiatePass("scale", 0).apply(ctx, module)
    assert function_names(module) == ["scale", "scale_0", "top"]
    # the other call site is now site 0; instantiating it leaves scale uncalled
    InstantiatePass("scale", 0).apply(ctx, module)
    assert function_names(module) == ["scale_0_1", "scale_0", "top"]


def test_instances_run_in_csim_with_the_top_found(tmp_path: Path):
    kernel = tmp_path / "twice.mlir"
    kernel.write_text(TWICE)
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "schedule:\n"
        "  scale@0:\n    - pipeline: {loop: i}\n"
        "  scale@1:\n    - unroll: {loop: i, factor: 2}\n"
    )
    cpp = tmp_path / "tb.cpp"
    with cpp.open("w") as out:
        subprocess.run(
            ["allo-opt", str(kernel), "--pipeline", str(pipeline), "-t", "csim"],
            check=True,
            stdout=out,
        )
    binary = tmp_path / "tb"
    subprocess.run(
        [
            "g++",
            "-std=c++17",
            "-O1",
            f"-I{ap_types_dir()}",
            str(cpp),
            "-o",
            str(binary),
        ],
        check=True,
    )
    x = np.random.default_rng(7).integers(-50, 50, 6, dtype=np.int32)
    for k, array in enumerate((x, np.zeros(6, np.int32), np.zeros(6, np.int32))):
        array.tofile(tmp_path / f"arg{k}.bin")
    subprocess.run([str(binary), str(tmp_path)], check=True)
    y = np.fromfile(tmp_path / "arg2.out.bin", dtype=np.int32)
    np.testing.assert_array_equal(y, x * 9)
