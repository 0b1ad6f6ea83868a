"""
MLIR-style `// expected-error` annotations for `--verify-diagnostics`.

    %0 = foo.bar  // expected-error {{message part}}
    // expected-error@+1 {{message part}}
    // expected-error@-1 {{message part}}
    // expected-error@below {{...}} is not supported; use @+1.

An annotation on a line of a YAML file has no meaning here: errors located
in another file match any annotation by message alone.
"""

from __future__ import annotations

import re

from allo_xdsl.diagnostics import AlloError

_EXPECTED = re.compile(r"//\s*expected-error(?:@([+-]\d+))?\s*\{\{(.*?)\}\}")


def expected_errors(text: str, line_offset: int = 0) -> list[tuple[int, str]]:
    """(line, message) for every annotation, lines counted in the whole file."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(text.splitlines(), start=1):
        for match in _EXPECTED.finditer(line):
            delta = int(match.group(1)) if match.group(1) else 0
            found.append((index + delta + line_offset, match.group(2)))
    return found


def matches(error: AlloError, line: int, message: str) -> bool:
    if message not in error.message:
        return False
    loc = error.location
    return loc is None or loc.file.endswith((".yaml", ".yml")) or loc.line == line
