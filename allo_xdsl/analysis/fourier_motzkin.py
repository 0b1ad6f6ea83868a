"""
Integer feasibility of linear systems, by Fourier-Motzkin elimination.

A `System` holds equalities `form == 0` and inequalities `form >= 0` over
integer variables numbered from 1 (`LinearForm[int]`). `feasible` answers
whether it may have an integer solution: False is a proof that it has none,
True may be wrong (the elimination tightens constants to integers but is
not exact over the integers, and it gives up above `FM_LIMIT`
inequalities). `presolve` substitutes the unit-coefficient equalities away
and `independent_parts` splits a system into parts that share no variable,
so that callers can decide each part alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import gcd

from allo_xdsl.analysis.affine_forms import LinearForm

Form = LinearForm[int]
"""A linear form over the variables of a system."""

FM_LIMIT = 400
"""Above this many inequalities, elimination stops and assumes a solution."""


@dataclass
class System:
    """Equalities `form == 0` and inequalities `form >= 0` over integers."""

    equalities: list[Form] = field(default_factory=list[Form])
    inequalities: list[Form] = field(default_factory=list[Form])
    num_vars: int = 0

    def new_var(self) -> Form:
        """A fresh variable, as a form."""
        self.num_vars += 1
        return LinearForm.of_key(self.num_vars)

    def copy(self) -> System:
        return System(list(self.equalities), list(self.inequalities), self.num_vars)

    def ge(self, a: Form, b: Form) -> None:
        self.inequalities.append(a.minus(b))

    def eq(self, a: Form, b: Form) -> None:
        self.equalities.append(a.minus(b))


def constant(value: int) -> Form:
    return LinearForm.of_constant(value)


def form_key(form: Form) -> tuple[int, tuple[tuple[int, int], ...]]:
    """A hashable key equal for equal forms."""
    return form.constant, tuple(sorted(form.terms.items()))


def _gcd(form: Form) -> int:
    g = 0
    for c in form.terms.values():
        g = gcd(g, abs(c))
    return g


def _normalize_ineq(form: Form) -> Form | bool:
    """
    `form >= 0` divided by the gcd of its coefficients, the constant
    rounded down; True/False when it has no variable."""
    if not form.terms:
        return form.constant >= 0
    g = _gcd(form)
    return LinearForm({v: c // g for v, c in form.terms.items()}, form.constant // g)


def normalize_eq(form: Form) -> Form | bool:
    """
    `form == 0` divided by the gcd of its coefficients; True/False when
    that decides it (no variable, or a constant the gcd does not divide)."""
    if not form.terms:
        return form.constant == 0
    g = _gcd(form)
    if form.constant % g:
        return False
    return LinearForm({v: c // g for v, c in form.terms.items()}, form.constant // g)


def _unit_solution(form: Form, var: int) -> Form:
    """The value of `var` that makes `form == 0` (its coefficient is +-1)."""
    rest = LinearForm({v: c for v, c in form.terms.items() if v != var}, form.constant)
    return rest.scaled(-form.terms[var])


def _unit_variable(forms: Sequence[Form]) -> tuple[int, int] | None:
    """(form index, variable) of the first variable with coefficient +-1."""
    for k, form in enumerate(forms):
        for v, c in form.terms.items():
            if abs(c) == 1:
                return k, v
    return None


def feasible(system: System) -> bool:
    """
    Whether the system may have an integer solution (False is a proof
    that it has none).

    Equalities with a unit coefficient are solved exactly by substitution;
    the others become two inequalities. Inequalities go to Fourier-Motzkin."""
    pending: list[Form] = list(system.equalities)
    inequalities: list[Form] = list(system.inequalities)
    while pending:
        normal: list[Form] = []
        for form in pending:
            result = normalize_eq(form)
            if result is False:
                return False
            if not isinstance(result, bool):
                normal.append(result)
        pick = _unit_variable(normal)
        if pick is None:
            for form in normal:
                inequalities.extend((form, form.scaled(-1)))
            break
        k, var = pick
        value = _unit_solution(normal.pop(k), var)
        pending = [e.substituted(var, value) for e in normal]
        inequalities = [f.substituted(var, value) for f in inequalities]
    return _fourier_motzkin(inequalities)


def _fourier_motzkin(forms: list[Form]) -> bool:
    current = _tighten(forms)
    while current is not None:
        variables = {v for form in current for v in form.terms}
        if not variables:
            return True
        costs = {v: _elimination_cost(current, v) for v in variables}
        current = _tighten(_eliminate(current, min(variables, key=costs.__getitem__)))
        if current is not None and len(current) > FM_LIMIT:
            return True
    return False


def _eliminate(forms: list[Form], var: int) -> list[Form]:
    """The inequalities without `var` that `forms` imply."""
    pos = [f for f in forms if f.coefficient(var) > 0]
    neg = [f for f in forms if f.coefficient(var) < 0]
    combined = [f for f in forms if not f.coefficient(var)]
    for p in pos:
        for n in neg:
            a, b = p.terms[var], -n.terms[var]
            combined.append(p.scaled(b).plus(n, a))
    return combined


def _elimination_cost(forms: list[Form], var: int) -> int:
    pos = sum(1 for f in forms if f.coefficient(var) > 0)
    neg = sum(1 for f in forms if f.coefficient(var) < 0)
    return pos * neg - pos - neg


def _tighten(forms: list[Form]) -> list[Form] | None:
    """
    Normalized, deduplicated inequalities (the tightest constant per
    coefficient vector); None when one of them is false."""
    best: dict[tuple[tuple[int, int], ...], int] = {}
    for form in forms:
        normal = _normalize_ineq(form)
        if normal is True:
            continue
        if normal is False:
            return None
        key = tuple(sorted(normal.terms.items()))
        if key not in best or normal.constant < best[key]:
            best[key] = normal.constant
    # x + c1 >= 0 and -x + c2 >= 0 with c1 + c2 < 0 is caught by elimination.
    return [LinearForm(dict(key), c) for key, c in best.items()]


def presolve(system: System, forms: Sequence[Form]) -> tuple[System, list[Form]] | None:
    """
    The system with its unit-coefficient equalities substituted (also in
    `forms`); None when an equality is false."""
    pending: list[Form] = list(system.equalities)
    inequalities: list[Form] = list(system.inequalities)
    substituted: list[Form] = list(forms)
    kept: list[Form] = []
    while pending:
        result = normalize_eq(pending.pop())
        if result is False:
            return None
        if result is True:
            continue
        pick = _unit_variable([result])
        if pick is None:
            kept.append(result)
            continue
        var = pick[1]
        value = _unit_solution(result, var)
        pending = [e.substituted(var, value) for e in pending]
        kept = [e.substituted(var, value) for e in kept]
        inequalities = [f.substituted(var, value) for f in inequalities]
        substituted = [f.substituted(var, value) for f in substituted]
    return System(kept, inequalities, system.num_vars), substituted


class _Partition:
    """Union-find over variables."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, v: int) -> int:
        parent = self.parent
        while parent.setdefault(v, v) != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    def union(self, variables: Sequence[int]) -> int | None:
        if not variables:
            return None
        root = self.find(variables[0])
        for v in variables[1:]:
            other = self.find(v)
            if other != root:
                self.parent[other] = root
        return root


