"""
An analytic model of what Vitis HLS C synthesis reports (DESIGN.md
section 12): per function latency, interval and resources, per loop trip
count, II and what limits it, depth and latency; and warnings where a
requested II cannot be met.

    from allo_xdsl.qor import estimate
    result = estimate(module, device="u280")
    result.functions["gemm"].latency, result.to_json(), result.warnings

The model reads hardware hints only through `allo_xdsl.analysis.hints`.
"""

from __future__ import annotations

from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.qor.device import Device, available_devices, load_device
from allo_xdsl.qor.estimator import Model, top_function
from allo_xdsl.qor.ii_warnings import ii_warnings
from allo_xdsl.qor.report import (
    Estimate,
    FunctionReport,
    IIWarning,
    LoopReport,
    Resources,
)

__all__ = [
    "Device",
    "Estimate",
    "FunctionReport",
    "IIWarning",
    "LoopReport",
    "Resources",
    "available_devices",
    "estimate",
    "load_device",
]


def estimate(module: ModuleOp, device: str = "u280") -> Estimate:
    """The QoR estimate of every function of `module` on `device`."""
    model = Model(module, load_device(device))
    functions = {name: model.function(fn) for name, fn in model.funcs.items()}
    return Estimate(model.device, top_function(module), functions, ii_warnings(model))
