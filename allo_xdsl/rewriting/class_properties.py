"""
Type-level properties shared by every member of an alias class.

A partition layout (and, later, the stream kind of a FIFO) is part of a
buffer's type; a buffer that crosses a call must have the same type on both
sides. `ClassProperty` is the small interface such a property implements:
read a type as *facts* (key -> value, e.g. dimension -> `block 2`) and write
facts back into a type. On top of it:

- `set_class_property` gives a buffer new facts and propagates them at once
  to its whole alias class (what the `partition` primitive does), so the
  module verifies after every step;
- `unify_class` makes the members of a class agree on the facts that any of
  them states (what the `compose` pass does).

Two different values under one key in one class are a conflict: an
`AlloError` that names both origins (function, buffer, schedule step) and
how the two buffers alias.
"""

from __future__ import annotations

import abc
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from xdsl.dialects import func
from xdsl.dialects.builtin import FunctionType, MemRefType, ModuleOp, NoneAttr
from xdsl.ir import Attribute, BlockArgument, Operation, OpResult, SSAValue
from xdsl.rewriter import Rewriter

from allo_xdsl.analysis.alias_classes import (
    AliasClasses,
    GlobalSlot,
    Member,
    ParamSlot,
    ResultSlot,
)
from allo_xdsl.analysis.origins import (
    Origin,
    input_origin,
    origin_here,
    record_origin,
    recorded_origin,
)
from allo_xdsl.diagnostics import AlloError, op_location
from allo_xdsl.dialects.fpga import NONE, PartitionAttr, partition_of

Facts = Mapping[Hashable, Hashable]


class ClassProperty(abc.ABC):
    """A property of a buffer's type that all aliases of the buffer share."""

    name: ClassVar[str]
    """Its name in messages and origin records, e.g. `partition`."""

    allowed_users: ClassVar[tuple[str, ...]]
    """Ops (besides calls and returns, which join the class) that keep
    verifying when the property of an operand changes."""

    @abc.abstractmethod
    def facts(self, t: Attribute) -> dict[Hashable, Hashable]:
        """What type `t` states, by key."""

    @abc.abstractmethod
    def apply(self, t: Attribute, facts: Facts) -> Attribute:
        """
        `t` stating exactly `facts`; raises ValueError (the reason) when
        `t` cannot carry them."""

    @abc.abstractmethod
    def key_text(self, key: Hashable) -> str:
        """`dimension 2`."""

    @abc.abstractmethod
    def value_text(self, value: Hashable) -> str:
        """`block 2`."""


class PartitionProperty(ClassProperty):
    """
    The `#fpga.partition` layout of a memref: dimension (1-based) ->
    `(kind, factor)` for each partitioned dimension."""

    name = "partition"
    allowed_users = (
        "affine.load",
        "affine.store",
        "memref.load",
        "memref.store",
        "memref.dealloc",
    )

    def facts(self, t: Attribute) -> dict[Hashable, Hashable]:
        if not isinstance(t, MemRefType):
            return {}
        layout = partition_of(t)
        if layout is None:
            return {}
        return {
            dim: entry
            for dim, entry in enumerate(layout.entries, start=1)
            if entry[0] != NONE
        }

    def apply(self, t: Attribute, facts: Facts) -> Attribute:
        if not isinstance(t, MemRefType):
            raise ValueError(f"it is not a memref but {t}")
        layout = t.layout
        if not isinstance(layout, NoneAttr) and partition_of(t) is None:
            raise ValueError(f"it has the layout {layout}")
        rank = t.get_num_dims()
        entries: list[tuple[str, int]] = [(NONE, 0)] * rank
        for dim, entry in facts.items():
            assert isinstance(dim, int)
            assert isinstance(entry, tuple)
            if not 1 <= dim <= rank:
                raise ValueError(f"it has no dimension {dim} (its type is {t})")
            entries[dim - 1] = entry  # pyright: ignore[reportArgumentType]
        new_layout: Attribute = NoneAttr()
        if any(kind != NONE for kind, _ in entries):
            new_layout = PartitionAttr(entries)
        return MemRefType(t.element_type, t.shape, new_layout, t.memory_space)

    def key_text(self, key: Hashable) -> str:
        return f"dimension {key}"

    def value_text(self, value: Hashable) -> str:
        assert isinstance(value, tuple)
        kind, factor = value
        return f"{kind} {factor}" if factor else str(kind)


PARTITION = PartitionProperty()


@dataclass(frozen=True)
class Claim:
    """`member`'s type states `value`, because of `origin`."""

    value: Hashable
    member: Member
    origin: Origin


def class_claims(
    classes: AliasClasses, members: Sequence[Member], prop: ClassProperty
) -> dict[Hashable, list[Claim]]:
    """
    The distinct values that the members' types state, per key, each
    with its origin: the recorded step that set it, else the input."""
    holders: dict[Hashable, dict[Hashable, list[Member]]] = {}
    for member in members:
        for key, value in prop.facts(member_type(classes, member)).items():
            holders.setdefault(key, {}).setdefault(value, []).append(member)
    claims: dict[Hashable, list[Claim]] = {}
    for key, by_value in holders.items():
        claims[key] = [
            _claim(classes, prop, key, value, held) for value, held in by_value.items()
        ]
    return claims


