"""
The `hls-cpp` target: the module as one Vitis HLS C++ translation unit
(`emit_hls_cpp`), then the QoR model's warnings for requested IIs that
cannot be met, on stderr.

The target is its own module so that what emits HLS C++ for other targets
and the simulators (`hls_cpp`) does not load the QoR model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from allo_xdsl.analysis.dataflow_form import check_module as check_dataflow_form
from allo_xdsl.analysis.hints import pipeline
from allo_xdsl.targets.hls_cpp import emit_hls_cpp
from allo_xdsl.targets.qor import estimate, print_warnings


@dataclass(frozen=True)
class HLSCppTarget(Target):
    """Vitis HLS C++ for the whole module (see `emit_hls_cpp`)."""

    name = "hls-cpp"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        check_dataflow_form(module)  # Vitis's requirement (C simulation has none)
        output.write(emit_hls_cpp(module))
        warn_unmet_ii(module)


def warn_unmet_ii(module: ModuleOp) -> None:
    """
    Print the QoR model's warnings for requested IIs that cannot be met
    (stderr only). The C++ is already written: whatever the model makes of
    the module must not change the output or the exit code."""
    if not any(pipeline(op) is not None for op in module.walk()):
        return  # no II was requested: nothing to warn about
    try:
        result = estimate(module)
    except Exception:
        if os.environ.get("ALLO_OPT_DEBUG"):
            raise
        return
    print_warnings(result)
