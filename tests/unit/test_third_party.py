"""
Third-party MLIR as producers emit it (tests/kernels/third_party: written
for this project in the style of Polygeist, ScaleHLS, CIRCT, torch-mlir and
upstream MLIR) goes through `allo-opt -t hls-cpp`, and computes what numpy
computes, in the interpreter and in C simulation.

The references are written from the kernels' definitions (PolyBench's
GEMM, ATAX, SYRK; a convolution; ...), not from allo-xdsl's output.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from allo_xdsl.api import parse
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

CORPUS = Path(__file__).parent.parent / "kernels" / "third_party"
F32, F64, I32 = np.float32, np.float64, np.int32

Args = list[Any]


@dataclass(frozen=True)
class Case:
    """
    Kernel `func` of `file`: `make` builds its arguments, `expect` the
    arguments (by position) as numpy says they end, and the returns."""

    file: str
    func: str
    make: Callable[[np.random.Generator], Args]
    expect: Callable[[Args], tuple[dict[int, Any], tuple[Any, ...]]]


def _normal(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> Any:
    return rng.standard_normal(shape).astype(dtype)


def _gemm(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    alpha, beta, C, A, B = args[3], args[4], args[5], args[6], args[7]
    return {5: beta * C + alpha * (A @ B)}, ()


def _atax(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    A, x = args[2], args[3]
    tmp = A @ x
    return {4: A.T @ tmp, 5: tmp}, ()


def _syrk(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    alpha, beta, C, A = args[2], args[3], args[4], args[5]
    full = beta * C + alpha * (A @ A.T)
    lower = np.tril(np.ones_like(C, dtype=bool))
    return {4: np.where(lower, full, C)}, ()


def _scalehls_gemm(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    alpha, beta, C, A, B = args
    return {2: beta * C + alpha * (A @ B)}, ()


def _conv_relu(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    x, w = args[0][0, 0], args[1][:, 0]
    y = np.zeros((1, 2, 3, 3), F32)
    for f in range(2):
        for i in range(3):
            for j in range(3):
                y[0, f, i, j] = np.sum(x[i : i + 3, j : j + 3] * w[f])
    return {2: np.maximum(y, 0)}, ()


def _linear(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    weights = np.array(
        [[0.5, -1.0, 0.25, 2.0], [1.5, 0.0, -0.5, 1.0], [-2.0, 0.75, 1.0, -0.25]],
        F32,
    )
    bias = np.array([0.1, -0.2, 0.3], F32)
    hidden = np.maximum(weights @ args[0].reshape(4) + bias, 0)
    out = np.zeros((1, 5), F32)
    out[0, 1:4] = hidden
    return {1: out}, ()


def _transpose_scale(args: Args) -> tuple[dict[int, Any], tuple[Any, ...]]:
    A, _, s = args
    return {1: (A * s).T}, ()


CASES = [
    Case(
        "polygeist_gemm",
        "kernel_gemm",
        lambda r: (
            [6, 7, 5, 1.5, 0.5] + [_normal(r, s, F64) for s in ((6, 7), (6, 5), (5, 7))]
        ),
        _gemm,
    ),
    Case(
        "polygeist_atax",
        "kernel_atax",
        lambda r: (
            [4, 6, _normal(r, (4, 6), F64), _normal(r, (6,), F64)]
            + [np.zeros(6, F64), np.zeros(4, F64)]
        ),
        _atax,
    ),
    Case(
        "polygeist_syrk",
        "kernel_syrk",
        lambda r: [5, 4, 1.5, 0.5, _normal(r, (5, 5), F64), _normal(r, (5, 4), F64)],
        _syrk,
    ),
    Case(
        "scalehls_gemm",
        "gemm",
        lambda r: (
            [F32(1.5), F32(0.5)]
            + [_normal(r, s, F32) for s in ((4, 6), (4, 3), (3, 6))]
        ),
        _scalehls_gemm,
    ),
    Case(
        "circt_dot",
        "dot",
        lambda r: [r.integers(-100, 100, 8, dtype=I32) for _ in range(2)],
        lambda a: ({}, (np.int32(np.dot(a[0], a[1])),)),
    ),
    Case(
        "upstream_affine_parallel",
        "transpose_scale",
        lambda r: [_normal(r, (6, 5), F32), np.zeros((5, 6), F32), F32(2.5)],
        _transpose_scale,
    ),
    Case(
        "upstream_scf_parallel",
        "add_bias",
        lambda r: [
            r.integers(-100, 100, (3, 4), dtype=I32),
            r.integers(-100, 100, 4, dtype=I32),
            np.zeros((3, 4), I32),
        ],
        lambda a: ({2: a[0] + a[1][None, :]}, ()),
    ),
    Case(
        "torch_mlir_linear",
        "main_graph",
        lambda r: [_normal(r, (1, 2, 2), F32), np.ones((1, 5), F32), 1],
        _linear,
    ),
    Case(
        "linalg_conv_relu",
        "conv_relu",
        lambda r: [
            _normal(r, (1, 1, 5, 5), F32),
            _normal(r, (2, 1, 3, 3), F32),
            np.full((1, 2, 3, 3), 7, F32),
        ],
        _conv_relu,
    ),
    Case(
        "linalg_matmul",
        "matmul",
        lambda r: [
            r.integers(-50, 50, (3, 4), dtype=I32),
            r.integers(-50, 50, (4, 2), dtype=I32),
            np.full((3, 2), 9, I32),
            np.zeros((3, 2), I32),
        ],
        lambda a: ({2: a[0] @ a[1], 3: a[0] @ a[1]}, ()),
    ),
]


def _check(result: Any, case: Case, args: Args) -> None:
    outputs, returns = case.expect(
        [a.copy() if hasattr(a, "copy") else a for a in args]
    )
    for index, expected in outputs.items():
        np.testing.assert_allclose(result.args[index], expected, rtol=1e-5, atol=1e-6)
    assert len(result.returns) == len(returns)
    for got, expected in zip(result.returns, returns, strict=True):
        np.testing.assert_allclose(got, expected)


def test_the_corpus_is_all_here() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.mlir")) == sorted(
        c.file for c in CASES
    )


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_hls_cpp_from_the_command_line(case: Case) -> None:
    path = CORPUS / f"{case.file}.mlir"
    done = subprocess.run(
        ["allo-opt", str(path), "-t", "hls-cpp"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"void {case.func}(" in done.stdout


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_computes_what_numpy_computes(case: Case, backend: str) -> None:
    path = CORPUS / f"{case.file}.mlir"
    _, module = parse(path.read_text(), str(path))
    args = case.make(np.random.default_rng(7))
    result = simulate(module, case.func, args, backend=backend)  # type: ignore[arg-type]
    _check(result, case, args)