def _claim(
    classes: AliasClasses,
    prop: ClassProperty,
    key: Hashable,
    value: Hashable,
    held: list[Member],
) -> Claim:
    for member in held:
        origin = recorded_origin(
            classes.module, prop.name, classes.describe(member), key
        )
        if origin is not None:
            return Claim(value, member, origin)
    # The input stated it: the declaration of a named buffer says most.
    first = next((m for m in held if isinstance(m, SSAValue | GlobalSlot)), held[0])
    location = op_location(classes.location_op(first))
    return Claim(value, first, input_origin(classes.describe(first), location))


def conflict_error(
    classes: AliasClasses,
    prop: ClassProperty,
    key: Hashable,
    first: Claim,
    second: Claim,
) -> AlloError:
    """
    Two values under `key` in one class: name both origins and how the
    buffers alias."""
    message = (
        f"conflicting {prop.name}s of {prop.key_text(key)}: "
        f"{prop.value_text(first.value)} from {first.origin} and "
        f"{prop.value_text(second.value)} from {second.origin}"
    )
    if first.member != second.member:
        message += "; the buffers alias across calls: " + classes.explain(
            first.member, second.member
        )
    if second.origin.location is not None:
        return AlloError(message, location=second.origin.location)
    return AlloError(message, classes.location_op(second.member))


def member_type(classes: AliasClasses, member: Member) -> Attribute:
    """The type of `member` as the module states it now."""
    if isinstance(member, SSAValue):
        return member.type
    if isinstance(member, GlobalSlot):
        return classes.globals[member.name].type
    function_type = classes.functions[member.func].function_type
    types = (
        function_type.inputs if isinstance(member, ParamSlot) else function_type.outputs
    )
    return types.data[member.index]


def set_class_property(
    module: ModuleOp,
    value: SSAValue,
    prop: ClassProperty,
    facts: Facts,
    pass_name: str,
) -> None:
    """
    Give buffer `value` the `facts` of `prop` (added to those it has), and
    its whole alias class with it. The origin of the facts, remembered for
    later conflicts, is the schedule step being applied, else pass
    `pass_name`.

    Raises `AlloError` when a member of the class states another value for
    one of the keys (naming both origins), or when a member's type cannot
    change (a use or a definition that would stop verifying)."""
    classes = AliasClasses.of(module)
    members = classes.members(value)
    target = classes.describe(value)
    origin = origin_here(target, pass_name)
    claims = class_claims(classes, members, prop)
    for key, new_value in facts.items():
        for claim in claims.get(key, []):
            if claim.value != new_value:
                new = Claim(new_value, value, origin)
                raise conflict_error(classes, prop, key, claim, new)
    merged = _merged(classes, prop, claims) | dict(facts)
    _retype(classes, members, prop, merged, target)
    for key in facts:
        record_origin(module, prop.name, target, key, origin)


def current_claim(
    module: ModuleOp, value: SSAValue, prop: ClassProperty, key: Hashable
) -> Claim | None:
    """
    What the class of `value` states under `key` now, and its origin
    (the first claim when members disagree)."""
    classes = AliasClasses.of(module)
    claims = class_claims(classes, classes.members(value), prop).get(key, [])
    return claims[0] if claims else None


def unify_class(
    classes: AliasClasses, members: Sequence[Member], prop: ClassProperty
) -> bool:
    """
    Give every member the facts any member states; whether a type changed.
    Raises `AlloError` on a conflict or a member whose type cannot change."""
    claims = class_claims(classes, members, prop)
    merged = _merged(classes, prop, claims)
    if not merged:
        return False
    return _retype(classes, members, prop, merged, None)


def crosses_calls(module: ModuleOp, value: SSAValue) -> bool:
    """
    Whether buffer `value` has an alias beyond its own function's
    signature: a call operand, a callee's parameter, a caller's result, a
    declared callee, a global."""
    classes = AliasClasses.of(module)
    own = classes.function_of(value)
    return any(
        m != value and not (isinstance(m, ParamSlot | ResultSlot) and m.func == own)
        for m in classes.members(value)
    )


def class_members(
    module: ModuleOp, value: SSAValue, prop: ClassProperty
) -> list[Member]:
    """
    The alias class of buffer `value`, after checking that every member's
    type can take `prop` (`prop.apply` with no facts; see `retype_class`)
    and follow the change: its users are among `prop.allowed_users`, calls
    of functions the module defines, and returns. Raises `AlloError` naming
    the member, the alias path and the reason; changes nothing."""
    classes = AliasClasses.of(module)
    members = classes.members(value)
    target = classes.describe(value)
    for member in members:
        if isinstance(member, GlobalSlot):
            why = "it is a global; reshape and quantize do not change globals"
            raise _cannot(classes, prop, member, why, target)
        if isinstance(member, ParamSlot | ResultSlot):
            fn = classes.functions[member.func]
            if fn.is_declaration:
                why = f"'{member.func}' is only declared, its body cannot follow"
                raise _cannot(classes, prop, member, why, target)
            continue
        try:
            prop.apply(member_type(classes, member), {})
        except ValueError as e:
            raise _cannot(classes, prop, member, str(e), target) from None
        _check_retypable(classes, prop, member, target)
    return members


