"""The plugin's pass runs from allo-opt once the package is installed."""

import subprocess
import sys
from pathlib import Path

KERNEL = Path(__file__).parent / "scale.mlir"


def allo_opt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "allo_xdsl.tools.allo_opt", *args],
        capture_output=True,
        text=True,
    )


def test_pass_from_command_line():
    out = allo_opt(str(KERNEL), "-p", 'prefix-loop-names{prefix="k_"}', "-t", "hls-cpp")
    assert out.returncode == 0, out.stderr
    assert "l_k_x: for" in out.stdout


def test_pass_from_yaml(tmp_path: Path):
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "passes:\n  - prefix-loop-names: {prefix: t_}\ntarget: hls-cpp\n"
    )
    out = allo_opt(str(KERNEL), "--pipeline", str(pipeline))
    assert out.returncode == 0, out.stderr
    assert "l_t_x: for" in out.stdout


def test_bad_prefix_is_a_clean_error():
    out = allo_opt(str(KERNEL), "-p", 'prefix-loop-names{prefix="1x"}')
    assert out.returncode == 1
    assert "error: prefix '1x' is not an identifier" in out.stderr
    assert "Traceback" not in out.stderr


def test_listed():
    out = allo_opt("--list-passes")
    assert "prefix-loop-names" in out.stdout
