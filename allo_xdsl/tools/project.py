"""
The files of a target that writes a directory (`vitis-project`): golden
data from C simulation of the kernel before the passes, then the target's
files from the module after them.

`allo-opt` loads this module by name, and only for such a target: golden
data needs numpy and the simulators, 0.3 s of start-up that no other run
should pay.
"""

from __future__ import annotations

from collections.abc import Callable

from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from allo_xdsl.sim.golden import golden_data


def project_files(
    module: ModuleOp, target: Target, run_passes: Callable[[ModuleOp], None]
) -> dict[str, str]:
    """
    The files `target` writes for `module` (parsed, before the passes):
    its golden data comes from the module as it is, its kernel from the
    module after `run_passes`."""
    golden = golden_data(module.clone(), getattr(target, "top", ""))
    run_passes(module)
    return target.files(module, golden)  # type: ignore[attr-defined]
