"""The xDSL context with every dialect allo-xdsl reads and writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

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
_FOREIGN_OPS: dict[str, type[Operation]] = {UndefOp.name: UndefOp}


@dataclass
class ImportContext(Context):
    """
    A context that reads attributes of dialects it does not load
    (`#llvm.linkage<external>`, `#dlti.dl_spec<...>`) as opaque
    `UnregisteredAttr`s that print back as they were read, while operations
    and types stay strict: an unknown op is still an error. Producers such
    as Polygeist put such attributes on modules and functions; they carry
    nothing the hardware needs."""

    foreign_attrs: dict[str, type[Attribute]] = field(
        default_factory=dict[str, type[Attribute]]
    )
    """The opaque attribute class made for each foreign attribute name, so
    that two reads of one attribute compare equal."""

    def get_optional_attr(self, name: str) -> type[Attribute] | None:
        found = super().get_optional_attr(name)
        dialect = Dialect.split_name(name)[0]
        if found is not None or dialect in self.registered_dialect_names:
            # A misspelt attribute of a dialect we do load stays an error.
            return found
        if name not in self.foreign_attrs:
            attr_type = UnregisteredAttr.with_name_and_type(name, False)
            self.foreign_attrs[name] = attr_type
        return self.foreign_attrs[name]

    def get_optional_op(
        self, name: str, *, dialect_stack: Sequence[str] = ()
    ) -> type[Operation] | None:
        found = super().get_optional_op(name, dialect_stack=dialect_stack)
        foreign = _FOREIGN_OPS.get(name)
        if found is None and foreign is not None:
            self.load_op(foreign)
            return foreign
        return found

    def clone(self) -> ImportContext:
        # `Context.clone` copies the state of every field; it builds a plain
        # `Context`, whose fields (xDSL's constructor) this one takes over.
        base = super().clone()
        state = {f.name: getattr(base, f.name) for f in fields(base) if f.init}
        return ImportContext(**state, foreign_attrs=self.foreign_attrs.copy())


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
