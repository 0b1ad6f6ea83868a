"""
The `quantize` primitive: change a buffer's element type apart from the
algorithm."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType, MemRefType, ModuleOp
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.alias_classes import AliasClasses
from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import CastOp, is_fixed, is_float, parse_type_spec
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.class_properties import (
    ClassProperty,
    class_members,
    crosses_calls,
)
from allo_xdsl.rewriting.quantize_buffer import (
    Quantizer,
    check_not_called,
    enclosing_module,
    retype_interface,
)


@dataclass(frozen=True)
class QuantizePass(PrimitivePass):
    """
    Change the element type of `buffer` of function `func` to `type`
    (`fixed<W,F>`, `ufixed<W,F>`, `iN`, `uiN`, `f16`, `bf16`, `f32`, `f64`),
    without touching the algorithm text:

    - the memref (argument or alloc) gets the new element type, and for a
      function argument (or a returned buffer) the function type changes;
    - every load is followed by an `allo.cast` back to the old type, every
      store casts the stored value to the new type;
    - the arithmetic that only feeds the buffer is retyped: an op whose
      result is used only by stores into the buffer, or by other such ops,
      computes in the new type (`arith.addf` becomes `allo.add` for a
      fixed-point type, `arith.addi` an `arith.addi` of the new width for an
      integer type, `arith.addf` of the new float type for a float type).
      Its operands are cast to the new type, except that a fixed-point
      operand enters a fixed-point op as it is (the op computes in full
      precision), also when it was cast to the old type only exactly;
    - an `iter_args` accumulator of the old type whose loop result only
      feeds stores into the buffer (or the yield of such an accumulator)
      is carried in the new type: its init is cast in, and the arithmetic
      that yields it is retyped as above (a MAC accumulates in fixed point);
    - a one-element local buffer of the old type (a scalar accumulator),
      only loaded and stored, a load of which only feeds stores into the
      buffer, is quantized to the new type as well.

    A buffer that crosses calls (passed to a call, a parameter of a called
    function, returned to a caller) is quantized with its whole alias class,
    as `partition` is: every alias in every function gets the new element
    type, with the casts and retyped arithmetic above in each function, and
    the signatures change with them, so the module still verifies.

    A scalar argument can be quantized too: its uses see it cast back.

    Rejects a type it cannot read, `i1` and `index` buffers or types, a
    buffer (or an alias of it) used by anything else than loads, stores,
    deallocation, returns and calls of functions the module defines (a
    subview, a copy, ...), a buffer aliased with a global or a declared
    function's parameter (the error names the alias and how it aliases),
    and a scalar argument of a function that is called.
    """

    name = "quantize"

    buffer: str
    type: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        new_type = _parse_type(self.type, fn)
        value = find_buffer(fn, self.buffer)
        old = value.type
        element = old.element_type if isinstance(old, MemRefType) else old
        _check_element(element, self.buffer, "buffer", value, fn)
        _check_element(new_type, self.type, "type", value, fn)
        if element == new_type:
            return
        module = enclosing_module(fn)
        if isinstance(old, MemRefType) and module and crosses_calls(module, value):
            _quantize_class(module, value, element, new_type)
        elif isinstance(old, MemRefType):
            Quantizer(fn, value, element, new_type).run()
        else:
            _quantize_scalar(fn, value, new_type)


def _parse_type(text: str, fn: func.FuncOp) -> Attribute:
    try:
        return parse_type_spec(text)
    except ValueError as e:
        raise AlloError(f"quantize: {e}", fn) from None


def _check_element(
    t: Attribute, name: str, what: str, value: SSAValue, fn: func.FuncOp
) -> None:
    if is_fixed(t) or is_float(t):
        return
    if isinstance(t, IntegerType) and t.width.data > 1:
        return
    subject = f"buffer '{name}' of type {value.type}" if what == "buffer" else name
    raise AlloError(
        f"quantize: {subject}: only fixed-point, integer (wider than i1) and "
        f"float elements can be quantized, not {t}",
        _owner(value) or fn,
    )


def _owner(value: SSAValue) -> Operation | None:
    owner = value.owner
    return owner if isinstance(owner, Operation) else None


def _quantize_scalar(fn: func.FuncOp, value: SSAValue, new_type: Attribute) -> None:
    assert isinstance(value, BlockArgument)
    check_not_called(fn, value.name_hint or f"#{value.index}")
    old = value.type
    arg = Rewriter.replace_value_with_new_type(value, new_type)
    cast = CastOp(arg, old)
    Rewriter.insert_op(cast, InsertPoint.at_start(fn.body.block))
    arg.replace_uses_with_if(cast.result, lambda use: use.operation is not cast)
    retype_interface(fn)


# ----- memrefs -----


@dataclass(frozen=True)
class _ElementType(ClassProperty):
    """The element type of a memref, as a type change of an alias class."""

    name: ClassVar[str] = "element type"
    allowed_users: ClassVar[tuple[str, ...]] = (
        "affine.load",
        "affine.store",
        "memref.load",
        "memref.store",
        "memref.dealloc",
    )

    element: Attribute

    def facts(self, t: Attribute) -> dict[Hashable, Hashable]:
        return {}

    def apply(self, t: Attribute, facts: Mapping[Hashable, Hashable]) -> Attribute:
        if not isinstance(t, MemRefType):
            raise ValueError(f"it is not a memref but {t}")
        return MemRefType(self.element, t.get_shape(), t.layout, t.memory_space)

    def key_text(self, key: Hashable) -> str:
        return str(key)

    def value_text(self, value: Hashable) -> str:
        return str(value)


def _quantize_class(
    module: ModuleOp, value: SSAValue, old: Attribute, new: Attribute
) -> None:
    """
    Quantize `value` and every alias of it across calls, each in its
    function, after checking them all."""
    members = class_members(module, value, _ElementType(new))
    classes = AliasClasses.of(module)
    for member in members:
        if not isinstance(member, SSAValue):
            continue  # a signature slot: its function's block argument or return
        name = classes.function_of(member)
        assert name is not None
        Quantizer(classes.functions[name], member, old, new, through_calls=True).run()
