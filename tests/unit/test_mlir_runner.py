"""
Proof 2: the circt export, lowered by mlir-opt-22 and run by
mlir-runner-22 (`simulate(..., backend="mlir")`), computes what numpy and
the C simulation compute, on the kernels of the C simulation tests and for
every customization primitive."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import test_csim
import test_streams
from circt_cases import CASES, passes_of
from loop_check import (
    blur1d_ref,
    check_schedule,
    gemm_i32_ref,
    gemm_ref,
    if_min_ref,
    kernel_text,
    parse,
    random_inputs,
    stencil2d_ref,
)

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim import simulate
from allo_xdsl.sim.csim import run_csim
from allo_xdsl.sim.mlir_runner import run_mlir

pytestmark = pytest.mark.needs("g++", "hls4ml", "mlir-opt-22", "mlir-runner-22")

F32 = np.float32

KERNELS = {
    "gemm_f32": ("gemm", gemm_ref),
    "gemm_i32_ret": ("gemm_i32", gemm_i32_ref),
    "blur1d": ("blur1d", blur1d_ref),
    "stencil2d": ("stencil2d", stencil2d_ref),
    "if_min": ("tri", if_min_ref),
}


@pytest.mark.parametrize("level", ["affine", "cf"])
@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernels_equal_numpy(name: str, level: str) -> None:
    func, reference = KERNELS[name]
    module = parse(kernel_text(name))
    inputs = random_inputs(module, func, seed=3)
    expected = [np.array(a, copy=True) for a in inputs]
    returned = reference(*expected)
    result = run_mlir(module, func, inputs, level=level)
    for got, want in zip(result.args, expected, strict=True):
        assert got.dtype == want.dtype
        if got.dtype.kind == "f":
            # numpy's matmul sums in another order than the loops.
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
        else:
            np.testing.assert_array_equal(got, want)
    if returned is not None:
        (got,) = result.returns
        assert got.dtype == returned.dtype
        np.testing.assert_array_equal(got, returned)


def _same(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


def _csim_inputs(rng: np.random.Generator) -> dict[str, tuple[str, list[Any]]]:
    f32 = rng.standard_normal
    return {
        "SCF": (
            "scf_kernel",
            [rng.integers(-50, 50, 16, dtype=np.int32), 9, np.full(16, 7, np.int32)],
        ),
        "MATH": (
            "math_kernel",
            [
                rng.uniform(-3, 3, (4, 8)).astype(F32),
                np.zeros((4, 8), F32),
                np.zeros(8),
            ],
        ),
        "CASTS": (
            "casts",
            [
                rng.integers(-(2**31), 2**31, 8, dtype=np.int64).astype(np.int32),
                rng.integers(1, 2**31, 8, dtype=np.int64).astype(np.int32),
                rng.uniform(-1e3, 1e3, 8).astype(F32),
                np.zeros((16, 8), np.int32),
                np.zeros((4, 8), F32),
                np.zeros((2, 8), np.int64),
                np.zeros((2, 8), np.int8),
            ],
        ),
        "FCMP": (
            "fcmp",
            [
                np.array([1, 2, 3, np.nan, np.nan, 0.0, -0.0, np.inf], F32),
                np.array([1, 3, 2, 1, np.nan, -0.0, 0.0, np.inf], F32),
                np.zeros((16, 8), bool),
            ],
        ),
        "CALLS": ("top", [f32((4, 4)).astype(F32), f32((4, 4)).astype(F32)]),
        "AFFINE": ("divs", [np.zeros((5, 16), np.int64), 3]),
        "MEMORY": (
            "memory",
            [
                f32((8, 8)).astype(F32),
                np.zeros((4, 4), F32),
                np.array(1.5, F32),
                np.ones((4, 4), F32),
            ],
        ),
        "NARROW": (
            "narrow",
            [
                rng.integers(-2048, 2048, 8, dtype=np.int16),
                rng.integers(-2048, 2048, 8, dtype=np.int16),
                np.zeros((4, 8), np.int16),
                np.zeros(8, np.int32),
            ],
        ),
    }


@pytest.mark.parametrize(
    "name", ["SCF", "MATH", "CASTS", "FCMP", "CALLS", "AFFINE", "MEMORY", "NARROW"]
)
def test_csim_kernels_equal_c_simulation(name: str) -> None:
    """
    The C simulation tests check these kernels against numpy; the export
    must give the very same bits (both use the host's libm)."""
    func, inputs = _csim_inputs(np.random.default_rng(7))[name]
    text = getattr(test_csim, name)
    expected = run_csim(parse(text), func, inputs)
    for level in ("affine", "cf"):
        result = run_mlir(parse(text), func, inputs, level=level)
        pairs = [
            *zip(result.args, expected.args, strict=True),
            *zip(result.returns, expected.returns, strict=True),
        ]
        assert len(result.returns) == len(expected.returns)
        for k, (got, want) in enumerate(pairs):
            assert _same(got, want), f"{name} at {level}: value {k} differs"


@pytest.mark.parametrize("n", [20, 9, 1])
def test_max_lower_and_min_upper_bounds(n: int) -> None:
    A = np.arange(16, dtype=np.int32)
    (after,) = simulate(parse(test_csim.AFFINE), "bounds", [A, n], "mlir").args[:1]
    expected = A.copy()
    expected[max(2, n - 10) : min(n, 14) : 3] += 1
    np.testing.assert_array_equal(after, expected)


@pytest.mark.parametrize("primitive", sorted(CASES))
def test_primitive_keeps_semantics(primitive: str) -> None:
    case = CASES[primitive]
    check_schedule(case.text, case.func, passes_of(case), case.reference, ("mlir",))


@pytest.mark.parametrize("level", ["affine", "cf"])
def test_stream_scenarios_equal_numpy(level: str) -> None:
    """
    `to` through `lower-streams`: every scenario of the streams tests
    (producer/consumer functions, two bands of one function, a chain, a
    fork, 2mm) in one mlir-runner run, equal to numpy and to the
    interpreter running the streams themselves."""
    module = test_streams.streamed_module()
    inputs, flat = test_streams.all_inputs(seed=4)
    result = run_mlir(module, "all", flat, level=level)
    test_streams.check_all(result.args, inputs, f"mlir at {level}")
    interpreted = simulate(module, "all", flat, "interpreter")
    for k, (got, want) in enumerate(zip(result.args, interpreted.args, strict=True)):
        assert _same(got, want), f"argument {k} differs from the interpreter"


def test_wrong_arguments() -> None:
    module = parse(kernel_text("blur1d"))
    with pytest.raises(AlloError, match="shape \\(18,\\)"):
        run_mlir(module, "blur1d", [np.zeros(17, F32), np.zeros(16, F32)])
    with pytest.raises(AlloError, match="takes 2 arguments"):
        run_mlir(module, "blur1d", [np.zeros(18, F32)])