def retype_class(module: ModuleOp, value: SSAValue, prop: ClassProperty) -> None:
    """
    Give every member of the alias class of `value` the type
    `prop.apply(type, {})` (a type change that states no facts, such as a
    new shape), function signatures included, after `class_members`'s
    checks. The users of the members (loads, stores, calls) stay."""
    classes = AliasClasses.of(module)
    class_members(module, value, prop)
    _retype(classes, classes.members(value), prop, {}, classes.describe(value))


def _merged(
    classes: AliasClasses, prop: ClassProperty, claims: dict[Hashable, list[Claim]]
) -> dict[Hashable, Hashable]:
    merged: dict[Hashable, Hashable] = {}
    for key, key_claims in claims.items():
        if len(key_claims) > 1:
            raise conflict_error(classes, prop, key, key_claims[0], key_claims[1])
        merged[key] = key_claims[0].value
    return merged


def _retype(
    classes: AliasClasses,
    members: Sequence[Member],
    prop: ClassProperty,
    facts: Facts,
    target: str | None,
) -> bool:
    """
    Give every member the type stating `facts`, checking all of them
    before changing any; whether a type changed."""
    new_types: dict[Member, Attribute] = {}
    for member in members:
        old = member_type(classes, member)
        try:
            new = prop.apply(old, facts)
        except ValueError as e:
            raise _cannot(classes, prop, member, str(e), target) from None
        if new != old:
            _check_retypable(classes, prop, member, target)
            new_types[member] = new
    signatures: dict[str, func.FuncOp] = {}
    for member, new in new_types.items():
        if isinstance(member, SSAValue):
            Rewriter.replace_value_with_new_type(member, new)
        elif isinstance(member, GlobalSlot):
            classes.globals[member.name].properties["type"] = new
        else:
            signatures[member.func] = classes.functions[member.func]
    for fn in signatures.values():
        _update_signature(fn, new_types)
    return bool(new_types)


def _update_signature(fn: func.FuncOp, new_types: Mapping[Member, Attribute]) -> None:
    name = fn.sym_name.data
    inputs = list(fn.function_type.inputs.data)
    outputs = list(fn.function_type.outputs.data)
    for index in range(len(inputs)):
        inputs[index] = new_types.get(ParamSlot(name, index), inputs[index])
    for index in range(len(outputs)):
        outputs[index] = new_types.get(ResultSlot(name, index), outputs[index])
    fn.properties["function_type"] = FunctionType.from_lists(inputs, outputs)


_DEFINERS = ("memref.alloc", "memref.alloca", "memref.get_global", "func.call")


def _check_retypable(
    classes: AliasClasses, prop: ClassProperty, member: Member, target: str | None
) -> None:
    """Reject a change of `member`'s type that the IR could not follow."""
    if not isinstance(member, SSAValue):
        return
    if isinstance(member, BlockArgument):
        parent = member.block.parent_op()
        entry = isinstance(parent, func.FuncOp) and member.block is parent.body.block
        if not entry:
            what = f"it is a block argument of '{parent.name if parent else '?'}'"
            raise _cannot(classes, prop, member, what, target)
    elif isinstance(member, OpResult) and member.op.name not in _DEFINERS:
        what = f"'{member.op.name}' defines it"
        raise _cannot(classes, prop, member, what, target)
    for use in member.uses:
        _check_user(classes, prop, member, use.operation, target)


def _check_user(
    classes: AliasClasses,
    prop: ClassProperty,
    member: SSAValue,
    user: Operation,
    target: str | None,
) -> None:
    if user.name in prop.allowed_users or isinstance(user, func.ReturnOp):
        return
    if isinstance(user, func.CallOp):
        callee = user.callee.string_value()
        if callee in classes.functions:
            return
        what = f"it is passed to '{callee}', which the module does not define"
        raise _cannot(classes, prop, member, what, target, user)
    what = f"'{user.name}' uses it"
    raise _cannot(classes, prop, member, what, target, user)


def _cannot(
    classes: AliasClasses,
    prop: ClassProperty,
    member: Member,
    why: str,
    target: str | None,
    at: Operation | None = None,
) -> AlloError:
    """
    `member` cannot take the property; `target` is the buffer whose
    class it is, when another."""
    described = classes.describe(member)
    through = ""
    if target is not None and target != described:
        through = f" (an alias of {target} across calls)"
    message = f"cannot change the {prop.name} of {described}{through}: {why}"
    return AlloError(message, at or classes.location_op(member))
