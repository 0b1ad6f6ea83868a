"""
The package's layers import only downward, and never inside a function.

Each `allo_xdsl.X` import of every module (read with `ast`, so nothing is
executed) must go to the module's own layer or a lower one (see
`../shared/DESIGN.md` section 2 and the README's Layout section). An import
inside a function is allowed only for an optional extra (onnx, torch-mlir,
pycde, ...), marked by a comment `# optional extra` on its line or the line
above. What other branches still have to fix is listed in `KNOWN_UPWARD` and
`KNOWN_IN_FUNCTION`, each with its reason, so that the lists only shrink: an
entry that no longer occurs fails the test too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent.parent / "allo_xdsl"

LAYERS: tuple[tuple[str, ...], ...] = (
    # xDSL only: located errors, SSA names, the parser, the pass/target lookup
    # (which reaches passes and targets through entry points, not imports).
    ("__init__", "diagnostics", "ssa_names", "parsing", "registry"),
    ("dialects",),
    ("context", "verify"),  # every dialect; verification with located errors
    ("analysis",),
    ("rewriting",),
    ("passes",),
    ("qor",),
    ("pipelines",),
    ("targets",),
    ("universe",),  # the xdsl.universe entry point: dialects, passes, targets
    ("frontend",),
    ("api",),  # parse (with the frontend's preparation), apply, emit
    ("dse",),
    ("sim",),
    ("tools",),
)
"""Bottom to top; each layer imports only from its own and the ones below.
A name is a subpackage or a module at the package's top."""

RANK = {name: k for k, names in enumerate(LAYERS) for name in names}

OPTIONAL_EXTRA = "optional extra"

KNOWN_UPWARD: dict[tuple[str, str], str] = {}
"""(file, imported module) -> why it is still there."""

KNOWN_IN_FUNCTION: dict[tuple[str, str], str] = {}
"""(file, imported module) -> why it is still imported inside a function."""


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    module: str
    in_function: bool
    optional_extra: bool


def layer_of(module: str) -> int | None:
    """The rank of `allo_xdsl.X...`, None outside the package."""
    parts = module.split(".")
    if parts[0] != "allo_xdsl":
        return None
    name = parts[1] if len(parts) > 1 else "__init__"
    if name not in RANK:
        raise AssertionError(f"{module} is in no layer; add it to LAYERS")
    return RANK[name]


def file_module(file: str) -> str:
    """`passes/loop_tile.py` -> `allo_xdsl.passes.loop_tile`."""
    parts = Path(file).with_suffix("").parts
    return ".".join(("allo_xdsl", *parts)).removesuffix(".__init__")


def imports_of(source: str, file: str) -> list[Import]:
    """The imports of `source`, the text of package file `file`."""
    lines = source.splitlines()
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import | ast.ImportFrom):
                around = " ".join(lines[max(0, child.lineno - 2) : child.lineno])
                for module in _targets(child, file):
                    extra = OPTIONAL_EXTRA in around
                    found.append(Import(file, child.lineno, module, inner, extra))
            visit(child, inner)

    visit(ast.parse(source), False)
    return found


def _targets(node: ast.Import | ast.ImportFrom, file: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        # Relative: resolve against the file's package.
        package = file_module(file).split(".")
        if not file.endswith("__init__.py"):
            package = package[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base]).rstrip(".")
    # `from allo_xdsl import sim` names a module; `import __version__` a name.
    return [
        f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
        for alias in node.names
    ]


def _is_module(module: str) -> bool:
    parts = module.split(".")
    if parts[0] != "allo_xdsl":
        return False
    path = PACKAGE.joinpath(*parts[1:])
    return path.with_suffix(".py").is_file() or path.is_dir()


def package_files() -> list[str]:
    return [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))]


ALL = [i for f in package_files() for i in imports_of((PACKAGE / f).read_text(), f)]


def upward() -> set[tuple[str, str]]:
    bad: set[tuple[str, str]] = set()
    for i in ALL:
        target = layer_of(i.module)
        source = layer_of(file_module(i.file))
        if target is not None and source is not None and target > source:
            bad.add((i.file, i.module))
    return bad


def in_function() -> set[tuple[str, str]]:
    return {(i.file, i.module) for i in ALL if i.in_function and not i.optional_extra}


def test_no_upward_imports():
    found = upward()
    new = sorted(found - set(KNOWN_UPWARD))
    assert not new, "imports from a higher layer:\n" + "\n".join(
        f"  {file} imports {module}" for file, module in new
    )


def test_no_imports_in_functions():
    found = in_function()
    new = sorted(found - set(KNOWN_IN_FUNCTION))
    where = {(i.file, i.module): i.line for i in ALL}
    assert not new, (
        "imports inside functions (move them to the top, or mark an optional "
        f"extra with '# {OPTIONAL_EXTRA}: WHY'):\n"
        + "\n".join(f"  {f}:{where[(f, m)]} imports {m}" for f, m in new)
    )


@pytest.mark.parametrize(
    ("known", "found"),
    [(KNOWN_UPWARD, upward), (KNOWN_IN_FUNCTION, in_function)],
    ids=["upward", "in-function"],
)
def test_known_exceptions_still_occur(known: dict[tuple[str, str], str], found):
    """An allow-list entry that was fixed must leave the list."""
    stale = sorted(set(known) - found())
    assert not stale, "fixed; remove from the allow-list: " + ", ".join(
        f"{f} -> {m}" for f, m in stale
    )


def test_every_module_has_a_layer():
    for file in package_files():
        layer_of(file_module(file))


def test_the_check_sees_upward_and_in_function_imports():
    """The checker itself, on a made-up pass file."""
    source = (
        "from allo_xdsl.tools.allo_opt import main\n"
        "from . import common\n"
        "def f():\n"
        "    import allo_xdsl.dialects.fpga\n"
        "    # optional extra: CIRCT\n"
        "    import pycde\n"
    )
    found = {
        (i.module, i.in_function, i.optional_extra)
        for i in imports_of(source, "passes/probe.py")
    }
    assert found == {
        ("allo_xdsl.tools.allo_opt", False, False),
        ("allo_xdsl.passes.common", False, False),
        ("allo_xdsl.dialects.fpga", True, False),
        ("pycde", True, True),
    }
    tools = layer_of("allo_xdsl.tools.allo_opt")
    passes = layer_of(file_module("passes/probe.py"))
    assert tools is not None
    assert passes is not None
    assert tools > passes
