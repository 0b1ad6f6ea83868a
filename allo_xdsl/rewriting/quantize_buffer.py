"""
The rewrite of `quantize` for one buffer of one function: the new
element type, an `allo.cast` at every load and store, and the arithmetic
(and accumulators) that only feed the buffer recomputed in the new type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from xdsl.dialects import affine, arith, func, memref
from xdsl.dialects.builtin import (
    FunctionType,
    IntegerType,
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import (
    AddOp,
    CastOp,
    DivOp,
    FixedBinaryOp,
    MaxOp,
    MinOp,
    MulOp,
    SubOp,
    is_fixed,
    is_float,
    is_integer,
)
from allo_xdsl.rewriting.quantize_accumulators import (
    cast_source,
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


def enclosing_module(fn: func.FuncOp) -> ModuleOp | None:
    """The module that holds `fn`, if any."""
    parent = fn.parent_op()
    while parent is not None and not isinstance(parent, ModuleOp):
        parent = parent.parent_op()
    return parent


def check_not_called(fn: func.FuncOp, name: str) -> None:
    """
    `name`, part of the interface of `fn`, may change type: no call of
    `fn` would see it."""
    module = enclosing_module(fn)
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


def retype_interface(fn: func.FuncOp) -> None:
    """The type of `fn` from its arguments and returned values."""
    block = fn.body.block
    outputs = list(fn.function_type.outputs.data)
    ret = block.last_op
    if isinstance(ret, func.ReturnOp):
        outputs = [v.type for v in ret.arguments]
    fn.function_type = FunctionType.from_lists([a.type for a in block.args], outputs)


@dataclass
class Quantizer:
    """
    Quantize one buffer of one function: its type, casts at its loads
    and stores, then the arithmetic that only feeds it (`Retyper`)."""

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
            check_not_called(self.fn, self.name)
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
            retype_interface(self.fn)
        Retyper(self).run()

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
class Retyper:
    """
    Recompute in the new type the ops (the cone) whose results only
    reach stores into the quantized buffer, and its accumulators."""

    q: Quantizer
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
        """
        The type the retyped arithmetic computes in (`arith` takes
        signless integers only)."""
        new = self.q.new
        if isinstance(new, IntegerType):
            return IntegerType(new.width.data)
        return new

    sinks: dict[Operation, set[int]] = field(default_factory=dict[Operation, set[int]])
    """Yields of retyped accumulators, with the retyped operand positions."""

    def run(self) -> None:
        q = self.q
        retype_scalar_accumulators(
            q, lambda scalar: Quantizer(q.fn, scalar, q.old, q.new).run()
        )
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
        """
        The ops whose result reaches only stores into the buffer, through
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
        source = cast_source(value, target)
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
