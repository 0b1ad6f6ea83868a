"""
The `xdsl.universe` entry point: stock `xdsl-opt` sees our dialects,
passes and targets."""

from xdsl.universe import Universe

from allo_xdsl.context import allo_dialects
from allo_xdsl.passes import get_allo_passes
from allo_xdsl.targets import get_allo_targets

UNIVERSE = Universe(
    all_dialects=allo_dialects(),
    all_passes=get_allo_passes(),
    all_targets=get_allo_targets(),
)
