"""
The 13 PolyBench kernels of examples/polybench: each published.yaml applies
to the MEDIUM kernel, and at the SMALL test sizes both the unscheduled kernel
(interpreter) and the scheduled one (C simulation) compute what PolyBench
defines, written here in numpy from the PolyBench 4.2.1 sources (in Allo's
form where the published design changes the constants: 2mm, gemm, gesummv).

The 13 scheduled kernels are C-simulated by one program (one g++ run): their
functions are renamed apart and a top function calls every kernel's top.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import FunctionType, ModuleOp, StringAttr, SymbolRefAttr
from xdsl.ir import Block, Region

from allo_xdsl.api import parse
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples" / "polybench"


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "polybench_generate", EXAMPLES / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
F32 = np.float32
Arrays = list[np.ndarray[Any, Any]]


# ----- PolyBench in numpy: inputs (in the order of the top's arguments) and
# the expected value of each output argument, by argument index -----


def _rand(rng: np.random.Generator, *shape: int) -> np.ndarray[Any, Any]:
    return rng.random(shape, dtype=F32)


def _2mm(rng: np.random.Generator, NI: int, NJ: int, NK: int, NL: int) -> Any:
    A, B, C = _rand(rng, NI, NK), _rand(rng, NK, NJ), _rand(rng, NJ, NL)
    D, out = _rand(rng, NI, NL), _rand(rng, NI, NL)
    A64, B64, C64, D64 = (x.astype(np.float64) for x in (A, B, C, D))
    return [A, B, C, D, out], {4: 0.5 * (A64 @ B64) @ C64 + 0.1 * D64}


def _3mm(rng: np.random.Generator, NI: int, NJ: int, NK: int, NL: int, NM: int) -> Any:
    A, B, C = _rand(rng, NI, NK), _rand(rng, NK, NJ), _rand(rng, NJ, NM)
    D, G = _rand(rng, NM, NL), _rand(rng, NI, NL)
    A64, B64, C64, D64 = (x.astype(np.float64) for x in (A, B, C, D))
    return [A, B, C, D, G], {4: (A64 @ B64) @ (C64 @ D64)}


def _atax(rng: np.random.Generator, M: int, N: int) -> Any:
    A, x, y = _rand(rng, M, N), _rand(rng, N), _rand(rng, N)
    A64 = A.astype(np.float64)
    return [A, A, x, y], {3: A64.T @ (A64 @ x)}


def _bicg(rng: np.random.Generator, M: int, N: int) -> Any:
    A, p, r = _rand(rng, N, M), _rand(rng, M), _rand(rng, N)
    s, q = _rand(rng, M), _rand(rng, N)
    A64 = A.astype(np.float64)
    return [A, A, p, r, s, q], {4: A64.T @ r, 5: A64 @ p}


def _correlation(rng: np.random.Generator, M: int, N: int) -> Any:
    data = _rand(rng, N, M)
    data[:, 1] = 0.25  # a constant column: its stddev is clamped to 1
    d = data.astype(np.float64)
    mean = d.sum(axis=0) / N
    std = np.sqrt(((d - mean) ** 2).sum(axis=0) / N)
    std = np.where(std <= 0.1, 1.0, std)
    cen = (d - mean) / (np.sqrt(N) * std)
    corr = cen.T @ cen
    np.fill_diagonal(corr, 1.0)
    return [data, data, data, _rand(rng, M, M)], {3: corr}


def _gemm(rng: np.random.Generator, NI: int, NJ: int, NK: int) -> Any:
    A, B, C = _rand(rng, NI, NK), _rand(rng, NK, NJ), _rand(rng, NI, NJ)
    out = _rand(rng, NI, NJ)
    expected = A.astype(np.float64) @ B + 0.1 * C.astype(np.float64)
    return [A, B, C, out], {3: expected}


def _gesummv(rng: np.random.Generator, N: int) -> Any:
    A, B, x, out = _rand(rng, N, N), _rand(rng, N, N), _rand(rng, N), _rand(rng, N)
    x64 = x.astype(np.float64)
    return [A, B, x, out], {3: 0.1 * (A @ x64) + 0.1 * (B @ x64)}


def _jacobi_2d(rng: np.random.Generator, TSTEPS: int, N: int) -> Any:
    A, B = _rand(rng, N, N), _rand(rng, N, N)
    a, b = A.astype(np.float64), B.astype(np.float64)

    def sweep(src: Any, dst: Any) -> None:
        dst[1:-1, 1:-1] = 0.2 * (
            src[1:-1, 1:-1]
            + src[1:-1, :-2]
            + src[1:-1, 2:]
            + src[2:, 1:-1]
            + src[:-2, 1:-1]
        )

    for _ in range(TSTEPS):
        sweep(a, b)
        sweep(b, a)
    return [A, B], {0: a, 1: b}


def _mvt(rng: np.random.Generator, N: int) -> Any:
    A = _rand(rng, N, N)
    x1, x2, y1, y2 = (_rand(rng, N) for _ in range(4))
    x1_out, x2_out = _rand(rng, N), _rand(rng, N)
    A64 = A.astype(np.float64)
    expected = {6: x1 + A64 @ y1, 7: x2 + A64.T @ y2}
    return [A, A, x1, x2, y1, y2, x1_out, x2_out], expected


def _symm(rng: np.random.Generator, M: int, N: int) -> Any:
    A, B, C = _rand(rng, M, M), _rand(rng, M, N), _rand(rng, M, N)
    a, b, c = (x.astype(np.float64) for x in (A, B, C))
    alpha, beta = 1.5, 1.2
    for i in range(M):  # PolyBench's loop nest, vectorized over j
        temp2 = np.zeros(N)
        for k in range(i):
            c[k] += alpha * b[i] * a[i, k]
            temp2 += b[k] * a[i, k]
        c[i] = beta * c[i] + alpha * b[i] * a[i, i] + alpha * temp2
    return [A, A, B, B, C], {4: c}


def _lower(N: int) -> Any:
    return np.tril(np.ones((N, N), dtype=bool))


def _syr2k(rng: np.random.Generator, M: int, N: int) -> Any:
    A, B, C, out = (
        _rand(rng, N, M),
        _rand(rng, N, M),
        _rand(rng, N, N),
        _rand(rng, N, N),
    )
    a, b, c = (x.astype(np.float64) for x in (A, B, C))
    lower = 1.2 * c + 1.5 * (a @ b.T) + 1.5 * (b @ a.T)
    return [A, A, B, B, C, out], {5: np.where(_lower(N), lower, c)}


def _syrk(rng: np.random.Generator, M: int, N: int) -> Any:
    A, C, out = _rand(rng, N, M), _rand(rng, N, N), _rand(rng, N, N)
    a, c = A.astype(np.float64), C.astype(np.float64)
    lower = 1.2 * c + 1.5 * (a @ a.T)
    return [A, A, C, out], {3: np.where(_lower(N), lower, c)}


def _trmm(rng: np.random.Generator, M: int, N: int) -> Any:
    A, B = _rand(rng, M, M), _rand(rng, M, N)
    below = np.tril(A.astype(np.float64), -1)  # A[k][i] for k > i
    return [A, B], {1: 1.5 * (B + below.T @ B)}


CASES: dict[str, Callable[..., Any]] = {
    "2mm": _2mm,
    "3mm": _3mm,
    "atax": _atax,
    "bicg": _bicg,
    "correlation": _correlation,
    "gemm": _gemm,
    "gesummv": _gesummv,
    "jacobi-2d": _jacobi_2d,
    "mvt": _mvt,
    "symm": _symm,
    "syr2k": _syr2k,
    "syrk": _syrk,
    "trmm": _trmm,
}


def case(
    kernel: str, seed: int, sizes: dict[str, dict[str, int]] | None = None
) -> tuple[Arrays, dict[int, Any]]:
    rng = np.random.default_rng(seed)
    return CASES[kernel](rng, **(sizes or gen.SMALL)[kernel])


def check(
    kernel: str, args: tuple[Any, ...], expected: dict[int, Any], tolerance: float
) -> None:
    for index, value in expected.items():
        np.testing.assert_allclose(
            args[index],
            value,
            rtol=tolerance,
            atol=tolerance,
            err_msg=f"{kernel}: argument {index}",
        )


def scheduled(
    kernel: str, text: str, schedule: str = "published.yaml"
) -> tuple[Any, ModuleOp]:
    """`text` (a kernel's MLIR) with `published.yaml` (or `schedule`) applied."""
    ctx, module = parse(text, f"{kernel}.mlir")
    load_pipeline(str(EXAMPLES / kernel / schedule)).apply(ctx, module)
    return ctx, module


DSE_KERNELS = [k for k in gen.KERNELS if (EXAMPLES / k / "dse.yaml").is_file()]
"""Kernels with the schedule allo-dse found (benchmarks/dse_polybench.py)."""


# ----- the files -----


def test_committed_kernels_are_the_generated_medium_ones() -> None:
    for kernel in gen.KERNELS:
        text = (EXAMPLES / kernel / "kernel.mlir").read_text()
        assert text == gen.generate(kernel), f"regenerate {kernel}/kernel.mlir"


def test_small_sizes_keep_the_published_factors() -> None:
    # symm's unroll and cyclic factor 24 must divide N at both sizes.
    assert gen.MEDIUM["symm"]["N"] % 24 == 0
    assert gen.SMALL["symm"]["N"] % 24 == 0


@pytest.mark.parametrize("kernel", gen.KERNELS)
def test_published_schedule_applies_to_medium(kernel: str) -> None:
    from allo_xdsl.api import emit

    ctx, module = scheduled(kernel, (EXAMPLES / kernel / "kernel.mlir").read_text())
    cpp = emit(ctx, module, "hls-cpp")
    assert f"void {gen.TOPS[kernel]}(" in cpp


# ----- the algorithms -----


@pytest.mark.parametrize("kernel", gen.KERNELS)
def test_unscheduled_kernel_equals_numpy(kernel: str) -> None:
    args, expected = case(kernel, seed=1)
    _, module = parse(gen.generate(kernel, gen.SMALL[kernel]), f"{kernel}.mlir")
    result = simulate(module, gen.TOPS[kernel], args, backend="interpreter")
    check(kernel, result.args, expected, 1e-5)


def combined(modules: dict[str, ModuleOp], tops: dict[str, str]) -> ModuleOp:
    """
    One module holding every module's functions, renamed `<prefix>_<name>`,
    and `polybench_all`, which takes every top's arguments in turn and calls
    each top."""
    ops: list[func.FuncOp] = []
    types: list[Any] = []
    spans: list[tuple[str, int, int]] = []
    for prefix, module in modules.items():
        funcs = [op for op in module.body.block.ops if isinstance(op, func.FuncOp)]
        for fn in funcs:
            fn.sym_name = StringAttr(f"{prefix}_{fn.sym_name.data}")
            for call in fn.walk():
                if isinstance(call, func.CallOp):
                    name = call.callee.root_reference.data
                    call.callee = SymbolRefAttr(f"{prefix}_{name}")
            fn.detach()
            ops.append(fn)
        top = next(fn for fn in funcs if fn.sym_name.data == f"{prefix}_{tops[prefix]}")
        inputs = list(top.function_type.inputs.data)
        spans.append((top.sym_name.data, len(types), len(types) + len(inputs)))
        types += inputs
    block = Block(arg_types=types)
    for name, start, end in spans:
        block.add_op(func.CallOp(name, list(block.args[start:end]), []))
    block.add_op(func.ReturnOp())
    all_fn = func.FuncOp(
        "polybench_all", FunctionType.from_lists(types, []), Region(block)
    )
    return ModuleOp([*ops, all_fn])


def _prefix(kernel: str) -> str:
    return "k" + kernel.replace("-", "_")


@pytest.mark.parametrize("kernel", DSE_KERNELS)
def test_dse_schedule_applies_to_medium(kernel: str) -> None:
    from allo_xdsl.api import emit

    text = (EXAMPLES / kernel / "kernel.mlir").read_text()
    ctx, module = scheduled(kernel, text, "dse.yaml")
    assert f"void {gen.TOPS[kernel]}(" in emit(ctx, module, "hls-cpp")


def test_published_schedules_csim_equals_numpy() -> None:
    csim_all(gen.KERNELS, "published.yaml")


@pytest.mark.skipif(not DSE_KERNELS, reason="no dse.yaml")
def test_dse_schedules_csim_equals_numpy() -> None:
    # At the sizes they were searched for: allo-dse's factors need not
    # divide the SMALL trip counts. f32 sums of up to 250 terms in [0, 1)
    # round off up to 250 * 2**-24 ~ 1.5e-5 of their value (Higham's bound
    # n * u); 1e-4 leaves room, and a wrong schedule is off by far more.
    csim_all(DSE_KERNELS, "dse.yaml", gen.MEDIUM, tolerance=1e-4)


def csim_all(
    kernels: list[str],
    schedule: str,
    sizes: dict[str, dict[str, int]] | None = None,
    tolerance: float = 1e-5,
) -> None:
    """
    Every kernel at `sizes` (default SMALL) with `schedule` applied, in one
    C simulation, against numpy."""
    modules: dict[str, ModuleOp] = {}
    tops: dict[str, str] = {}
    inputs: Arrays = []
    checks: list[tuple[str, int, dict[int, Any]]] = []
    for kernel in kernels:
        size = (sizes or gen.SMALL)[kernel]
        _, module = scheduled(kernel, gen.generate(kernel, size), schedule)
        modules[_prefix(kernel)] = module
        tops[_prefix(kernel)] = gen.TOPS[kernel]
        args, expected = case(kernel, seed=2, sizes=sizes)
        checks.append((kernel, len(inputs), expected))
        inputs += args
    result = simulate(combined(modules, tops), "polybench_all", inputs, backend="csim")
    for kernel, start, expected in checks:
        check(kernel, result.args[start:], expected, tolerance)
