"""
Accept MLIR as real producers emit it.

Parsing already reads what allo-xdsl does not model as opaque attributes
(`#llvm.linkage<external>`, `#dlti.dl_spec<...>`: kept and printed back) and
the custom syntax of `affine.parallel`, `scf.parallel`, `memref.global`,
`memref.copy` and `memref.cast`. `prepare_foreign` then lowers, in order,
the constructs that the passes and targets do not take as they are, each
pass running only when its construct occurs:

| construct | pass |
|---|---|
| `llvm.mlir.undef` | `lower-llvm-undef` |
| `linalg` on memrefs | `convert-linalg-to-affine` |
| `affine.parallel` | `lower-affine-parallel` |
| `scf.parallel` | `lower-scf-parallel` |
| `memref.copy` | `lower-memref-copy` |
| `memref.subview`, `expand_shape`, `collapse_shape` | `fold-memref-views` |
| `memref<?x...>` arguments | `resolve-dynamic-dims` (where loops bound them) |

`memref.global` constants, `memref.get_global` and `cf.assert` stay: every
backend handles them.
"""

from __future__ import annotations

from importlib import import_module

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import DYNAMIC_INDEX, MemRefType, ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.convert_linalg_to_affine import default_windows
from allo_xdsl.passes.resolve_dynamic_dims import ResolveDynamicDimsPass
from allo_xdsl.verify import verify_module

_VIEWS = frozenset({"memref.subview", "memref.expand_shape", "memref.collapse_shape"})

# (op names that trigger it, module under allo_xdsl.passes, class)
_STEPS: tuple[tuple[frozenset[str] | None, str, str], ...] = (
    (frozenset({"llvm.mlir.undef"}), "lower_llvm_undef", "LowerLlvmUndefPass"),
    (None, "convert_linalg_to_affine", "ConvertLinalgToAffinePass"),
    (
        frozenset({"affine.parallel"}),
        "lower_affine_parallel",
        "LowerAffineParallelPass",
    ),
    (frozenset({"scf.parallel"}), "lower_scf_parallel", "LowerScfParallelPass"),
    (frozenset({"memref.copy"}), "lower_memref_copy", "LowerMemrefCopyPass"),
    (_VIEWS, "fold_memref_views", "FoldMemrefViewsPass"),
)


def prepare_foreign(ctx: Context, module: ModuleOp) -> None:
    """
    Verify `module`, then lower what real producers emit and allo-xdsl
    does not take as is (see the module docstring). Raises `AlloError`
    located at the failing op, or naming the construct that cannot be
    lowered."""
    names = {op.name for op in module.walk()}
    if any(n.startswith("linalg.") for n in names):
        # MLIR prints convolutions without their default strides and
        # dilations; xDSL's ops require them to verify.
        for op in module.walk():
            default_windows(op)
    verify_module(module)
    for triggers, module_name, class_name in _STEPS:
        wanted = (
            any(n.startswith("linalg.") for n in names)
            if triggers is None
            else bool(names & triggers)
        )
        if wanted:
            _pass(module_name, class_name).apply(ctx, module)
            names = {op.name for op in module.walk()}
    if _has_dynamic_arguments(module):
        ResolveDynamicDimsPass(strict=False).apply(ctx, module)


def _pass(module_name: str, class_name: str) -> ModulePass:
    cls = getattr(import_module(f"allo_xdsl.passes.{module_name}"), class_name)
    instance = cls()
    if not isinstance(instance, ModulePass):
        raise AlloError(f"internal: {class_name} is not a pass")
    return instance


def _has_dynamic_arguments(module: ModuleOp) -> bool:
    for op in module.walk():
        if isinstance(op, func.FuncOp):
            for t in op.function_type.inputs.data:
                if isinstance(t, MemRefType) and DYNAMIC_INDEX in t.get_shape():
                    return True
    return False
