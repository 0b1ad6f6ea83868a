"""
Walking affine expressions: `ExprFolder`, the one walk over an
`AffineExpr` that every client of the package builds on, and the folders
that need nothing else: the evaluator (an expression as Python source,
compiled once per map or set) and the text of expressions in messages.

A folder folds the tree bottom-up (in xDSL's `post_order`), one hook per
kind of node. Others: linear forms (`affine_forms`), the integer constraints
of the dependence test (`dependence_system`), C++ text (`targets.hls_affine`)
and the ops of `lower-affine-ext`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from xdsl.dialects import affine
from xdsl.ir import BlockArgument, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineConstraintKind,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSet,
    AffineSymExpr,
)

from allo_xdsl.analysis.loops import index_constant, loop_label

T = TypeVar("T")


# --- the walk ----------------------------------------------------------------


class ExprFolder(ABC, Generic[T]):
    """
    Folds an affine expression bottom-up, children before parents (lhs
    first), into a value of type `T`. The binary hooks also get the node,
    for folders that look at the shape of an operand (a constant divisor)."""

    def fold(self, expr: AffineExpr) -> T:
        stack: list[T] = []
        for node in expr.post_order():
            if isinstance(node, AffineBinaryOpExpr):
                rhs = stack.pop()
                stack.append(self._binary(node, stack.pop(), rhs))
            elif isinstance(node, AffineConstantExpr):
                stack.append(self.constant(node.value))
            elif isinstance(node, AffineDimExpr):
                stack.append(self.dim(node.position))
            else:
                assert isinstance(node, AffineSymExpr)
                stack.append(self.symbol(node.position))
        return stack[0]

    def fold_all(self, exprs: Iterable[AffineExpr]) -> list[T]:
        return [self.fold(e) for e in exprs]

    def _binary(self, node: AffineBinaryOpExpr, lhs: T, rhs: T) -> T:
        if node.kind == AffineBinaryOpKind.Add:
            return self.add(lhs, rhs, node)
        if node.kind == AffineBinaryOpKind.Mul:
            return self.mul(lhs, rhs, node)
        return self.divide(lhs, rhs, node)

    @abstractmethod
    def constant(self, value: int) -> T: ...

    @abstractmethod
    def dim(self, position: int) -> T: ...

    @abstractmethod
    def symbol(self, position: int) -> T: ...

    @abstractmethod
    def add(self, lhs: T, rhs: T, node: AffineBinaryOpExpr) -> T: ...

    @abstractmethod
    def mul(self, lhs: T, rhs: T, node: AffineBinaryOpExpr) -> T: ...

    @abstractmethod
    def divide(self, lhs: T, rhs: T, node: AffineBinaryOpExpr) -> T:
        """`floordiv`, `ceildiv` or `mod` (`node.kind` says which)."""


def divide_constants(kind: AffineBinaryOpKind, a: int, b: int) -> int:
    """
    `a floordiv b`, `a ceildiv b` or `a mod b` (b > 0), rounding as MLIR
    does, which is Python's `//` and `%`."""
    if kind == AffineBinaryOpKind.FloorDiv:
        return a // b
    if kind == AffineBinaryOpKind.CeilDiv:
        return -(-a // b)
    return a % b


def all_dims_map(amap: AffineMap) -> AffineMap:
    """The same map with symbol k read as dimension num_dims + k."""
    if amap.num_symbols == 0:
        return amap
    n = amap.num_dims
    dims = [AffineExpr.dimension(d) for d in range(n)]
    syms = [AffineExpr.dimension(n + s) for s in range(amap.num_symbols)]
    return amap.replace_dims_and_symbols(dims, syms, n + amap.num_symbols, 0)


# --- evaluating expressions --------------------------------------------------

_BINARY = {
    AffineBinaryOpKind.Add: "({} + {})",
    AffineBinaryOpKind.Mul: "({} * {})",
    AffineBinaryOpKind.Mod: "({} % {})",
    AffineBinaryOpKind.FloorDiv: "({} // {})",
    AffineBinaryOpKind.CeilDiv: "(-((-{}) // {}))",
}


class _PythonSource(ExprFolder[str]):
    """
    Python source over parameters `d0.. s0..` (floordiv, ceildiv and mod
    round as MLIR's do, which is Python's `//` and `%`)."""

    def constant(self, value: int) -> str:
        return str(value)

    def dim(self, position: int) -> str:
        return f"d{position}"

    def symbol(self, position: int) -> str:
        return f"s{position}"

    def add(self, lhs: str, rhs: str, node: AffineBinaryOpExpr) -> str:
        return _BINARY[node.kind].format(lhs, rhs)

    def mul(self, lhs: str, rhs: str, node: AffineBinaryOpExpr) -> str:
        return _BINARY[node.kind].format(lhs, rhs)

    def divide(self, lhs: str, rhs: str, node: AffineBinaryOpExpr) -> str:
        return _BINARY[node.kind].format(lhs, rhs)


_SOURCE = _PythonSource()


def affine_source(expr: AffineExpr) -> str:
    """Python source of `expr` over parameters `d0.. s0..`."""
    return _SOURCE.fold(expr)


def map_params(num_dims: int, num_symbols: int) -> list[str]:
    return [f"d{i}" for i in range(num_dims)] + [f"s{i}" for i in range(num_symbols)]


def _function(params: Sequence[str], body: str) -> Callable[..., Any]:
    namespace: dict[str, Any] = {}
    source = f"def f({', '.join(params)}):\n    return {body}\n"
    exec(compile(source, "<allo-affine>", "exec"), namespace)
    return namespace["f"]


@cache
def compile_map(affine_map: AffineMap, combine: str = "tuple") -> Callable[..., Any]:
    """
    `affine_map` as a function of its dims then symbols.

    combine: "tuple" (all results), "one" (the single result), "min", "max".
    """
    params = map_params(affine_map.num_dims, affine_map.num_symbols)
    results = [affine_source(e) for e in affine_map.results]
    if combine == "one":
        assert len(results) == 1
        body = results[0]
    elif combine in ("min", "max") and len(results) > 1:
        body = f"{combine}({', '.join(results)})"
    elif combine in ("min", "max"):
        body = results[0]
    else:
        body = f"({', '.join(results)}{',' if len(results) == 1 else ''})"
    return _function(params, body)


_COMPARISON = {
    AffineConstraintKind.ge: ">=",
    AffineConstraintKind.le: "<=",
    AffineConstraintKind.eq: "==",
}


@cache
def compile_set(affine_set: AffineSet) -> Callable[..., bool]:
    """`affine_set` as a predicate of its dims then symbols."""
    params = map_params(affine_set.num_dims, affine_set.num_symbols)
    tests = [
        f"{affine_source(c.lhs)} {_COMPARISON[c.kind]} {affine_source(c.rhs)}"
        for c in affine_set.constraints
    ]
    return _function(params, " and ".join(tests) if tests else "True")


# --- text for messages -------------------------------------------------------


class _Text:
    """
    An expression's text as `format_expr` writes it: its sum terms
    (coefficient and atom text, None for a constant), its coefficient and
    base when it is a product by a constant, and its text as an atom."""

    __slots__ = ("atom", "base", "coef", "terms")

    def __init__(
        self,
        terms: list[tuple[int, str | None]],
        coef: int,
        base: str,
        atom: str,
    ):
        self.terms = terms
        self.coef = coef
        self.base = base
        self.atom = atom

    @staticmethod
    def of_atom(text: str) -> _Text:
        return _Text([(1, text)], 1, text, text)


_TOKENS = {
    AffineBinaryOpKind.FloorDiv: "floordiv",
    AffineBinaryOpKind.CeilDiv: "ceildiv",
    AffineBinaryOpKind.Mod: "mod",
    AffineBinaryOpKind.Mul: "*",
    AffineBinaryOpKind.Add: "+",
}


class _Formatter(ExprFolder[_Text]):
    def __init__(self, names: Sequence[str]):
        self.names = names

    def constant(self, value: int) -> _Text:
        return _Text([(value, None)], 1, str(value), str(value))

    def dim(self, position: int) -> _Text:
        if position < len(self.names):
            return _Text.of_atom(self.names[position])
        return _Text.of_atom(f"d{position}")

    def symbol(self, position: int) -> _Text:
        return _Text.of_atom(f"s{position}")

    def _atom(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> str:
        token = _TOKENS[node.kind]
        return f"({_render(lhs.terms)}) {token} {_render(rhs.terms)}"

    def add(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> _Text:
        atom = self._atom(lhs, rhs, node)
        return _Text(lhs.terms + rhs.terms, 1, atom, atom)

    def mul(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> _Text:
        if isinstance(node.rhs, AffineConstantExpr):
            coef, base = lhs.coef * node.rhs.value, lhs.base
        elif isinstance(node.lhs, AffineConstantExpr):
            coef, base = rhs.coef * node.lhs.value, rhs.base
        else:
            coef, base = 1, self._atom(lhs, rhs, node)
        atom = self._atom(lhs, rhs, node)
        return _Text([(coef, base)], coef, base, atom)

    def divide(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> _Text:
        return _Text.of_atom(self._atom(lhs, rhs, node))


def _render(terms: Sequence[tuple[int, str | None]]) -> str:
    text = ""
    constant = 0
    for coef, base in terms:
        if base is None:
            constant += coef
            continue
        body = base if coef in (1, -1) else f"{base} * {abs(coef)}"
        if not text:
            text = f"-{body}" if coef < 0 else body
        else:
            text += f" - {body}" if coef < 0 else f" + {body}"
    if not text:
        return str(constant)
    if constant:
        text += f" - {-constant}" if constant < 0 else f" + {constant}"
    return text


def format_expr(expr: AffineExpr, names: Sequence[str]) -> str:
    """`expr` as a reader writes it, dims named by `names` (`i - 1`)."""
    return _render(_Formatter(names).fold(expr).terms)


def value_label(value: SSAValue) -> str:
    """
    How a subscript input is shown in messages: a loop's name for an
    induction variable, the expression of an `affine.apply`."""
    constant = index_constant(value)
    if constant is not None:
        return str(constant)
    if isinstance(value, BlockArgument) and value.index == 0:
        loop = value.block.parent_op()
        if isinstance(loop, affine.ForOp):
            return loop_label(loop)
    owner = value.owner
    if isinstance(owner, affine.ApplyOp):
        amap = all_dims_map(owner.map.data)
        names = [value_label(v) for v in owner.mapOperands]
        return f"({format_expr(amap.results[0], names)})"
    return value.name_hint or "?"
