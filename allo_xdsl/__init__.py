"""allo-xdsl: Allo-style hardware customizations for spatial accelerators on xDSL."""

__version__ = "0.1.0"

from allo_xdsl import ssa_names as _ssa_names

# SSA names keep the user's spelling (`%A_1` stays `A_1`); see ssa_names.
_ssa_names.install()
