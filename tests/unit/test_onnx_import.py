"""
allo-import's conversion, checked against onnxruntime by C simulation.

Each model is built with `onnx.helper`, imported (`import_onnx`), taken
through the `fpga` pipeline (or a schedule) and run by g++; its outputs
must equal onnxruntime's on the same random inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx_models import (
    attention,
    conv_relu_pool,
    mlp,
    random_inputs,
    run_onnxruntime,
    simulate_import,
)
from xdsl.dialects import func, memref

from allo_xdsl.analysis.lookup import buffers_of, find_func, qualified_loop_names
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.onnx import import_onnx
from allo_xdsl.pipelines import load_pipeline

pytestmark = pytest.mark.needs("g++", "hls4ml", "onnx")


def check_against_onnxruntime(
    model, tmp_path: Path, dims=None, layers=False, pipeline="fpga", tol=1e-4
):
    path = tmp_path / "model.onnx"
    onnx.save(model, path)
    ctx, module = import_onnx(path, dims, layers_as_functions=layers)
    load_pipeline(pipeline).apply(ctx, module)
    inputs = random_inputs(model, dims or {})
    expected = run_onnxruntime(path, inputs)
    top = model.graph.name
    got = simulate_import(module, top, list(inputs.values()), expected)
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=tol, atol=tol)
    return module


@pytest.mark.parametrize("layers", [False, True])
def test_mlp_matches_onnxruntime(tmp_path, layers):
    check_against_onnxruntime(mlp(), tmp_path, {"batch": 3}, layers=layers)


def test_conv_relu_pool_matches_onnxruntime(tmp_path):
    check_against_onnxruntime(conv_relu_pool(), tmp_path)


def test_attention_matches_onnxruntime(tmp_path):
    check_against_onnxruntime(attention(), tmp_path, layers=True)


def test_names_come_from_the_nodes(tmp_path):
    path = tmp_path / "mlp.onnx"
    onnx.save(mlp(), path)
    _, module = import_onnx(path, {"batch": 2})
    fn = find_func(module, "mlp")
    assert [a.name_hint for a in fn.args] == ["x", "y"]
    bands = {name.split(":")[0] for name in qualified_loop_names(fn)}
    assert {"fc1", "relu1", "fc2"} <= bands
    assert {"fc1_buf", "fc1_w", "fc2_w"} <= set(buffers_of(fn))
    globals_ = [op for op in module.ops if isinstance(op, memref.GlobalOp)]
    assert globals_
    assert all(g.constant is not None for g in globals_)
    assert {g.sym_name.data for g in globals_} == {"fc1_w", "fc1_w1", "fc2_w", "fc2_w1"}


def test_layers_as_functions_outlines_each_layer(tmp_path):
    path = tmp_path / "mlp.onnx"
    onnx.save(mlp(), path)
    _, module = import_onnx(path, {"batch": 1}, layers_as_functions=True)
    names = [op.sym_name.data for op in module.ops if isinstance(op, func.FuncOp)]
    assert names == ["fc1", "relu1", "fc2", "mlp"]
    top = find_func(module, "mlp")
    calls = [
        op.callee.string_value() for op in top.walk() if isinstance(op, func.CallOp)
    ]
    assert calls == ["fc1", "relu1", "fc2"]
    # weights live in their layer, the buffer between layers in the model
    assert "fc1_w" in buffers_of(find_func(module, "fc1"))
    assert "fc1_w" not in buffers_of(top)
    assert "fc1_buf1" in buffers_of(top)


def test_a_schedule_uses_the_layer_names(tmp_path):
    schedule = tmp_path / "s.yaml"
    schedule.write_text(
        "schedule:\n"
        "  mlp:\n"
        "    - pipeline: {loop: 'fc1_2:k'}\n"
        "    - partition: {buffer: fc1_w, kind: cyclic, dim: 2, factor: 2}\n"
        "passes: [apply-schedules]\n"
        "target: hls-cpp\n"
    )
    check_against_onnxruntime(mlp(), tmp_path, {"batch": 1}, pipeline=str(schedule))


@pytest.mark.parametrize(
    ("dims", "message"),
    [
        (
            {},
            "input 'x' has the dynamic dimension 'batch' (dimension 0); "
            + "fix it with --dim batch=SIZE",
        ),
        (
            {"N": 2},
            "--dim names N, which the model has not; its symbolic dimensions: batch",
        ),
    ],
)
def test_dynamic_dimensions_must_be_fixed(tmp_path, dims, message):
    path = tmp_path / "mlp.onnx"
    onnx.save(mlp(), path)
    with pytest.raises(AlloError) as e:
        import_onnx(path, dims)
    assert e.value.message == message


EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def test_gpt2_block_with_its_schedule_matches_onnxruntime(tmp_path):
    """
    examples/gpt2: the decoder block, one function per layer, scheduled
    by its YAML (dataflow, pipelines, an unroll over a partitioned buffer
    that compose carries to every layer sharing it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_model", EXAMPLES / "gpt2" / "build_model.py"
    )
    assert spec is not None
    assert spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    module = check_against_onnxruntime(
        builder.build(),
        tmp_path,
        layers=True,
        pipeline=str(EXAMPLES / "gpt2" / "schedule.yaml"),
    )
    assert "fpga.dataflow" in find_func(module, "gpt2_block").attributes
    # the partition reached the callers and every layer sharing the buffer
    for name in ("gelu", "gelu_tanh", "fc1", "gpt2_block"):
        assert "cyclic" in str(buffers_of(find_func(module, name))["fc1_buf"].type)
