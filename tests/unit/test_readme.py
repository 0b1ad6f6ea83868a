"""
The README's code blocks run as written, so that they cannot rot: every
```python block runs (from the repository root, as a user would paste it),
and every `allo-opt` command of a ```sh block (or of an inline `allo-opt ...`
span in the text) whose files exist succeeds."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
README = ROOT / "README.md"
SHELLS = ("sh", "bash", "shell", "console")


def code_blocks(text: str) -> list[tuple[int, str, str]]:
    """(line, language, code) of every fenced block."""
    blocks: list[tuple[int, str, str]] = []
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.M | re.S):
        line = text.count("\n", 0, match.start()) + 1
        blocks.append((line, match.group(1), match.group(2)))
    return blocks


def allo_opt_commands(code: str) -> list[list[str]]:
    """
    The `allo-opt` commands of a shell block (also after `&&`), comments
    dropped."""
    commands: list[list[str]] = []
    for line in code.splitlines():
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words and words[0] == "allo-opt":
                commands.append(words)
    return commands


def self_contained(words: list[str]) -> bool:
    """Every input file the command names exists in the repository."""
    files = [w for w in words if w.endswith((".mlir", ".yaml"))]
    return all((ROOT / f).exists() for f in files)


def inline_commands(text: str) -> list[tuple[int, str]]:
    """(line, code) of every inline `allo-opt ...` span."""
    return [
        (text.count("\n", 0, m.start()) + 1, m.group(1))
        for m in re.finditer(r"(?<!`)`(allo-opt [^`\n]+)`(?!`)", text)
    ]


TEXT = README.read_text()
BLOCKS = code_blocks(TEXT)
PYTHON = [(line, code) for line, lang, code in BLOCKS if lang == "python"]
SHELL = [(line, code) for line, lang, code in BLOCKS if lang in SHELLS]
COMMANDS = [
    (line, words)
    for line, code in SHELL + inline_commands(TEXT)
    for words in allo_opt_commands(code)
    if self_contained(words)
]


def test_the_readme_has_blocks_to_check():
    # The extraction itself must keep finding the blocks it is meant to run.
    assert len(PYTHON) >= 2
    assert any("examples/gemm.yaml" in words for _, words in COMMANDS)
    assert any("examples/compose/linear.yaml" in words for _, words in COMMANDS)


@pytest.mark.needs("g++", "hls4ml")
@pytest.mark.parametrize(("line", "code"), PYTHON, ids=[f"line{n}" for n, _ in PYTHON])
def test_python_block_runs(line: int, code: str):
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, f"README.md:{line}:\n{result.stderr}"


@pytest.mark.parametrize(
    ("line", "words"), COMMANDS, ids=[f"line{n}" for n, _ in COMMANDS]
)
def test_allo_opt_command_runs(line: int, words: list[str], tmp_path: Path):
    # Outputs go to a scratch folder, not into the repository.
    words = [
        str(tmp_path / Path(w).name) if i and words[i - 1] == "-o" else w
        for i, w in enumerate(words)
    ]
    result = subprocess.run(
        words, cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, (
        f"README.md:{line}: {shlex.join(words)}\n{result.stderr}"
    )
