"""
An example allo-xdsl plugin.

Installing this package makes `prefix-loop-names` available to allo-opt
(`-p` and YAML `passes:`) and to xdsl-opt, with no change to allo-xdsl.
"""

from xdsl.passes import ModulePass
from xdsl.universe import Universe


def get_prefix_loop_names() -> type[ModulePass]:
    from allo_plugin_example.prefix_loop_names import PrefixLoopNamesPass

    return PrefixLoopNamesPass


UNIVERSE = Universe(all_passes={"prefix-loop-names": get_prefix_loop_names})
