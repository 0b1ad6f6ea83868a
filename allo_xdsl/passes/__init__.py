"""
The registry of allo-xdsl passes.

Every pass is registered here by name with a lazy factory, so that listing
passes imports no pass module. The passes that apply customization
primitives are listed in the table of primitives
(`allo_xdsl.passes.primitives`), and taken from there; the others below.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from xdsl.passes import ModulePass

from allo_xdsl.passes.primitives import PRIMITIVES

# pass name -> (module under allo_xdsl.passes, class name), for every pass
# that applies no primitive
_PASSES: dict[str, tuple[str, str]] = {
    "normalize-affine": ("normalize_affine", "NormalizeAffinePass"),
    "name-loops": ("name_loops", "NameLoopsPass"),
    "apply-schedules": ("apply_schedules", "ApplySchedulesPass"),
    "compose": ("compose", "ComposePass"),
    "instantiate": ("instantiate", "InstantiatePass"),
    "materialize-unroll": ("materialize_unroll", "MaterializeUnrollPass"),
    "returned-memrefs-to-args": (
        "returned_memrefs_to_args",
        "ReturnedMemrefsToArgsPass",
    ),
    "strip-layouts": ("strip_layouts", "StripLayoutsPass"),
    "hints-to-attributes": ("hints_to_attributes", "HintsToAttributesPass"),
    "lower-affine-ext": ("lower_affine_ext", "LowerAffineExtPass"),
    "convert-scf-to-cf-ext": ("convert_scf_to_cf_ext", "ConvertScfToCfExtPass"),
    "lower-fixed-point": ("lower_fixed_point", "LowerFixedPointPass"),
    "lower-bit-ops": ("lower_bit_ops", "LowerBitOpsPass"),
    "lower-streams": ("lower_streams", "LowerStreamsPass"),
    "vitis-interfaces": ("vitis_interfaces", "VitisInterfacesPass"),
    # Lowerings of what foreign producers emit (frontend/foreign_mlir.py).
    "lower-llvm-undef": ("lower_llvm_undef", "LowerLlvmUndefPass"),
    "convert-linalg-to-affine": (
        "convert_linalg_to_affine",
        "ConvertLinalgToAffinePass",
    ),
    "lower-affine-parallel": ("lower_affine_parallel", "LowerAffineParallelPass"),
    "lower-scf-parallel": ("lower_scf_parallel", "LowerScfParallelPass"),
    "lower-memref-copy": ("lower_memref_copy", "LowerMemrefCopyPass"),
    "fold-memref-views": ("fold_memref_views", "FoldMemrefViewsPass"),
    "resolve-dynamic-dims": ("resolve_dynamic_dims", "ResolveDynamicDimsPass"),
    "check-dataflow": ("check_dataflow", "CheckDataflowPass"),
}


def _factory(module: str, cls: str) -> Callable[[], type[ModulePass]]:
    def load() -> type[ModulePass]:
        return getattr(import_module(f"allo_xdsl.passes.{module}"), cls)

    return load


def _where() -> dict[str, tuple[str, str]]:
    """Every pass: pass name -> (module, class name)."""
    primitives = {p.pass_name: (p.module, p.class_name) for p in PRIMITIVES}
    return _PASSES | primitives


def get_allo_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return {name: _factory(*where) for name, where in _where().items()}


def __getattr__(name: str) -> type[ModulePass]:
    """`from allo_xdsl.passes import LoopSplitPass`, imported on first use."""
    for module, cls in _where().values():
        if cls == name:
            return _factory(module, cls)()
    raise AttributeError(f"module 'allo_xdsl.passes' has no attribute '{name}'")
