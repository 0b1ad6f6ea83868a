"""The `quantize` primitive: change a buffer's element type apart from the
algorithm."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects import affine, arith, func, memref
from xdsl.dialects.builtin import (
    FunctionType,
    IntegerType,
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.alias_classes import AliasClasses
from allo_xdsl.analysis.lookup import find_buffer, value_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import (
    AddOp,
    CastOp,
    DivOp,
    FixedBinaryOp,
    FixedPointType,
    MaxOp,
    MinOp,
    MulOp,
    SubOp,
    is_fixed,
    is_float,
    is_integer,
    parse_type_spec,
)
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.class_properties import (
    ClassProperty,
    class_members,
    crosses_calls,
)
from allo_xdsl.rewriting.quantize_accumulators import (
    close_accumulators,
    retype_accumulators,
    retype_scalar_accumulators,
)

_Load = affine.LoadOp | memref.LoadOp
_Store = affine.StoreOp | memref.StoreOp

# What each retypable op computes, by the kind of its (old) type.
_FLOAT_KINDS: dict[type[Operation], str] = {
    arith.AddfOp: "add",
    arith.SubfOp: "sub",
    arith.MulfOp: "mul",
    arith.DivfOp: "div",
    arith.MaximumfOp: "max",
    arith.MaxnumfOp: "max",
    arith.MinimumfOp: "min",
    arith.MinnumfOp: "min",
}
_INT_KINDS: dict[type[Operation], str] = {
    arith.AddiOp: "add",
    arith.SubiOp: "sub",
    arith.MuliOp: "mul",
    arith.AndIOp: "and",
    arith.OrIOp: "or",
    arith.XOrIOp: "xor",
}
_SIGNED_INT_KINDS: dict[type[Operation], str] = {
    arith.DivSIOp: "div",
    arith.MaxSIOp: "max",
    arith.MinSIOp: "min",
}
_FIXED_KINDS: dict[type[Operation], str] = {
    AddOp: "add",
    SubOp: "sub",
    MulOp: "mul",
    DivOp: "div",
    MaxOp: "max",
    MinOp: "min",
}

_FIXED_OPS: dict[str, type[FixedBinaryOp]] = {
    "add": AddOp,
    "sub": SubOp,
    "mul": MulOp,
    "div": DivOp,
    "max": MaxOp,
    "min": MinOp,
}
_FLOAT_OPS: dict[str, Callable[[SSAValue, SSAValue], Operation]] = {
    "add": arith.AddfOp,
    "sub": arith.SubfOp,
    "mul": arith.MulfOp,
    "div": arith.DivfOp,
    "max": arith.MaximumfOp,
    "min": arith.MinimumfOp,
}
_INT_OPS: dict[str, Callable[[SSAValue, SSAValue], Operation]] = {
    "add": arith.AddiOp,
    "sub": arith.SubiOp,
    "mul": arith.MuliOp,
    "and": arith.AndIOp,
    "or": arith.OrIOp,
    "xor": arith.XOrIOp,
}


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
        module = _module(fn)
        if isinstance(old, MemRefType) and module and crosses_calls(module, value):
            _quantize_class(module, value, element, new_type)
        elif isinstance(old, MemRefType):
            _Quantizer(fn, value, element, new_type).run()
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


# ----- the function interface -----


def _module(fn: func.FuncOp) -> ModuleOp | None:
    parent = fn.parent_op()
    while parent is not None and not isinstance(parent, ModuleOp):
        parent = parent.parent_op()
    return parent


def _check_not_called(fn: func.FuncOp, name: str) -> None:
    module = _module(fn)
    if module is None:
        return
    for op in module.walk():
        if isinstance(op, func.CallOp) and op.callee.root_reference == fn.sym_name:
            raise AlloError(
                f"quantize: '{name}' is part of the interface of "
                f"'@{fn.sym_name.data}', which is called here; propagating a "
                "type change through calls is done by composition, not yet "
                "available",
                op,
            )


def _retype_interface(fn: func.FuncOp) -> None:
    block = fn.body.block
    outputs = list(fn.function_type.outputs.data)
    ret = block.last_op
    if isinstance(ret, func.ReturnOp):
        outputs = [v.type for v in ret.arguments]
    fn.function_type = FunctionType.from_lists([a.type for a in block.args], outputs)


def _quantize_scalar(fn: func.FuncOp, value: SSAValue, new_type: Attribute) -> None:
    assert isinstance(value, BlockArgument)
    _check_not_called(fn, value.name_hint or f"#{value.index}")
    old = value.type
    arg = Rewriter.replace_value_with_new_type(value, new_type)
    cast = CastOp(arg, old)
    Rewriter.insert_op(cast, InsertPoint.at_start(fn.body.block))
    arg.replace_uses_with_if(cast.result, lambda use: use.operation is not cast)
    _retype_interface(fn)


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
    """Quantize `value` and every alias of it across calls, each in its
    function, after checking them all."""
    members = class_members(module, value, _ElementType(new))
    classes = AliasClasses.of(module)
    for member in members:
        if not isinstance(member, SSAValue):
            continue  # a signature slot: its function's block argument or return
        name = classes.function_of(member)
        assert name is not None
        _Quantizer(classes.functions[name], member, old, new, through_calls=True).run()


@dataclass
class _Quantizer:
    fn: func.FuncOp
    buffer: SSAValue
    old: Attribute
    new: Attribute
    through_calls: bool = False
    """The whole alias class is being quantized: calls keep their types."""
    loads: list[_Load] = field(default_factory=list[_Load])
    stores: list[_Store] = field(default_factory=list[_Store])
    returned: bool = False
    load_casts: set[CastOp] = field(default_factory=set[CastOp])
    store_casts: dict[CastOp, _Store] = field(default_factory=dict[CastOp, _Store])

    @property
    def name(self) -> str:
        return value_name(self.buffer) or "?"

    def run(self) -> None:
        self._classify_uses()
        in_signature = isinstance(self.buffer, BlockArgument) or self.returned
        if in_signature and not self.through_calls:
            _check_not_called(self.fn, self.name)
        memref_type = self.buffer.type
        assert isinstance(memref_type, MemRefType)
        new_memref = MemRefType(
            self.new,
            memref_type.get_shape(),
            memref_type.layout,
            memref_type.memory_space,
        )
        self.buffer = Rewriter.replace_value_with_new_type(self.buffer, new_memref)
        for load in self.loads:
            self._cast_load(load)
        for store in self.stores:
            self._cast_store(store)
        if isinstance(self.buffer, BlockArgument) or self.returned:
            _retype_interface(self.fn)
        _Retyper(self).run()

    def _classify_uses(self) -> None:
        for use in list(self.buffer.uses):
            op = use.operation
            if isinstance(op, _Load):
                self.loads.append(op)
            elif isinstance(op, _Store) and op.value is not self.buffer:
                self.stores.append(op)
            elif isinstance(op, memref.DeallocOp):
                continue
            elif isinstance(op, func.ReturnOp) and op.parent_op() is self.fn:
                self.returned = True
            elif isinstance(op, func.CallOp) and self.through_calls:
                continue
            elif isinstance(op, func.CallOp):
                raise AlloError(
                    f"quantize: buffer '{self.name}' is passed to "
                    f"'@{op.callee.string_value()}'; propagating a type change "
                    "through calls is done by composition, not yet available",
                    op,
                )
            else:
                raise AlloError(
                    f"quantize: buffer '{self.name}' is used by '{op.name}', "
                    "which quantize does not handle (only loads, stores, "
                    "deallocation and returns)",
                    op,
                )

    def _cast_load(self, load: _Load) -> None:
        loaded = Rewriter.replace_value_with_new_type(load.results[0], self.new)
        cast = CastOp(loaded, self.old)
        Rewriter.insert_op(cast, InsertPoint.after(load))
        loaded.replace_uses_with_if(cast.result, lambda use: use.operation is not cast)
        self.load_casts.add(cast)

    def _cast_store(self, store: _Store) -> None:
        cast = CastOp(store.value, self.new)
        Rewriter.insert_op(cast, InsertPoint.before(store))
        store.operands[0] = cast.result
        self.store_casts[cast] = store


# ----- retyping the arithmetic that only feeds the buffer -----


def _kind(op: Operation, new: Attribute) -> str | None:
    """What `op` computes, if it can be recomputed in type `new`."""
    if len(op.results) != 1:
        return None
    t = op.results[0].type
    kind = _old_kind(op, t)
    if kind is None:
        return None
    if is_fixed(new):
        return kind if kind in _FIXED_OPS or kind == "select" else None
    if is_float(new):
        return kind if is_float(t) else None
    if is_integer(new) and is_integer(t):
        return kind if kind in _INT_OPS or kind == "select" else None
    return None


def _old_kind(op: Operation, t: Attribute) -> str | None:
    if isinstance(op, arith.SelectOp):
        return "select"
    if is_float(t):
        return _FLOAT_KINDS.get(type(op))
    if is_fixed(t):
        return _FIXED_KINDS.get(type(op))
    if is_integer(t):
        return _INT_KINDS.get(type(op)) or _SIGNED_INT_KINDS.get(type(op))
    return None


@dataclass
class _Retyper:
    q: _Quantizer
    cone: list[Operation] = field(default_factory=list[Operation])
    kinds: dict[Operation, str] = field(default_factory=dict[Operation, str])
    new_values: dict[SSAValue, SSAValue] = field(
        default_factory=dict[SSAValue, SSAValue]
    )
    bypassed: set[CastOp] = field(default_factory=set[CastOp])
    casts: dict[SSAValue, SSAValue] = field(default_factory=dict[SSAValue, SSAValue])
    """Operands cast to the new type, by the value cast."""
    """Casts whose operand the retyped ops read instead of their result."""

    @property
    def compute_type(self) -> Attribute:
        """The type the retyped arithmetic computes in (`arith` takes
        signless integers only)."""
        new = self.q.new
        if isinstance(new, IntegerType):
            return IntegerType(new.width.data)
        return new

    sinks: dict[Operation, set[int]] = field(default_factory=dict[Operation, set[int]])
    """Yields of retyped accumulators, with the retyped operand positions."""

    def run(self) -> None:
        retype_scalar_accumulators(self.q)
        self.sinks = retype_accumulators(self.q, self.compute_type)
        self._find_cone()
        close_accumulators(self)
        if not self.cone:
            return
        for op in self.cone:
            self._rebuild(op)
        close_accumulators(self)  # the yields of rebuilt ops
        for cast, store in self.q.store_casts.items():
            replacement = self.new_values.get(cast.input)
            if replacement is None:
                continue
            if replacement.type != self.q.new:
                new_cast = CastOp(replacement, self.q.new)
                Rewriter.insert_op(new_cast, InsertPoint.before(store))
                replacement = new_cast.result
            store.operands[0] = replacement
            Rewriter.erase_op(cast)
        for op in reversed(self.cone):
            Rewriter.erase_op(op)
        for cast in self.q.load_casts | self.bypassed:
            if cast.parent is not None and not cast.result.uses:
                Rewriter.erase_op(cast)

    def _find_cone(self) -> None:
        """The ops whose result reaches only stores into the buffer, through
        other such ops; in program order."""
        store_casts = set(self.q.store_casts)
        candidates: list[Operation] = []
        for op in self.q.fn.walk():
            kind = _kind(op, self.q.new)
            if kind is not None:
                candidates.append(op)
                self.kinds[op] = kind
        members: set[Operation] = set()
        changed = True
        while changed:
            changed = False
            for op in reversed(candidates):
                if op in members:
                    continue
                uses = list(op.results[0].uses)
                if uses and all(
                    u.operation in store_casts
                    or u.operation in members
                    or u.index in self.sinks.get(u.operation, ())
                    for u in uses
                ):
                    members.add(op)
                    changed = True
        self.cone = [op for op in candidates if op in members]

    def _rebuild(self, op: Operation) -> None:
        kind = self.kinds[op]
        operands = op.operands[1:] if kind == "select" else op.operands
        target = self.compute_type
        new_op: Operation
        if kind == "select":
            a, b = (self._operand(v, op, exact_fixed=False) for v in operands)
            new_op = arith.SelectOp(op.operands[0], a, b)
        elif is_fixed(target):
            a, b = (self._operand(v, op, exact_fixed=True) for v in operands)
            new_op = _FIXED_OPS[kind](a, b, target)
        else:
            a, b = (self._operand(v, op, exact_fixed=False) for v in operands)
            table = _FLOAT_OPS if is_float(target) else _INT_OPS
            new_op = table[kind](a, b)
        Rewriter.insert_op(new_op, InsertPoint.before(op))
        new_op.results[0].name_hint = op.results[0].name_hint
        self.new_values[op.results[0]] = new_op.results[0]

    def _operand(self, value: SSAValue, user: Operation, exact_fixed: bool) -> SSAValue:
        """`value` as an operand of the retyped `user`."""
        target = self.compute_type
        if value in self.new_values:
            return self.new_values[value]
        source = _cast_source(value, target)
        if source is not value:
            assert isinstance(value.owner, CastOp)
            self.bypassed.add(value.owner)
            value = source
        if value.type == target or (exact_fixed and is_fixed(value.type)):
            return value
        if value not in self.casts:
            # Right after the definition: one cast serves every use.
            cast = CastOp(value, target)
            Rewriter.insert_op(cast, _after_definition(value))
            self.casts[value] = cast.result
        return self.casts[value]


def _after_definition(value: SSAValue) -> InsertPoint:
    if isinstance(value, BlockArgument):
        return InsertPoint.at_start(value.block)
    assert isinstance(value.owner, Operation)
    return InsertPoint.after(value.owner)


def _cast_source(value: SSAValue, target: Attribute) -> SSAValue:
    """What stands for `value` in arithmetic of type `target`: the operand of
    the `allo.cast` that defines `value` when that operand has type `target`
    (a load of the quantized buffer, cast back) or when the cast loses
    nothing; else `value`."""
    owner = value.owner
    if not isinstance(owner, CastOp):
        return value
    source = owner.input
    if source.type == target or _exact(source.type, value.type):
        return source
    return value


def _exact(source: Attribute, target: Attribute) -> bool:
    """Whether every value of `source` converts exactly to `target`."""
    if isinstance(source, FixedPointType):
        if is_float(target):
            return source.width.data <= _mantissa_bits(target)
        if isinstance(target, FixedPointType):
            return (
                target.frac.data >= source.frac.data
                and target.int_bits - (not target.signed)
                >= source.int_bits - (not source.signed)
                and (target.signed or not source.signed)
            )
        return False
    if isinstance(source, IntegerType):
        if is_float(target):
            return source.width.data <= _mantissa_bits(target)
        return False
    return False


def _mantissa_bits(t: Attribute) -> int:
    """Bits of integer precision of a float type (sign excluded)."""
    return {16: 11, 32: 24, 64: 53}.get(t.bitwidth, 8)  # pyright: ignore[reportAttributeAccessIssue]
