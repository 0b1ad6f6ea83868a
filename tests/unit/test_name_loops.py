"""name-loops only adds names: the kernel computes the same, names are
stable under a second run, and existing names are kept."""

import numpy as np
from conftest import KERNELS

from allo_xdsl.analysis.lookup import band_name, loop_name, loops_of
from allo_xdsl.context import make_context
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.name_loops import NameLoopsPass
from allo_xdsl.passes.normalize_affine import NormalizeAffinePass
from allo_xdsl.sim import simulate


def test_naming_keeps_results_and_is_idempotent():
    ctx = make_context()
    path = KERNELS / "stencil2d.mlir"
    module = parse_module(ctx, path.read_text(), str(path), prepare=False)
    NormalizeAffinePass().apply(ctx, module)
    rng = np.random.default_rng(3)
    a = rng.integers(-1000, 1000, (10, 12), dtype=np.int32)
    b = np.zeros((10, 12), np.int32)
    before = simulate(module, "stencil2d", [a, b])
    NameLoopsPass().apply(ctx, module)
    names = [(loop_name(x), band_name(x)) for x in loops_of(module)]
    assert names == [("i", "S_i_0"), ("j", "S_i_0"), ("i", "S_i_1"), ("j", "S_i_1")]
    NameLoopsPass().apply(ctx, module)
    assert names == [(loop_name(x), band_name(x)) for x in loops_of(module)]
    after = simulate(module, "stencil2d", [a, b])
    assert np.array_equal(before.args[1], after.args[1])
