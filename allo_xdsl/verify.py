"""Verification that reports the innermost failing op with its location."""

from __future__ import annotations

from xdsl.ir import Operation
from xdsl.utils.exceptions import VerifyException

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import verify_fpga


def verify_module(module: Operation) -> None:
    """Verify every op; raise `AlloError` located at the first op that fails."""
    for op in module.walk():
        try:
            op.verify(verify_nested_ops=False)
            verify_fpga(op)
        except VerifyException as e:
            raise AlloError(f"'{op.name}' op {e}", op) from None
        except ValueError as e:
            raise AlloError(f"'{op.name}' op is malformed: {e}", op) from None
