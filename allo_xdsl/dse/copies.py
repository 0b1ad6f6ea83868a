"""
The size of a pipelined body: how many copies of its innermost body Vitis
builds for one pipelined loop, measured on the scheduled IR (what
`-t hls-cpp` prints).

Vitis unrolls every loop inside a pipelined loop completely (UG1399,
`pragma HLS pipeline`), so one iteration of a pipelined loop holds its own
unroll factor times, along the deepest path, the trip counts of the loops
inside it. A design with millions of copies is one Vitis cannot build (it
stops with "required loop unroll will likely cause design size to be too
large for C-Synthesis to complete", UG1448), however fast the model says it
is: the search rejects candidates above a cap (`--max-unroll`).
"""

from __future__ import annotations

from xdsl.dialects import affine, scf
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation

from allo_xdsl.analysis import hints
from allo_xdsl.analysis.lookup import loop_name
from allo_xdsl.qor.trips import max_trips

MAX_UNROLL = 1024
"""Default cap on the copies of a pipelined body. The 13 published Allo
PolyBench designs (examples/polybench/*/published.yaml), all built by real
Vitis HLS, reach at most 750 (jacobi-2d: its pipelined row loop unrolls 250
columns, each with a 3-element window shift loop); the others 190 to 410.
1024 is the round value (a power of two) above them. Vitis documents no
fixed number: it gives up when the unrolled code is "too large" (UG1448)."""

_LOOPS = (affine.ForOp, scf.ForOp)


def _trips(loop: Operation) -> int:
    trips = max_trips(loop)
    return 1 if trips is None else max(1, trips)


def _inside(op: Operation) -> int:
    """Copies of the innermost body one execution of `op`'s body runs."""
    best = 1
    for region in op.regions:
        for block in region.blocks:
            for child in block.ops:
                if isinstance(child, _LOOPS):
                    best = max(best, _trips(child) * _inside(child))
                else:
                    best = max(best, _inside(child))
    return best


def body_copies(loop: Operation) -> int:
    """
    Copies of the innermost body in one iteration of the pipelined `loop`:
    its own unroll factor (a full unroll: its trip count) times the trip
    counts of the loops inside it along the deepest path."""
    factor = hints.unroll(loop)
    own = 1 if factor is None else (_trips(loop) if factor == 0 else factor)
    return own * _inside(loop)


def pipelined_copies(module: ModuleOp) -> list[tuple[str, int]]:
    """
    Each outermost pipelined loop of `module` (its name) and the copies of
    its body; a pipeline nested in a pipelined loop is unrolled by Vitis,
    so it is counted in the enclosing one."""
    out: list[tuple[str, int]] = []

    def visit(op: Operation) -> None:
        if isinstance(op, _LOOPS) and hints.pipeline(op) is not None:
            name = loop_name(op) if isinstance(op, affine.ForOp) else None
            out.append((name or "?", body_copies(op)))
            return
        for region in op.regions:
            for block in region.blocks:
                for child in block.ops:
                    visit(child)

    visit(module)
    return out


def largest_body(module: ModuleOp) -> tuple[str, int]:
    """The pipelined loop with the most copies (`("", 0)` when none)."""
    return max(pipelined_copies(module), key=lambda x: x[1], default=("", 0))
