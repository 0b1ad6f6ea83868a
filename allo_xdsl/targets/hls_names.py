"""C++ identifiers for the HLS C++ emitter: sanitized, unique, never reserved."""

from __future__ import annotations

import re

CPP_KEYWORDS = frozenset(
    (
        "alignas",
        "alignof",
        "and",
        "and_eq",
        "asm",
        "auto",
        "bitand",
        "bitor",
        "bool",
        "break",
        "case",
        "catch",
        "char",
        "char8_t",
        "char16_t",
        "char32_t",
        "class",
        "compl",
        "concept",
        "const",
        "consteval",
        "constexpr",
        "constinit",
        "const_cast",
        "continue",
        "co_await",
        "co_return",
        "co_yield",
        "decltype",
        "default",
        "delete",
        "do",
        "double",
        "dynamic_cast",
        "else",
        "enum",
        "explicit",
        "export",
        "extern",
        "false",
        "float",
        "for",
        "friend",
        "goto",
        "if",
        "inline",
        "int",
        "long",
        "mutable",
        "namespace",
        "new",
        "noexcept",
        "not",
        "not_eq",
        "nullptr",
        "operator",
        "or",
        "or_eq",
        "private",
        "protected",
        "public",
        "register",
        "reinterpret_cast",
        "requires",
        "return",
        "short",
        "signed",
        "sizeof",
        "static",
        "static_assert",
        "static_cast",
        "struct",
        "switch",
        "template",
        "this",
        "thread_local",
        "throw",
        "true",
        "try",
        "typedef",
        "typeid",
        "typename",
        "union",
        "unsigned",
        "using",
        "virtual",
        "void",
        "volatile",
        "wchar_t",
        "while",
        "xor",
        "xor_eq",
    )
)

# Names the emitted code or the headers it includes define at file scope, and
# common macros: a local of that name would hide them or be rewritten.
RESERVED_NAMES = frozenset(
    (
        "main",
        "std",
        "hls",
        "ap_int",
        "ap_uint",
        "ap_fixed",
        "ap_ufixed",
        "ap_int_base",
        "ap_fixed_base",
        "int8_t",
        "int16_t",
        "int32_t",
        "int64_t",
        "uint8_t",
        "uint16_t",
        "uint32_t",
        "uint64_t",
        "size_t",
        "INFINITY",
        "NAN",
        "NULL",
        "EOF",
        "assert",
        "errno",
        "stdin",
        "stdout",
        "stderr",
        "allo_csim",
    )
)

_INVALID_CHARS = re.compile(r"[^A-Za-z0-9_]")


def sanitize(hint: str, fallback: str = "v") -> str:
    """
    A valid C++ identifier resembling `hint` (`i.outer` -> `i_outer`).

    Identifiers with a leading underscore or a double underscore are reserved
    for the implementation, so those are rewritten as well."""
    name = _INVALID_CHARS.sub("_", hint)
    name = re.sub(r"__+", "_", name)
    if not name or name == "_":
        return fallback
    if name[0].isdigit() or name[0] == "_":
        name = fallback + ("" if name[0] == "_" else "_") + name
    return name


class Namer:
    """
    Hands out identifiers that are unique among those visible in nested
    C++ scopes: `x`, `x_1`, `x_2`..., avoiding keywords and reserved names.
    A name is free again once the scope that declared it is closed, so
    sibling loops can both use `i`."""

    def __init__(self, reserved: frozenset[str] | set[str] = frozenset()):
        self._reserved = CPP_KEYWORDS | RESERVED_NAMES | frozenset(reserved)
        self._scopes: list[set[str]] = [set()]

    def push(self) -> None:
        self._scopes.append(set())

    def pop(self) -> None:
        assert len(self._scopes) > 1, "unbalanced Namer.pop"
        self._scopes.pop()

    def _taken(self, name: str) -> bool:
        return name in self._reserved or any(name in s for s in self._scopes)

    def fresh(self, hint: str | None, fallback: str = "v") -> str:
        base = sanitize(hint, fallback) if hint else fallback
        name = base
        suffix = 0
        while self._taken(name):
            suffix += 1
            name = f"{base}_{suffix}"
        self._scopes[-1].add(name)
        return name
