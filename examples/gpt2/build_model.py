"""
One GPT-2 decoder block at small size, as an ONNX model built with
`onnx.helper`: 16 tokens, d=64, 2 heads of 32, an MLP of 256.

    python examples/gpt2/build_model.py [OUT.onnx]   # default gpt2_block.onnx

x -> LayerNorm -> QKV (one matmul) -> per-head causal attention (scaled
scores, mask, softmax) -> projection -> + x -> LayerNorm -> MLP with GELU
(GPT-2's tanh form) -> + residual. Weights are random (seeded): the model
is built for checking the compilation, not for its predictions."""

from __future__ import annotations

import sys

import numpy as np
from onnx import ModelProto, TensorProto, helper, numpy_helper, save

TOKENS, DIM, HEADS, HIDDEN = 16, 64, 2, 256
HEAD = DIM // HEADS
F = TensorProto.FLOAT


class _Builder:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.nodes: list[object] = []
        self.inits: list[TensorProto] = []

    def tensor(self, name: str, data: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(data, name))
        return name

    def weight(self, name: str, *shape: int, scale: float = 0.1) -> str:
        data = self.rng.standard_normal(shape).astype(np.float32) * scale
        return self.tensor(name, data)

    def op(self, kind: str, inputs: list[str], name: str, **attrs: object) -> str:
        self.nodes.append(helper.make_node(kind, inputs, [name], name=name, **attrs))
        return name


def build(seed: int = 0) -> ModelProto:
    b = _Builder(seed)
    ones = np.ones(DIM, np.float32)
    zeros = np.zeros(DIM, np.float32)

    def layer_norm(x: str, name: str) -> str:
        g = b.tensor(
            f"{name}_g", ones + b.rng.standard_normal(DIM).astype(np.float32) * 0.1
        )
        beta = b.tensor(
            f"{name}_b", zeros + b.rng.standard_normal(DIM).astype(np.float32) * 0.1
        )
        return b.op("LayerNormalization", [x, g, beta], name, axis=-1, epsilon=1e-5)

    def linear(x: str, name: str, n_in: int, n_out: int) -> str:
        h = b.op("MatMul", [x, b.weight(f"{name}_w", n_in, n_out)], name)
        return b.op("Add", [h, b.weight(f"{name}_b", n_out)], f"{name}_bias")

    def heads(x: str, name: str, perm: list[int]) -> str:
        shape = b.tensor(f"{name}_shape", np.array([TOKENS, HEADS, HEAD], np.int64))
        h = b.op("Reshape", [x, shape], f"{name}_split")
        return b.op("Transpose", [h], f"{name}_heads", perm=perm)

    h = layer_norm("x", "ln1")
    qkv = linear(h, "qkv", DIM, 3 * DIM)
    sizes = b.tensor("qkv_sizes", np.array([DIM, DIM, DIM], np.int64))
    b.nodes.append(
        helper.make_node("Split", [qkv, sizes], ["q", "k", "v"], name="split", axis=1)
    )
    q = heads("q", "q", [1, 0, 2])  # [heads, tokens, head]
    kt = heads("k", "k", [1, 2, 0])  # [heads, head, tokens]
    v = heads("v", "v", [1, 0, 2])
    s = b.op("MatMul", [q, kt], "scores")
    scale = b.tensor("scale", np.array(1 / np.sqrt(HEAD), np.float32))
    s = b.op("Mul", [s, scale], "scaled")
    causal = np.triu(np.full((TOKENS, TOKENS), -1e4, np.float32), k=1)
    s = b.op("Add", [s, b.tensor("causal_mask", causal)], "masked")
    p = b.op("Softmax", [s], "softmax", axis=-1)
    a = b.op("MatMul", [p, v], "attend")  # [heads, tokens, head]
    a = b.op("Transpose", [a], "merge_heads", perm=[1, 0, 2])
    shape = b.tensor("merged_shape", np.array([TOKENS, DIM], np.int64))
    a = b.op("Reshape", [a, shape], "merged")
    a = linear(a, "proj", DIM, DIM)
    x1 = b.op("Add", ["x", a], "residual1")

    h = layer_norm(x1, "ln2")
    h = linear(h, "fc1", DIM, HIDDEN)
    cube = b.op("Pow", [h, b.tensor("three", np.array(3, np.float32))], "gelu_cube")
    c = b.tensor("gelu_c", np.array(0.044715, np.float32))
    inner = b.op("Add", [h, b.op("Mul", [cube, c], "gelu_scale")], "gelu_inner")
    k = b.tensor("gelu_k", np.array(np.sqrt(2 / np.pi), np.float32))
    t = b.op("Tanh", [b.op("Mul", [inner, k], "gelu_arg")], "gelu_tanh")
    one = b.tensor("one", np.array(1, np.float32))
    half = b.tensor("half", np.array(0.5, np.float32))
    gate = b.op("Mul", [b.op("Add", [t, one], "gelu_gate"), half], "gelu_half")
    h = b.op("Mul", [h, gate], "gelu")
    h = linear(h, "fc2", HIDDEN, DIM)
    b.op("Add", [x1, h], "residual2")
    b.nodes[-1].output[0] = "y"  # type: ignore[attr-defined]

    graph = helper.make_graph(
        b.nodes,  # type: ignore[arg-type]
        "gpt2_block",
        [helper.make_tensor_value_info("x", F, [TOKENS, DIM])],
        [helper.make_tensor_value_info("y", F, [TOKENS, DIM])],
        b.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    return model


if __name__ == "__main__":
    save(build(), sys.argv[1] if len(sys.argv) > 1 else "gpt2_block.onnx")
