"""The xDSL context with every dialect allo-xdsl reads and writes."""

from __future__ import annotations

from collections.abc import Callable

from xdsl.context import Context
from xdsl.ir import Dialect

_UPSTREAM = ("builtin", "func", "arith", "math", "memref", "scf", "cf", "linalg")


def allo_dialects() -> dict[str, Callable[[], Dialect]]:
    """Factories of the dialects allo-xdsl defines (imported lazily)."""

    def get_allo() -> Dialect:
        from allo_xdsl.dialects.allo import Allo

        return Allo

    def get_sched() -> Dialect:
        from allo_xdsl.dialects.sched import Sched

        return Sched

    def get_fpga() -> Dialect:
        from allo_xdsl.dialects.fpga import FPGA

        return FPGA

    return {"allo": get_allo, "sched": get_sched, "fpga": get_fpga}


def make_context() -> Context:
    """A context with upstream dialects, the affine dialect as extended by
    allo-xdsl (custom `affine.if`, `affine.max`), and allo, sched and fpga."""
    from xdsl.dialects import get_all_dialects

    ctx = Context()
    upstream = get_all_dialects()
    for name in _UPSTREAM:
        ctx.register_dialect(name, upstream[name])

    def get_affine() -> Dialect:
        from allo_xdsl.dialects.affine_ext import AffineExt

        return AffineExt

    ctx.register_dialect("affine", get_affine)
    for name, factory in allo_dialects().items():
        ctx.register_dialect(name, factory)
    return ctx
