"""
The state and the shared machinery of the HLS C++ function emitter.

`EmitterBase` holds what every part of `hls_function.FunctionEmitter` uses:
the names of values and buffers, the output lines and their indentation,
declarations, scalar definitions and affine index expressions. The op
emitters live in `hls_control` (loops, conditionals, index arithmetic) and
`hls_memory` (arrays, streams, calls); each registers itself with `emits`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from xdsl.dialects import func
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    AffineMapAttr,
    MemRefType,
    NoneAttr,
    StridedLayoutAttr,
    StringAttr,
)
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.ir.affine import AffineMap

from allo_xdsl.analysis.lookup import LOOP_NAME, value_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.hls_affine import AffinePrinter, NonConstantDivisor, Operand
from allo_xdsl.targets.hls_arith import HELPER_HEADERS
from allo_xdsl.targets.hls_names import Namer
from allo_xdsl.targets.hls_pragmas_memory import bind_storage_pragma
from allo_xdsl.targets.hls_types import (
    CppTypes,
    is_partition_layout,
    partition_dims,
    stream_params,
)

if TYPE_CHECKING:
    from allo_xdsl.targets.hls_function import FunctionEmitter

INDENT = "  "


@dataclass(frozen=True)
class Buffer:
    """How a memref value is accessed: a C array, or a strided view of one."""

    name: str
    parent: Buffer | None = None
    offsets: tuple[str, ...] = ()
    strides: tuple[str, ...] = ()

    def access(self, indices: Sequence[str]) -> str:
        if self.parent is None:
            if not indices:
                return f"{self.name}[0]"
            return self.name + "".join(f"[{i}]" for i in indices)
        return self.parent.access(
            [
                _view_index(offset, stride, index)
                for offset, stride, index in zip(
                    self.offsets, self.strides, indices, strict=True
                )
            ]
        )


def _view_index(offset: str, stride: str, index: str) -> str:
    scaled = index if stride == "1" else f"{stride} * {atom(index)}"
    return scaled if offset == "0" else f"{offset} + {scaled}"


def atom(text: str) -> str:
    return text if text.replace("_", "").isalnum() else f"({text})"


@dataclass(frozen=True)
class Output:
    """A trailing output parameter: a returned memref or scalar."""

    name: str
    type: Attribute
    how: Literal["alias", "copy", "scalar"]


@dataclass
class ModuleState:
    """What every function emitter of one translation unit shares."""

    types: CppTypes
    headers: set[str]
    helpers: set[str]
    cpp_names: dict[str, str]
    """MLIR symbol name -> C++ function name."""
    reserved: frozenset[str] = field(default_factory=frozenset)
    globals: dict[str, str] = field(default_factory=dict[str, str])
    """`memref.global` symbol -> C++ array name (see `hls_globals`)."""


OpEmitter = Callable[["FunctionEmitter", Operation], None]
OPS: dict[str, OpEmitter] = {}


def emits(*names: str) -> Callable[[OpEmitter], OpEmitter]:
    def register(method: OpEmitter) -> OpEmitter:
        for name in names:
            OPS[name] = method
        return method

    return register


class EmitterBase:
    """What the parts of the function emitter share (see the module)."""

    def __init__(self, fn: func.FuncOp, state: ModuleState):
        self.fn = fn
        self.state = state
        self.types = state.types
        self.namer = Namer(state.reserved | set(state.cpp_names.values()))
        self.labels: set[str] = set()
        self.values: dict[SSAValue, str] = {}
        self.buffers: dict[SSAValue, Buffer] = {}
        self.nonneg: set[SSAValue] = set()
        self.out: list[str] = []
        self.depth = 0
        self.duplicate_loop_names = _duplicate_loop_names(fn)
        self.outputs: list[Output] = []

    # ----- the ScalarContext protocol of hls_arith -----

    def expr(self, value: SSAValue) -> str:
        if value in self.values:
            return self.values[value]
        owner = value.owner
        op = owner if isinstance(owner, Operation) else owner.parent_op()
        raise AlloError(f"hls-cpp: value of type {value.type} cannot be used here", op)

    def need(self, header: str) -> None:
        self.state.headers.add(header)

    def need_helper(self, helper: str) -> None:
        self.state.helpers.add(helper)
        self.need(HELPER_HEADERS[helper])

    # ----- output -----

    def line(self, text: str) -> None:
        self.out.append(INDENT * self.depth + text)

    def fresh(self, value: SSAValue | None, fallback: str = "v") -> str:
        hint = value_name(value) if value is not None else None
        return self.namer.fresh(hint, fallback)

    # ----- declarations -----

    def declaration(self, name: str, t: Attribute, op: Operation) -> str:
        """`float A[8][8]`, `int n`, `hls::stream<int32_t> &s`."""
        if isinstance(t, MemRefType):
            return f"{self.types.element(t, op)} {name}{self.dims(t, op)}"
        if stream_params(t) is not None:
            return f"{self.types.scalar(t, op)} &{name}"
        return f"{self.types.scalar(t, op)} {name}"

    def dims(self, t: MemRefType[Attribute], op: Operation) -> str:
        shape = t.get_shape()
        if any(d == DYNAMIC_INDEX for d in shape):
            raise AlloError(
                f"hls-cpp: dynamic shapes are not supported ({t}); where no "
                "loop bounds a dimension, state its extent with "
                "-p 'resolve-dynamic-dims{sizes=\"NAME=N\"}'",
                op,
            )
        _check_layout(t, op)
        return "".join(f"[{d}]" for d in shape) if shape else "[1]"

    def _variable_pragmas(
        self, buffer: Buffer | None, t: Attribute, value: SSAValue | None = None
    ) -> None:
        """Partition pragmas of the array, then its storage binding."""
        if buffer is None or not isinstance(t, MemRefType):
            return
        for dim, kind, factor in partition_dims(t):
            factor_text = f" factor={factor}" if kind != "complete" else ""
            self.line(
                f"#pragma HLS array_partition variable={buffer.name} {kind}"
                f"{factor_text} dim={dim}"
            )
        if value is not None and (pragma := bind_storage_pragma(buffer.name, value)):
            self.line(pragma)

    # ----- blocks and ops -----

    def emit_block(self, block: Block, targets: Sequence[str] = ()) -> None:
        for op in block.ops:
            self.emit_op(op, targets)

    def emit_op(self, op: Operation, targets: Sequence[str] = ()) -> None:
        """Emit `op`; a yield assigns its values to `targets`."""
        raise NotImplementedError

    def define(self, value: SSAValue, text: str, op: Operation) -> str:
        name = self.fresh(value)
        self.line(f"{self.scalar_type(value, op)} {name} = {text};")
        self.values[value] = name
        return name

    def scalar_type(self, value: SSAValue, op: Operation) -> str:
        """
        The type of a C++ variable holding `value`: arrays and streams
        cannot be copied into one."""
        t = value.type
        if isinstance(t, MemRefType) or stream_params(t) is not None:
            kind = "memref" if isinstance(t, MemRefType) else "stream"
            raise AlloError(
                f"hls-cpp: '{op.name}' with a {kind}-typed result or loop-carried "
                "value is not supported",
                op,
            )
        return self.types.scalar(t, op)

    def declare(self, value: SSAValue, op: Operation, init: str | None = None) -> str:
        """A variable for `value`, assigned later (loop-carried or if result)."""
        name = self.fresh(value)
        suffix = f" = {init}" if init is not None else ""
        self.line(f"{self.scalar_type(value, op)} {name}{suffix};")
        return name

    def assign(
        self, targets: Sequence[str], values: Sequence[SSAValue], op: Operation
    ) -> None:
        """
        `t_k = v_k` for all k at once: where a later assignment reads a
        target set before it (swapped loop-carried values), through copies."""
        texts = [self.expr(v) for v in values]
        hazard = any(
            text in targets[:k] for k, text in enumerate(texts) if text != targets[k]
        )
        if hazard:
            temps = []
            for value, text in zip(values, texts, strict=True):
                temp = self.namer.fresh("tmp")
                self.line(f"{self.scalar_type(value, op)} {temp} = {text};")
                temps.append(temp)
            texts = temps
        for target, text in zip(targets, texts, strict=True):
            if target != text:
                self.line(f"{target} = {text};")

    def buffer(self, value: SSAValue, op: Operation) -> Buffer:
        if value not in self.buffers:
            raise AlloError(
                f"hls-cpp: memref operand of '{op.name}' comes from an op that "
                "is not supported",
                op,
            )
        return self.buffers[value]

    def scoped(self, block: Block, targets: Sequence[str] = ()) -> None:
        """The ops of `block`, one level deeper, in a C++ scope of their own."""
        self.depth += 1
        self.namer.push()
        self.emit_block(block, targets)
        self.namer.pop()
        self.depth -= 1

    # ----- affine expressions -----

    def affine_operands(self, values: Sequence[SSAValue]) -> list[Operand]:
        return [Operand(self.expr(v), v in self.nonneg) for v in values]

    def affine_printer(
        self, map_dims: int, values: Sequence[SSAValue]
    ) -> AffinePrinter:
        operands = self.affine_operands(values)
        return AffinePrinter(operands[:map_dims], operands[map_dims:])

    def affine_results(
        self, amap: AffineMap, values: Sequence[SSAValue], op: Operation
    ) -> tuple[list[str], list[bool]]:
        printer = self.affine_printer(amap.num_dims, values)
        try:
            texts = [printer.print(e) for e in amap.results]
        except NonConstantDivisor as e:
            raise AlloError(
                f"hls-cpp: division or modulo by a non-constant in '{e}' is not "
                "supported",
                op,
            ) from None
        return texts, [printer.nonneg(e) for e in amap.results]

    def combine(self, texts: list[str], fn: str) -> str:
        if len(texts) == 1:
            return texts[0]
        self.need("algorithm")
        result = texts[-1]
        for text in reversed(texts[:-1]):
            result = f"std::{fn}({text}, {result})"
        return result


def _duplicate_loop_names(fn: func.FuncOp) -> set[str]:
    seen: set[str] = set()
    duplicates: set[str] = set()
    for op in fn.walk():
        attr = op.attributes.get(LOOP_NAME)
        if isinstance(attr, StringAttr):
            (duplicates if attr.data in seen else seen).add(attr.data)
    return duplicates


def _check_layout(t: MemRefType[Attribute], op: Operation) -> None:
    """
    C arrays are row-major and dense: only identity layouts fit (the
    partition layout only annotates)."""
    layout = t.layout
    if isinstance(layout, NoneAttr):
        return
    if isinstance(layout, AffineMapAttr) and layout.data == AffineMap.identity(
        len(t.get_shape())
    ):
        return
    if isinstance(layout, StridedLayoutAttr) and _is_row_major(layout, t.get_shape()):
        return
    if is_partition_layout(layout):
        return
    raise AlloError(f"hls-cpp: memref layout {layout} is not supported", op)


def _is_row_major(layout: StridedLayoutAttr, shape: tuple[int, ...]) -> bool:
    strides = layout.get_strides()
    offset = layout.get_offset()
    expected: list[int] = []
    running = 1
    for extent in reversed(shape):
        expected.append(running)
        running *= extent
    return offset == 0 and list(strides) == list(reversed(expected))
