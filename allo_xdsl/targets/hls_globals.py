"""
`memref.global`s as file-scope C++ arrays.

A constant global (`memref.global "private" constant @w : memref<2x3xf32> =
dense<...>`, how torch-mlir and upstream MLIR hold weights and tables)
becomes `static const float w[2][3] = {{...}, {...}};`, which Vitis HLS
implements as a ROM; a mutable one becomes a `static` array (zero-filled
when `uninitialized`, as C does), shared by every function that takes it
with `memref.get_global`, so its writes persist as in MLIR.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import memref
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, MemRefType, ModuleOp
from xdsl.ir import Attribute, Operation

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.hls_names import Namer
from allo_xdsl.targets.hls_types import CppTypes, is_float

# Elements per line of an initializer: long weight tables stay readable.
_PER_LINE = 16


def global_arrays(
    module: ModuleOp, types: CppTypes, namer: Namer
) -> tuple[dict[str, str], list[str]]:
    """The C++ name of each global (by symbol) and the lines defining them."""
    names: dict[str, str] = {}
    lines: list[str] = []
    for op in module.ops:
        if not isinstance(op, memref.GlobalOp):
            continue
        name = namer.fresh(op.sym_name.data, "g")
        names[op.sym_name.data] = name
        lines += _definition(op, name, types)
    return names, lines


def _definition(op: memref.GlobalOp, name: str, types: CppTypes) -> list[str]:
    t = op.type
    assert isinstance(t, MemRefType)
    shape = t.get_shape()
    if any(d < 0 for d in shape):
        raise AlloError(f"hls-cpp: global with dynamic shape ({t})", op)
    element = types.element(t, op)
    qualifier = "static const" if op.constant is not None else "static"
    dims = "".join(f"[{d}]" for d in shape) or "[1]"
    declaration = f"{qualifier} {element} {name}{dims}"
    initial = op.initial_value
    if not isinstance(initial, DenseIntOrFPElementsAttr):
        if op.constant is not None:
            raise AlloError("hls-cpp: a constant global needs an initial value", op)
        return [f"{declaration};"]
    values = [_literal(v, t.element_type, types, op) for v in _values(initial, op)]
    if len(values) == 1 and _count(shape) > 1:
        values *= _count(shape)  # a splat
    return [f"{declaration} = {_nested(values, list(shape))};"]


def _values(initial: DenseIntOrFPElementsAttr, op: Operation) -> Sequence[object]:
    try:
        return initial.get_values()
    except (AttributeError, ValueError, NotImplementedError) as e:
        raise AlloError(
            f"hls-cpp: cannot read the initial value of a global: {e}", op
        ) from None


def _literal(value: object, t: Attribute, types: CppTypes, op: Operation) -> str:
    if isinstance(value, float) and is_float(t):
        return types.float_literal(value, t)
    if isinstance(value, int) and not is_float(t):
        return types.int_literal(value, t, op)
    raise AlloError(f"hls-cpp: unsupported global element {value} of type {t}", op)


def _count(shape: Sequence[int]) -> int:
    count = 1
    for d in shape:
        count *= d
    return count


def _nested(values: list[str], shape: list[int]) -> str:
    """`{{a, b}, {c, d}}` for shape [2, 2]; a 0-d global is one element."""
    if len(shape) <= 1:
        rows = [values[i : i + _PER_LINE] for i in range(0, len(values), _PER_LINE)]
        return "{" + ",\n    ".join(", ".join(r) for r in rows) + "}"
    size = _count(shape[1:])
    parts = [
        _nested(values[k * size : (k + 1) * size], shape[1:]) for k in range(shape[0])
    ]
    return "{" + ", ".join(parts) + "}"
