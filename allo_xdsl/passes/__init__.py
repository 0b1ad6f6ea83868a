"""
The registry of allo-xdsl passes.

Every pass is registered here by name with a lazy factory, so that listing
passes imports nothing heavy. Which pass applies each customization primitive
is in `allo_xdsl.passes.primitives`.
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
    "compose": ("compose", "ComposePass"),
    "instantiate": ("instantiate", "InstantiatePass"),
    "loop-unroll": ("loop_unroll", "LoopUnrollPass"),
    "loop-pipeline": ("loop_pipeline", "LoopPipelinePass"),
    "loop-parallel": ("loop_parallel", "LoopParallelPass"),
    "materialize-unroll": ("materialize_unroll", "MaterializeUnrollPass"),
    "compute-at": ("compute_at", "ComputeAtPass"),
    "loop-split": ("loop_split", "LoopSplitPass"),
    "loop-tile": ("loop_tile", "LoopTilePass"),
    "loop-reorder": ("loop_reorder", "LoopReorderPass"),
    "loop-fuse": ("loop_fuse", "LoopFusePass"),
    "array-partition": ("array_partition", "ArrayPartitionPass"),
    "reuse-at": ("reuse_at", "ReuseAtPass"),
    "buffer-at": ("buffer_at", "BufferAtPass"),
    "reshape": ("reshape", "ReshapePass"),
    "bind-storage": ("bind_storage", "BindStoragePass"),
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
    "quantize": ("quantize", "QuantizePass"),
    "buffer-to-stream": ("buffer_to_stream", "BufferToStreamPass"),
    "lower-streams": ("lower_streams", "LowerStreamsPass"),
    "mark-dataflow": ("mark_dataflow", "MarkDataflowPass"),
    "mark-inline": ("mark_inline", "MarkInlinePass"),
    "top-interface": ("top_interface", "TopInterfacePass"),
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


def get_allo_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return {name: _factory(*where) for name, where in _PASSES.items()}


def __getattr__(name: str) -> type[ModulePass]:
    """`from allo_xdsl.passes import LoopSplitPass`, imported on first use."""
    for module, cls in _PASSES.values():
        if cls == name:
            return _factory(module, cls)()
    raise AttributeError(f"module 'allo_xdsl.passes' has no attribute '{name}'")
