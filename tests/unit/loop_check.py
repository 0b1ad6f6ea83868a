"""
Semantic checks for the loop transformations: run a function before and
after a schedule on random inputs, with the interpreter and with C
simulation, and compare both runs with each other and with numpy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.sim import numpy_dtype, simulate

KERNELS = Path(__file__).parent.parent / "kernels"

Reference = Callable[..., Any]
"""Takes copies of the inputs, updates the output buffers in place, and
returns the function's results (or None)."""


def kernel_text(name: str) -> str:
    return (KERNELS / f"{name}.mlir").read_text()


def parse(text: str) -> ModuleOp:
    return read_mlir(make_context(), text, "test.mlir")


def transform(text: str, passes: Sequence[ModulePass]) -> ModuleOp:
    module = parse(text)
    ctx = make_context()
    for p in passes:
        p.apply(ctx, module)
    module.verify()
    return module


def random_inputs(module: ModuleOp, func: str, seed: int = 0) -> list[Any]:
    rng = np.random.default_rng(seed)
    inputs: list[Any] = []
    for arg in find_func(module, func).args:
        t = arg.type
        assert isinstance(t, MemRefType), "only memref arguments here"
        dtype = numpy_dtype(t.element_type)
        shape = tuple(t.get_shape())
        if dtype.kind == "f":
            inputs.append(rng.standard_normal(shape).astype(dtype))
        else:
            inputs.append(rng.integers(-8, 8, shape).astype(dtype))
    return inputs


def _same(a: Any, b: Any) -> bool:
    return np.array_equal(np.asarray(a), np.asarray(b))


def _close(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind == "f":
        return np.allclose(a, b, rtol=1e-4, atol=1e-4)
    return np.array_equal(a, b)


def check_schedule(
    text: str,
    func: str,
    passes: Sequence[ModulePass],
    reference: Reference,
    backends: Sequence[str] = ("interpreter",),
    seed: int = 0,
) -> ModuleOp:
    """
    Apply `passes` to `text`; check that `func` computes the same as
    before (bit for bit) and as `reference` (to rounding), on every backend.
    Returns the transformed module."""
    before = parse(text)
    after = transform(text, passes)
    inputs = random_inputs(before, func, seed)
    expected_args = [np.array(a, copy=True) for a in inputs]
    expected_returns = reference(*expected_args)
    if expected_returns is not None and not isinstance(expected_returns, tuple):
        expected_returns = (expected_returns,)
    for backend in backends:
        old = simulate(before, func, inputs, backend=backend)  # type: ignore[arg-type]
        new = simulate(after, func, inputs, backend=backend)  # type: ignore[arg-type]
        for k, (x, y) in enumerate(zip(old.args, new.args, strict=True)):
            assert _same(x, y), f"{backend}: argument {k} differs from the original"
        for k, (x, y) in enumerate(zip(old.returns, new.returns, strict=True)):
            assert _same(x, y), f"{backend}: result {k} differs from the original"
        for k, (x, y) in enumerate(zip(new.args, expected_args, strict=True)):
            assert _close(x, y), f"{backend}: argument {k} differs from numpy"
        for k, (x, y) in enumerate(
            zip(new.returns, expected_returns or (), strict=True)
        ):
            assert _close(x, y), f"{backend}: result {k} differs from numpy"
    return after


def loop_order(module: ModuleOp, func: str) -> list[str]:
    """The loop names of `func`, outer before inner."""
    from allo_xdsl.analysis.lookup import loop_name, loops_of

    return [loop_name(loop) or "?" for loop in loops_of(find_func(module, func))]


# numpy references of the kernels in tests/kernels and of the tests' own


def gemm_ref(a: Any, b: Any, c: Any) -> None:
    c += a @ b


def gemm_i32_ref(a: Any, b: Any) -> Any:
    return (a.astype(np.int64) @ b.astype(np.int64)).astype(np.int32)


def blur1d_ref(a: Any, b: Any) -> None:
    b[:] = (a[:-2] + a[1:-1] + a[2:]) / np.float32(3.0)


def stencil2d_ref(a: Any, b: Any) -> None:
    b[:] = a
    b[1:-1, 1:-1] = (
        a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] - 4 * a[1:-1, 1:-1]
    )


def if_min_ref(a: Any, b: Any) -> None:
    rows, cols = np.indices(a.shape)
    b[:] = np.where(rows >= cols, a, np.float32(-1.0))
