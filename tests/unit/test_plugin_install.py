"""
A third-party plugin, pip-installed into a fresh virtual environment, adds
a pass that allo-opt runs from -p and from YAML with no change to allo-xdsl."""

import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent.parent.parent / "examples" / "plugin"


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The new venv sees this interpreter's packages (allo-xdsl, xdsl, pytest),
    # also when pytest itself runs in a venv, whose packages
    # `system_site_packages` would not reach; the plugin itself is installed
    # only in the new venv.
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    _see_our_packages(python)
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


def _see_our_packages(python: Path) -> None:
    """
    Make the running interpreter's site directories (and their `.pth`
    files, which editable installs use) site directories of `python`."""
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    lines = [f"import site; site.addsitedir({d!r})" for d in dict.fromkeys(ours)]
    (Path(purelib) / "zz_outer_site.pth").write_text("\n".join(lines) + "\n")


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
