"""
Small ONNX models built with `onnx.helper`, and a check that C simulation
of their import computes what onnxruntime computes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT


class Graph:
    """Nodes, weights and value infos of a graph under construction."""

    def __init__(self, seed: int = 0):
        self.rng = np.random.default_rng(seed)
        self.nodes: list[Any] = []
        self.inits: list[Any] = []

    def weight(self, name: str, shape: tuple[int, ...], scale: float = 0.5) -> str:
        data = (self.rng.standard_normal(shape) * scale).astype(np.float32)
        self.inits.append(numpy_helper.from_array(data, name))
        return name

    def const(self, name: str, data: Any) -> str:
        self.inits.append(numpy_helper.from_array(np.asarray(data), name))
        return name

    def node(self, op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        out = f"{name}_out"
        self.nodes.append(helper.make_node(op, inputs, [out], name=name, **attrs))
        return out

    def model(
        self,
        name: str,
        inputs: list[tuple[str, list[int | str]]],
        outputs: list[tuple[str, list[int | str]]],
        opset: int = 17,
    ) -> Any:
        # the last node writes the output
        last = self.nodes[-1]
        for k, (out, _) in enumerate(outputs):
            if k == 0:
                last.output[0] = out
        graph = helper.make_graph(
            self.nodes,
            name,
            [helper.make_tensor_value_info(n, F, s) for n, s in inputs],
            [helper.make_tensor_value_info(n, F, s) for n, s in outputs],
            self.inits,
        )
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
        model.ir_version = 9
        return model


def mlp() -> Any:
    g = Graph(1)
    h = g.node(
        "Gemm", ["x", g.weight("w1", (16, 8)), g.weight("b1", (16,))], "fc1", transB=1
    )
    h = g.node("Relu", [h], "relu1")
    g.node("Gemm", [h, g.weight("w2", (4, 16)), g.weight("b2", (4,))], "fc2", transB=1)
    return g.model("mlp", [("x", ["batch", 8])], [("y", ["batch", 4])])


def conv_relu_pool() -> Any:
    g = Graph(2)
    h = g.node(
        "Conv",
        ["x", g.weight("w", (4, 2, 3, 3)), g.weight("b", (4,))],
        "conv1",
        pads=[1, 1, 1, 1],
    )
    h = g.node("Relu", [h], "relu1")
    g.node("MaxPool", [h], "pool1", kernel_shape=[2, 2], strides=[2, 2])
    return g.model("cnn", [("x", [1, 2, 8, 8])], [("y", [1, 4, 4, 4])])


def attention(tokens: int = 4, dim: int = 8) -> Any:
    """Layer norm, single-head self-attention with softmax, a residual."""
    g = Graph(3)
    n = g.node(
        "LayerNormalization",
        ["x", g.weight("ln_g", (dim,)), g.weight("ln_b", (dim,))],
        "ln1",
        axis=-1,
        epsilon=1e-5,
    )
    q = g.node("MatMul", [n, g.weight("wq", (dim, dim))], "q_proj")
    k = g.node("MatMul", [n, g.weight("wk", (dim, dim))], "k_proj")
    v = g.node("MatMul", [n, g.weight("wv", (dim, dim))], "v_proj")
    kt = g.node("Transpose", [k], "k_t", perm=[1, 0])
    s = g.node("MatMul", [q, kt], "scores")
    s = g.node("Mul", [s, g.const("scale", np.float32(1 / np.sqrt(dim)))], "scale")
    p = g.node("Softmax", [s], "softmax", axis=-1)
    a = g.node("MatMul", [p, v], "attn")
    g.node("Add", ["x", a], "residual")
    return g.model("attention", [("x", [tokens, dim])], [("y", [tokens, dim])])


def run_onnxruntime(path: Path, inputs: dict[str, np.ndarray]) -> list[np.ndarray]:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options)
    return session.run(None, inputs)


def random_inputs(model: Any, dims: dict[str, int], seed: int = 0) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    inits = {i.name for i in model.graph.initializer}
    inputs: dict[str, Any] = {}
    for v in model.graph.input:
        if v.name in inits:
            continue
        shape = [
            dims[d.dim_param] if d.dim_param else d.dim_value
            for d in v.type.tensor_type.shape.dim
        ]
        inputs[v.name] = rng.standard_normal(shape).astype(np.float32)
    return inputs


def simulate_import(
    module: Any, func: str, inputs: list[np.ndarray], outputs: list[Any]
) -> list[np.ndarray]:
    """C simulation of the imported `func`: inputs first, outputs last."""
    from allo_xdsl.sim import simulate

    zeros = [np.zeros(o.shape, np.float32) for o in outputs]
    result = simulate(module, func, [*inputs, *zeros], backend="csim")
    return list(result.args[len(inputs) :])
