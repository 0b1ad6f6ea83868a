"""A third-party plugin, pip-installed into a fresh virtual environment, adds
a pass that allo-opt runs from -p and from YAML with no change to allo-xdsl."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent.parent.parent / "examples" / "plugin"


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # System site-packages give the venv allo-xdsl, xdsl and pytest; the
    # plugin itself is installed only in the venv.
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            PLUGIN,
        ],
        check=True,
        capture_output=True,
    )
    return python


def test_plugin_tests_pass_in_its_venv(plugin_python: Path):
    result = subprocess.run(
        [
            plugin_python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            PLUGIN / "tests",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_plugin_absent_outside_its_venv():
    result = subprocess.run(
        [sys.executable, "-m", "allo_xdsl.tools.allo_opt", "--list-passes"],
        capture_output=True,
        text=True,
    )
    assert "prefix-loop-names" not in result.stdout
