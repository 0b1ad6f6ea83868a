"""The xDSL context with every dialect allo-xdsl reads and writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import get_all_dialects
from xdsl.dialects.builtin import UnregisteredAttr
from xdsl.dialects.llvm import UndefOp
from xdsl.ir import Attribute, Dialect, Operation

from allo_xdsl.dialects.affine_ext import AffineExt
from allo_xdsl.dialects.allo import Allo
from allo_xdsl.dialects.fpga import FPGA
from allo_xdsl.dialects.memref_ext import MemRefExt
from allo_xdsl.dialects.scf_ext import ScfExt
from allo_xdsl.dialects.sched import Sched

_UPSTREAM = ("builtin", "func", "arith", "math", "cf", "linalg")


def allo_dialects() -> dict[str, Callable[[], Dialect]]:
    """
    Factories of the dialects allo-xdsl defines (xDSL's registry takes
    factories)."""
    return {"allo": lambda: Allo, "sched": lambda: Sched, "fpga": lambda: FPGA}


# Ops of dialects allo-xdsl does not load that real producers emit and the
# input preparation lowers (`llvm.mlir.undef` from Polygeist).
_FOREIGN_OPS = ("llvm.mlir.undef",)


@dataclass
class ImportContext(Context):
    """
    A context that reads attributes of dialects it does not load
    (`#llvm.linkage<external>`, `#dlti.dl_spec<...>`) as opaque
    `UnregisteredAttr`s that print back as they were read, while operations
    and types stay strict: an unknown op is still an error. Producers such
    as Polygeist put such attributes on modules and functions; they carry
    nothing the hardware needs."""

    def get_optional_attr(self, name: str) -> type[Attribute] | None:
        found = super().get_optional_attr(name)
        dialect = Dialect.split_name(name)[0]
        if found is not None or dialect in self.registered_dialect_names:
            # A misspelt attribute of a dialect we do load stays an error.
            return found
        attr_type = UnregisteredAttr.with_name_and_type(name, False)
        self._loaded_attrs[name] = attr_type
        return attr_type

    def get_optional_op(
        self, name: str, *, dialect_stack: Sequence[str] = ()
    ) -> type[Operation] | None:
        found = super().get_optional_op(name, dialect_stack=dialect_stack)
        if found is None and name in _FOREIGN_OPS:
            self._loaded_ops[name] = UndefOp
            return UndefOp
        return found

    def clone(self) -> ImportContext:
        return ImportContext(
            self.allow_unregistered,
            self._loaded_dialects.copy(),
            self._loaded_ops.copy(),
            self._loaded_attrs.copy(),
            self._loaded_types.copy(),
            self._registered_dialects.copy(),
        )


def make_context() -> Context:
    """
    A context with upstream dialects, the affine, memref and scf dialects
    as extended by allo-xdsl (custom syntax for `affine.if`, `affine.max`,
    `affine.parallel`, `memref.global`, `memref.copy`, `memref.cast`,
    `scf.parallel`), and allo, sched and fpga."""
    ctx = ImportContext()
    upstream = get_all_dialects()
    for name in _UPSTREAM:
        ctx.register_dialect(name, upstream[name])
    ctx.register_dialect("affine", lambda: AffineExt)
    ctx.register_dialect("memref", lambda: MemRefExt)
    ctx.register_dialect("scf", lambda: ScfExt)
    for name, factory in allo_dialects().items():
        ctx.register_dialect(name, factory)
    return ctx
