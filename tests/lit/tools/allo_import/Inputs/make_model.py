"""
Write a tiny ONNX model for allo-import's lit tests: make_model.py KIND OUT.

KIND: `tiny` (Gemm, Relu: names, globals, out-parameters), `dynamic` (a
symbolic batch dimension), `unsupported` (an operator torch-mlir cannot
convert)."""

import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

F = TensorProto.FLOAT


def weight(name, shape):
    data = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 8
    return numpy_helper.from_array(data, name)


def tiny(batch):
    nodes = [
        helper.make_node("Gemm", ["x", "w", "b"], ["h"], name="fc/1", transB=1),
        helper.make_node("Relu", ["h"], ["y"], name="relu.1"),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("x", F, [batch, 3])],
        [helper.make_tensor_value_info("y", F, [batch, 2])],
        [weight("w", (2, 3)), weight("b", (2,))],
    )
    return graph


def unsupported():
    node = helper.make_node("Frobnicate", ["x"], ["y"], name="frob1", domain="acme")
    return helper.make_graph(
        [node],
        "frob",
        [helper.make_tensor_value_info("x", F, [3, 3])],
        [helper.make_tensor_value_info("y", F, [3, 3])],
    )


KINDS = {
    "tiny": lambda: tiny(1),
    "dynamic": lambda: tiny("batch"),
    "unsupported": unsupported,
}

graph = KINDS[sys.argv[1]]()
opsets = [helper.make_opsetid("", 17), helper.make_opsetid("acme", 1)]
model = helper.make_model(graph, opset_imports=opsets)
model.ir_version = 9
save(model, sys.argv[2])
