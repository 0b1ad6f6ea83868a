"""
The circt export: mlir-opt-22 parses and verifies it (proof 1), and it
holds nothing of the allo, sched and fpga dialects."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import test_csim
import test_streams
from circt_cases import CASES, passes_of
from loop_check import KERNELS, parse, transform
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.primitives import BY_NAME as PRIMITIVES
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.targets.circt import LEVELS, PIPELINES, emit_circt

pytestmark = pytest.mark.needs("mlir-opt-22")

CSIM_KERNELS = ("SCF", "MATH", "CASTS", "FCMP", "CALLS", "AFFINE", "MEMORY", "NARROW")


def export(module: ModuleOp, level: str) -> str:
    """The export at `level` after the pipeline the target declares for it."""
    load_pipeline(PIPELINES[level]).apply(make_context(), module)
    return emit_circt(module, level)


def all_modules() -> dict[str, ModuleOp]:
    """
    Every test kernel, the kernels of the C simulation tests, every
    primitive's scheduled kernel and the scenarios of the streams tests."""
    modules = {p.stem: parse(p.read_text()) for p in sorted(KERNELS.glob("*.mlir"))}
    for name in CSIM_KERNELS:
        modules[name] = parse(getattr(test_csim, name))
    modules["pragmas"] = parse(test_csim.PRAGMAS.split("func.func @streams")[0])
    modules["streams"] = test_streams.streamed_module()
    for primitive, case in CASES.items():
        modules[f"scheduled_{primitive}"] = transform(case.text, passes_of(case))
    return modules


def test_every_primitive_has_a_case() -> None:
    assert sorted(PRIMITIVES) == sorted(p for p in CASES if p in PRIMITIVES), (
        "add an example of each registered primitive to circt_cases.CASES: "
        + ", ".join(sorted(set(PRIMITIVES) - set(CASES)))
    )


def test_mlir_opt_verifies_every_export() -> None:
    """One mlir-opt-22 run over every export at every level."""
    mlir_opt = shutil.which("mlir-opt-22")
    assert mlir_opt is not None, "mlir-opt-22 (mlir-22-tools) is installed by run-all"
    chunks: list[str] = []
    for name, module in all_modules().items():
        for level in LEVELS:
            text = export(module.clone(), level)
            for dialect in ("allo.", "sched.", "fpga."):
                assert dialect not in text, f"{name} at {level}: {dialect} left"
            chunks.append(f"// {name} at {level}\n{text}")
    done = subprocess.run(
        [mlir_opt, "--split-input-file", "--verify-each"],
        input="\n// -----\n".join(chunks),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("func.func") >= len(chunks)


def test_levels_hold_only_their_dialects() -> None:
    module = parse(test_csim.AFFINE)
    affine_text = export(module.clone(), "affine")
    scf_text = export(module.clone(), "scf")
    cf_text = export(module.clone(), "cf")
    assert "affine.for" in affine_text
    assert "affine.max" in affine_text
    assert "affine." not in scf_text
    assert "scf.for" in scf_text
    assert "affine." not in cf_text
    assert "scf." not in cf_text
    assert "cf.cond_br" in cf_text


def test_hints_survive_every_level() -> None:
    module = transform(
        test_csim.PRAGMAS.split("func.func @streams")[0], []
    )  # pipeline, unroll, rewind, inline, partition
    for level in LEVELS:
        text = export(module.clone(), level)
        for attr in (
            "hls.pipeline_ii = 1",
            "hls.rewind",
            "hls.unroll = 0",
            "hls.inline",
        ):
            assert attr in text, f"{attr} lost at level {level}"
        assert 'kind = "cyclic", factor = 4' in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "func.func @f(%A: memref<4xi32>) {\n  affine.for %i = 0 to 4 {\n  }"
            " {fpga.pipeline_ii = 1 : i64}\n  return\n}",
            "attribute 'fpga.pipeline_ii' on 'affine.for' reaches the circt export "
            "\\(run the 'hints-to-attributes' pass; the circt pipeline does\\)",
        ),
        (
            "func.func @f(%A: memref<4xi32, #fpga.partition<[cyclic 2]>>) {\n"
            "  return\n}",
            "partition layout #fpga.partition<\\[cyclic 2\\]> in 'func.func' "
            "reaches the circt export \\(run the 'strip-layouts' pass",
        ),
        (
            "func.func @f() {\n  %s = fpga.stream_create : !fpga.stream<i32, 2>\n"
            "  return\n}",
            "'fpga.stream_create' reaches the circt export: streams must first "
            "become buffers \\(run the 'lower-streams' pass",
        ),
        (
            "func.func @f(%A: memref<4xi32> {fpga.bind_storage = "
            '{impl = "bram", type = "ram_2p"}}) {\n  return\n}',
            "attribute 'fpga.bind_storage' on 'func.func' reaches the circt export "
            "\\(run the 'hints-to-attributes' pass",
        ),
        (
            "func.func @f(%a: !fpga.stream<i32, 2>) {\n  return\n}",
            "stream type !fpga.stream<i32, 2> in 'func.func' reaches the circt "
            "export: streams must first become buffers \\(run the 'lower-streams'",
        ),
        (
            'sched.schedule @f {\n  sched.pipeline "i" ii 1\n}',
            "'sched.schedule' is left in the circt export",
        ),
        (
            "func.func @f(%A: memref<4xf32>, %c: f32) {\n"
            "  linalg.fill ins(%c : f32) outs(%A : memref<4xf32>)\n  return\n}",
            "outside the dialects of the circt export",
        ),
    ],
)
def test_target_rejects_what_upstream_cannot_read(text: str, message: str) -> None:
    # Without the input preparation, which lowers linalg to affine loops.
    module = parse_module(make_context(), text)
    with pytest.raises(AlloError, match=message) as info:
        emit_circt(module)
    assert info.value.location is not None


def test_fixed_point_names_its_lowering() -> None:
    module = parse("func.func @f(%a: memref<4x!allo.fixed<16, 8>>) {\n  return\n}")
    with pytest.raises(AlloError, match="lower-fixed-point"):
        emit_circt(module)
    text = export(module, "cf")
    assert "memref<4xi16>" in text


def test_unknown_level() -> None:
    with pytest.raises(AlloError, match="unknown level 'llvm'"):
        emit_circt(parse(Path(KERNELS / "blur1d.mlir").read_text()), "llvm")
