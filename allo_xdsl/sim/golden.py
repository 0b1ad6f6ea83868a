"""
Golden test data of a kernel for the `vitis-project` target: random
inputs and the outputs that C simulation of the (unscheduled) kernel
computes on them."""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.dialects.builtin import MemRefType, ModuleOp

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.sim import numpy_dtype, simulate
from allo_xdsl.targets.csim import top_function
from allo_xdsl.targets.vitis_project import Golden


def golden_data(module: ModuleOp, top: str = "", seed: int = 0) -> Golden:
    """
    Random inputs for the parameters of `top` (floats in [-1, 1), integers
    in [-8, 8) or [0, 8) when unsigned) and what `top` computes on them."""
    name = top_function(module, top)
    rng = np.random.default_rng(seed)
    inputs: list[Any] = []
    for arg in find_func(module, name).args:
        t = arg.type
        element = t.element_type if isinstance(t, MemRefType) else t
        dtype = numpy_dtype(element)
        shape = tuple(t.get_shape()) if isinstance(t, MemRefType) else ()
        if dtype.kind == "f":
            value = rng.uniform(-1, 1, shape).astype(dtype)
        elif dtype.kind == "b":
            value = rng.integers(0, 2, shape).astype(dtype)
        else:
            low = 0 if dtype.kind == "u" else -8
            value = rng.integers(low, 8, shape).astype(dtype)
        inputs.append(value if shape else dtype.type(value))
    copies = [np.array(v, copy=True) for v in inputs]
    result = simulate(module, name, copies, backend="csim")
    return Golden(inputs=inputs, after=list(result.args), returns=list(result.returns))
