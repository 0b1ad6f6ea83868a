"""The registry of allo-xdsl passes.

Every pass is registered here by name with a lazy factory, so that listing
passes imports nothing heavy. `PRIMITIVES` maps each customization primitive
(the YAML and `sched` name) to the pass that implements it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from xdsl.passes import ModulePass

# pass name -> (module under allo_xdsl.passes, class name)
_PASSES: dict[str, tuple[str, str]] = {
    "normalize-affine": ("normalize_affine", "NormalizeAffinePass"),
    "name-loops": ("name_loops", "NameLoopsPass"),
    "apply-schedules": ("apply_schedules", "ApplySchedulesPass"),
}

# primitive name -> pass name
PRIMITIVES: dict[str, str] = {}


def _factory(module: str, cls: str) -> Callable[[], type[ModulePass]]:
    def load() -> type[ModulePass]:
        return getattr(import_module(f"allo_xdsl.passes.{module}"), cls)

    return load


def get_allo_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return {name: _factory(*where) for name, where in _PASSES.items()}
