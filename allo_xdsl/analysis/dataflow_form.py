"""
Vitis's canonical form of a dataflow region (UG1399, "Dataflow
Optimization Limitations"): the region's body is a sequence of processes
(calls and loops; buffers, streams and constants may be declared between
them), every buffer local to the region has one writing process and one
reading process, and no process reads what it wrote through those buffers
(data flows forward only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, SSAValue
from xdsl.traits import SymbolTable

from allo_xdsl.analysis.alias_classes import where
from allo_xdsl.analysis.hints import is_dataflow
from allo_xdsl.analysis.lookup import loop_name, value_name
from allo_xdsl.analysis.loops import is_inside
from allo_xdsl.analysis.origins import hint_origin
from allo_xdsl.diagnostics import AlloError

_READS = ("affine.load", "memref.load", "fpga.stream_get")
_WRITES = ("affine.store", "memref.store", "fpga.stream_put")


@dataclass(frozen=True)
class Access:
    reads: bool
    writes: bool


def dataflow_regions(module: ModuleOp) -> Iterator[tuple[Operation, Block]]:
    """Every function or loop marked `fpga.dataflow`, with its body."""
    for op in module.walk():
        if not is_dataflow(op):
            continue
        if isinstance(op, func.FuncOp) and not op.is_declaration:
            yield op, op.body.blocks[0]
        elif isinstance(op, affine.ForOp):
            yield op, op.body.block


def check_module(module: ModuleOp) -> None:
    """
    Raise a located error at the first dataflow region of `module` that
    is not in the canonical form (what the Vitis-facing targets require)."""
    for region, body in list(dataflow_regions(module)):
        check_canonical(module, region, body)


def check_canonical(module: ModuleOp, region: Operation, body: Block) -> None:
    """Raise a located error at the first violation of the canonical form."""
    kind = "function" if isinstance(region, func.FuncOp) else "loop"
    title = _describe_region(region)
    origin = hint_origin(region, "dataflow")
    if origin is not None:
        # the schedule step that asked for the region, for the user to act on
        title += f" (made dataflow at {origin})"
    processes: list[Operation] = []
    for op in body.ops:
        if isinstance(op, func.CallOp | affine.ForOp):
            processes.append(op)
            continue
        # declarations and index arithmetic may sit between processes;
        # statements that touch memory or hold code may not
        if not (op.name in _READS or op.name in _WRITES or op.regions):
            continue
        raise AlloError(
            f"dataflow {kind} {title} is not canonical: '{op.name}' sits between "
            "its processes; a dataflow region holds only calls and loops (move "
            "the statement into a loop or a function)",
            op,
        )
    for op in body.ops:
        if (
            isinstance(op, memref.AllocOp | memref.AllocaOp)
            or op.name == "fpga.stream_create"
        ):
            _check_buffer(module, title, kind, op.results[0], processes)


def _check_buffer(
    module: ModuleOp,
    title: str,
    kind: str,
    buffer: SSAValue,
    processes: list[Operation],
) -> None:
    name = value_name(buffer) or "?"
    accesses = [(p, access(module, p, buffer)) for p in processes]
    writers = [p for p, a in accesses if a.writes]
    readers = [p for p, a in accesses if a.reads]
    what = f"dataflow {kind} {title} is not canonical"
    touching = [p for p, a in accesses if a.reads or a.writes]
    for p, a in accesses:
        # a buffer only one process touches is that process's own
        if a.reads and a.writes and len(touching) > 1:
            fix = (
                f"fold the zero-init band of '{name}' into its producer"
                if len(writers) > 1
                else f"give '{name}' to one process, or split it"
            )
            raise AlloError(
                f"{what}: {_describe(p)} reads '{name}', which it writes (data "
                f"must flow forward between processes); {fix}",
                p,
            )
    if len(writers) > 1:
        raise AlloError(
            f"{what}: '{name}' has {len(writers)} writing processes, "
            f"{', '.join(_describe(p) for p in writers)}; one process must "
            f"write it (fold the zero-init band of '{name}' into its producer)",
            writers[1],
        )
    if len(readers) > 1:
        raise AlloError(
            f"{what}: '{name}' has {len(readers)} reading processes, "
            f"{', '.join(_describe(p) for p in readers)}; one process must "
            f"read it (duplicate '{name}' for each reader, or merge the readers)",
            readers[1],
        )


def access(module: ModuleOp, process: Operation, buffer: SSAValue) -> Access:
    """Whether `process` reads and writes `buffer`, following calls."""
    reads = writes = False
    for use in buffer.uses:
        op = use.operation
        if op is not process and not is_inside(op, process):
            continue
        if op.name in _READS:
            reads = True
        elif op.name in _WRITES:
            writes = True
        elif isinstance(op, func.CallOp):
            callee = SymbolTable.lookup_symbol(module, op.callee)
            if isinstance(callee, func.FuncOp) and not callee.is_declaration:
                inner = access(module, callee, callee.args[use.index])
                reads, writes = reads or inner.reads, writes or inner.writes
            else:
                reads = writes = True
        elif not isinstance(op, memref.DeallocOp):
            reads = writes = True
    return Access(reads, writes)


def _describe(process: Operation) -> str:
    if isinstance(process, func.CallOp):
        return f"call of '{process.callee.string_value()}' (at {where(process)})"
    if isinstance(process, affine.ForOp):
        return f"loop '{loop_name(process) or '?'}' (at {where(process)})"
    return f"'{process.name}' (at {where(process)})"


def _describe_region(region: Operation) -> str:
    if isinstance(region, func.FuncOp):
        return f"'{region.sym_name.data}'"
    if isinstance(region, affine.ForOp):
        return f"'{loop_name(region) or '?'}'"
    return f"'{region.name}'"