def _variables(*forms: Form) -> list[int]:
    return [v for form in forms for v in form.terms]


def independent_parts(
    system: System, groups: Sequence[Sequence[Form]]
) -> list[tuple[list[int], System]] | None:
    """
    The parts of `system` that share no variable, each with the indices
    of the `groups` of forms whose variables fall in it (a group without
    variable has a part of its own, empty). Parts that no group reaches are
    checked here: None when one has no solution."""
    partition = _Partition()
    for form in (*system.equalities, *system.inequalities):
        partition.union(_variables(form))
    group_roots = [partition.union(_variables(*group)) for group in groups]
    parts = _split(system, partition)
    roots = [partition.find(r) if r is not None else None for r in group_roots]
    for root, part in parts.items():
        if (root is None or partition.find(root) not in roots) and not feasible(part):
            return None
    out: list[tuple[list[int], System]] = []
    seen: list[int | None] = []
    for root in roots:
        if root in seen:
            continue
        seen.append(root)
        members = [k for k, r in enumerate(roots) if r == root]
        part = parts.get(root, System()) if root is not None else System()
        out.append((members, part))
    return out


def _split(system: System, partition: _Partition) -> dict[int | None, System]:
    """The constraints of `system` by the root of their variables."""
    parts: dict[int | None, System] = {}
    for form in system.equalities:
        root = partition.union(_variables(form))
        parts.setdefault(root, System()).equalities.append(form)
    for form in system.inequalities:
        root = partition.union(_variables(form))
        parts.setdefault(root, System()).inequalities.append(form)
    return parts
