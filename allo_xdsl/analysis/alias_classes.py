"""
Alias classes: the buffers of a module that must share one type.

A buffer crosses function boundaries without being copied, so its type (its
partition layout, later its stream kind) must be the same wherever it is
seen, or the module does not verify. These places are aliases of one
another:

- a caller value passed as a call operand, and the callee parameter it binds
  to (`ParamSlot`);
- the same callee parameter at every call site, in every caller;
- a returned buffer, the function result (`ResultSlot`) and the caller
  values that receive it;
- a `memref.global` (`GlobalSlot`) and every `memref.get_global` of it.

`AliasClasses.of(module)` is the union-find over these members; each link
remembers the op that made it, so an error can say how two buffers alias.
Only values of buffer types (memrefs, streams) take part.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from xdsl.dialects import func, memref
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.ir import Attribute, Block, BlockArgument, Operation, OpResult, SSAValue

from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.diagnostics import op_location
from allo_xdsl.dialects.fpga import StreamType


@dataclass(frozen=True)
class ParamSlot:
    """Parameter `index` of function `func`, as every call site sees it."""

    func: str
    index: int


@dataclass(frozen=True)
class ResultSlot:
    """Result `index` of function `func`, as every call site sees it."""

    func: str
    index: int


@dataclass(frozen=True)
class GlobalSlot:
    """The `memref.global` named `name`."""

    name: str


Slot = ParamSlot | ResultSlot | GlobalSlot
Member = SSAValue | Slot


@dataclass(frozen=True)
class Link:
    """
    Two members alias because of `op` (a call, a return, a get_global,
    or the function whose parameter is bound)."""

    a: Member
    b: Member
    op: Operation


def is_buffer_type(t: Attribute) -> bool:
    """Whether values of type `t` are buffers that can cross a call."""
    return isinstance(t, MemRefType | StreamType)


class AliasClasses:
    """
    The alias classes of one module, built once; rebuild after the module
    changes (retyping a value replaces it)."""

    def __init__(self, module: ModuleOp):
        self.module = module
        self.functions: dict[str, func.FuncOp] = {
            op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)
        }
        self.globals: dict[str, memref.GlobalOp] = {
            op.sym_name.data: op for op in module.ops if isinstance(op, memref.GlobalOp)
        }
        self._parent: dict[Member, Member] = {}
        self._links: dict[Member, list[Link]] = {}
        self._function_of: dict[Member, str] = {}
        for name in self.globals:
            self._add(GlobalSlot(name))
        for fn in self.functions.values():
            self._visit(fn)

    @classmethod
    def of(cls, module: ModuleOp) -> AliasClasses:
        return cls(module)

    # ----- building -----

    def _add(self, member: Member) -> None:
        self._parent.setdefault(member, member)
        self._links.setdefault(member, [])

    def _find(self, member: Member) -> Member:
        root = member
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[member] != root:
            self._parent[member], member = root, self._parent[member]
        return root

    def _union(self, a: Member, b: Member, op: Operation) -> None:
        self._add(a)
        self._add(b)
        link = Link(a, b, op)
        self._links[a].append(link)
        self._links[b].append(link)
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            self._parent[root_b] = root_a

    def _value(self, value: SSAValue, fn: func.FuncOp) -> bool:
        """Record `value` of `fn` as a member if it is a buffer."""
        if not is_buffer_type(value.type):
            return False
        self._add(value)
        self._function_of[value] = fn.sym_name.data
        return True

    def _visit(self, fn: func.FuncOp) -> None:
        name = fn.sym_name.data
        if not fn.is_declaration:
            for index, arg in enumerate(fn.args):
                if self._value(arg, fn):
                    self._union(arg, ParamSlot(name, index), fn)
        for op in fn.walk():
            self._visit_values(op, fn)
            if isinstance(op, func.ReturnOp):
                for index, value in enumerate(op.arguments):
                    if self._value(value, fn):
                        self._union(value, ResultSlot(name, index), op)
            elif isinstance(op, func.CallOp):
                self._visit_call(op, fn)
            elif isinstance(op, memref.GetGlobalOp):
                self._union(op.memref, GlobalSlot(op.name_.string_value()), op)

    def _visit_values(self, op: Operation, fn: func.FuncOp) -> None:
        """Record the buffers `op` defines: block arguments, then results."""
        for region in op.regions:
            for block in region.blocks:
                for arg in block.args:
                    self._value(arg, fn)
        for result in op.results:
            self._value(result, fn)

    def _visit_call(self, call: func.CallOp, fn: func.FuncOp) -> None:
        callee = call.callee.string_value()
        if callee not in self.functions:
            return
        for index, value in enumerate(call.arguments):
            if self._value(value, fn):
                self._union(value, ParamSlot(callee, index), call)
        for index, value in enumerate(call.res):
            if self._value(value, fn):
                self._union(value, ResultSlot(callee, index), call)

    # ----- queries -----

    def __contains__(self, member: Member) -> bool:
        return member in self._parent

    def members(self, member: Member) -> list[Member]:
        """
        Every member of the class of `member` (itself included), in a
        stable order: the order in which the module mentions them."""
        if member not in self._parent:
            return [member]
        root = self._find(member)
        return [m for m in self._parent if self._find(m) == root]

    def classes(self) -> Iterator[list[Member]]:
        """Every class of more than one member, or holding a global."""
        by_root: dict[Member, list[Member]] = {}
        for member in self._parent:
            by_root.setdefault(self._find(member), []).append(member)
        for members in by_root.values():
            if len(members) > 1 or isinstance(members[0], GlobalSlot):
                yield members

    def function_of(self, member: Member) -> str | None:
        """
        The function whose body holds `member` (a value) or that `member`
        (a parameter or result slot) belongs to."""
        if isinstance(member, ParamSlot | ResultSlot):
            return member.func
        if isinstance(member, GlobalSlot):
            return None
        return self._function_of.get(member)

    def path(self, a: Member, b: Member) -> list[Link]:
        """
        The links that lead from `a` to `b` (empty when equal or not
        aliases), shortest first."""
        previous: dict[Member, Link | None] = {a: None}
        queue = deque([a])
        while queue:
            current = queue.popleft()
            if current == b:
                break
            for link in self._links.get(current, []):
                other = link.b if link.a == current else link.a
                if other not in previous:
                    previous[other] = link
                    queue.append(other)
        if b not in previous:
            return []
        links: list[Link] = []
        current = b
        while (link := previous[current]) is not None:
            links.append(link)
            current = link.b if link.a == current else link.a
        return links[::-1]

    def explain(self, a: Member, b: Member) -> str:
        """
        How `a` and `b` alias, as `'out' of 'linear' -> 't1' of 'top'
        -> 'x' of 'add'`: the named buffers along the path."""
        names = [self.describe(a)]
        current = a
        for link in self.path(a, b):
            current = link.b if link.a == current else link.a
            if isinstance(current, ResultSlot):
                continue  # the returned value and the receiving one say it
            text = self.describe(self._named(current))
            if text != names[-1]:
                names.append(text)
        return " -> ".join(names)

    def _named(self, member: Member) -> Member:
        """A parameter slot as its function's block argument, if it has one."""
        if not isinstance(member, ParamSlot):
            return member
        fn = self.functions.get(member.func)
        if fn is None or fn.is_declaration:
            return member
        return fn.args[member.index]

    def describe(self, member: Member) -> str:
        """`'t1' of 'top'`, `parameter #2 of 'linear'`, `global '@W'`."""
        if isinstance(member, GlobalSlot):
            return f"global '@{member.name}'"
        if isinstance(member, ParamSlot):
            return f"parameter #{member.index} of '{member.func}'"
        if isinstance(member, ResultSlot):
            return f"result #{member.index} of '{member.func}'"
        name = buffer_name(member)
        return f"'{name}' of '{self.function_of(member)}'"

    def location_op(self, member: Member) -> Operation | None:
        """The op that declares `member`, for error locations."""
        if isinstance(member, GlobalSlot):
            return self.globals.get(member.name)
        if isinstance(member, ParamSlot | ResultSlot):
            return self.functions.get(member.func)
        owner = member.owner
        if isinstance(owner, Operation):
            return owner
        return _block_parent(owner)


def buffer_name(value: SSAValue) -> str:
    """
    The name a buffer is known by in messages: its name, else what holds
    it (`parameter #1`, `result #0 of 'func.call'`)."""
    name = value_name(value)
    if name:
        return name
    if isinstance(value, BlockArgument):
        return f"parameter #{value.index}"
    assert isinstance(value, OpResult)
    return f"result #{value.index} of '{value.op.name}'"


def _block_parent(block: Block) -> Operation | None:
    return block.parent_op()


def call_sites(module: ModuleOp, callee: str) -> list[func.CallOp]:
    """
    The calls of `callee` in `module`, in program order (functions in
    module order, ops in pre-order): call site `k` is element `k`."""
    return [
        op
        for op in module.walk()
        if isinstance(op, func.CallOp) and op.callee.string_value() == callee
    ]


def where(op: Operation | None) -> str:
    """`FILE:LINE:COL` of `op`, or its name when it has no location."""
    if op is None:
        return "?"
    location = op_location(op)
    return str(location) if location else f"'{op.name}'"
