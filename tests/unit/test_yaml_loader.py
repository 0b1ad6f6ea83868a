"""Every error path of the YAML pipeline loader names the file and line."""

from pathlib import Path

import pytest

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.pipelines import builtin_pipelines, load_pipeline


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def load_error(tmp_path: Path, text: str) -> AlloError:
    with pytest.raises(AlloError) as info:
        load_pipeline(write(tmp_path, text))
    return info.value


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("passes: [cse\n", 2, "malformed YAML"),
        (
            "version: 1\nschedul:\n  f: []\n",
            2,
            "unknown key 'schedul'; expected one of",
        ),
        ("version: 2\n", 1, "unsupported pipeline version 2"),
        ("version: true\n", 1, "unsupported pipeline version True"),
        ("description: [a]\n", 1, "'description' must be a non-empty string"),
        ("target: vhdl\n", 1, "unknown target 'vhdl'"),
        ("target: 3\n", 1, "'target' must be a non-empty string"),
        ("passes:\n  - cse\n  - no-such-pass\n", 3, "unknown pass 'no-such-pass'"),
        ("passes: cse\n", 1, "'passes' must be a list"),
        (
            "passes:\n  - name-loops: {bogus: 1}\n",
            2,
            "bad options for pass 'name-loops'",
        ),
        ("passes:\n  - cse: {a: 1}\n    dce: {}\n", 2, "must have exactly one key"),
        ("passes:\n  - arith-add-fastmath: {flags: [[1]]}\n", 2, "unsupported value"),
        ("passes:\n  - 7\n", 2, "a pass must be a non-empty string"),
        ("schedule: [1]\n", 1, "'schedule' must be a mapping"),
        ("schedule:\n  f: {split: 1}\n", 2, "the schedule of 'f' must be a list"),
        ("include: [missing.yaml]\n", 1, "no pipeline file"),
        ("- a\n- b\n", 1, "a pipeline must be a mapping"),
        ("passes: []\npasses: []\n", 2, "duplicate key 'passes'"),
    ],
)
def test_errors_are_located(tmp_path: Path, text: str, line: int, message: str):
    error = load_error(tmp_path, text)
    assert message in error.message
    assert error.location is not None
    assert error.location.file.endswith("p.yaml")
    assert error.location.line == line


def test_passes_with_options_and_target(tmp_path: Path):
    pipeline = load_pipeline(
        write(
            tmp_path,
            "version: 1\ndescription: d\npasses:\n  - cse\n"
            "  - arith-add-fastmath: {flags: [nnan, ninf]}\ntarget: hls-cpp\n",
        )
    )
    assert [p.name for p in pipeline.passes] == ["cse", "arith-add-fastmath"]
    assert pipeline.passes[1].flags == ("nnan", "ninf")
    assert pipeline.target == "hls-cpp"
    assert pipeline.description == "d"


def test_include_relative_and_builtin(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "passes: [dce]\ntarget: mlir\n", "sub/base.yaml")
    top = write(tmp_path, "include: [sub/base.yaml, fpga]\npasses: [cse]\n")
    pipeline = load_pipeline(top)
    fpga = load_pipeline("fpga")
    expected = ["dce", *[p.name for p in fpga.passes], "cse"]
    assert [p.name for p in pipeline.passes] == expected
    assert pipeline.target == "hls-cpp"


def test_include_cycle(tmp_path: Path):
    write(tmp_path, "include: [b.yaml]\n", "a.yaml")
    write(tmp_path, "include: [a.yaml]\n", "b.yaml")
    with pytest.raises(AlloError, match="include cycle"):
        load_pipeline(str(tmp_path / "a.yaml"))


def test_builtin_pipelines_load():
    assert "fpga" in builtin_pipelines()
    for name in builtin_pipelines():
        assert load_pipeline(name).description


def test_unknown_builtin_lists_builtins():
    with pytest.raises(AlloError, match="existing builtin pipelines: .*fpga"):
        load_pipeline("no-such-pipeline")


def test_empty_file_is_an_empty_pipeline(tmp_path: Path):
    pipeline = load_pipeline(write(tmp_path, ""))
    assert pipeline.passes == []
    assert pipeline.schedule == {}
