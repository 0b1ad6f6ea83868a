"""
Output targets: `mlir` (xDSL's printer), `hls-cpp`, `csim` (HLS C++ with a
test-bench `main`), `circt` (upstream MLIR for CIRCT and mlir-opt) and
`verilog` (SystemVerilog through CIRCT), `qor` and `qor-json` (the QoR
estimate of `allo_xdsl.qor`), `vitis-project`.

Targets only print. One that needs lowering first (circt, verilog, csim)
says so as a `LoweringTarget`: the builtin pipeline that prepares a module
for it, and whether a module is ready; `allo-opt` and `allo_xdsl.api` run
that pipeline when it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Protocol, runtime_checkable

from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

# target name -> (module under allo_xdsl.targets, class name); loaded on use,
# as the passes are, so that listing targets imports nothing heavy.
_TARGETS: dict[str, tuple[str, str]] = {
    "hls-cpp": ("hls_cpp", "HLSCppTarget"),
    "qor": ("qor", "QorTarget"),
    "qor-json": ("qor", "QorJsonTarget"),
    "csim": ("csim", "CSimTarget"),
    "circt": ("circt", "CirctTarget"),
    "verilog": ("verilog", "VerilogTarget"),
    "vitis-project": ("vitis_project", "VitisProjectTarget"),
}


@runtime_checkable
class LoweringTarget(Protocol):
    """A target that prints what a builtin pipeline has lowered."""

    @property
    def pipeline(self) -> str:
        """The builtin pipeline that prepares a module for this target."""
        ...

    def accepts(self, module: ModuleOp) -> bool:
        """Whether `module` is ready to print as it is."""
        ...


def get_allo_targets() -> dict[str, Callable[[], type[Target]]]:
    return {name: _loader(*where) for name, where in _TARGETS.items()}


def _loader(module_name: str, class_name: str) -> Callable[[], type[Target]]:
    def load() -> type[Target]:
        cls = getattr(import_module(f"allo_xdsl.targets.{module_name}"), class_name)
        assert issubclass(cls, Target)
        return cls

    return load
