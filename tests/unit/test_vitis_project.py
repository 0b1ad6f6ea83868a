"""
The `vitis-project` target: the directory it writes, its test bench built
with g++ against the ap_types headers (passing on the kernel, failing on a
broken one), and its Tcl script run by tclsh with stubs of the Vitis
commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from allo_xdsl.sim.csim import ap_types_dir

pytestmark = pytest.mark.needs("g++", "hls4ml")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# Integers, a scalar parameter, a returned array and a returned scalar.
SCALE = """
func.func @scale(%x: memref<6xi32>, %n: i32) -> (memref<6xi32>, i32) {
  %y = memref.alloc() {name = "y"} : memref<6xi32>
  %z = arith.constant 0 : i32
  %t = affine.for %i = 0 to 6 iter_args(%acc = %z) -> (i32) {
    %v = affine.load %x[%i] : memref<6xi32>
    %p = arith.muli %v, %n : i32
    affine.store %p, %y[%i] : memref<6xi32>
    %s = arith.addi %acc, %p : i32
    affine.yield %s : i32
  }
  return %y, %t : memref<6xi32>, i32
}
"""


def allo_opt(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "allo_xdsl.tools.allo_opt", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def build_and_run(project: Path) -> subprocess.CompletedProcess[str]:
    binary = project / "tb"
    subprocess.run(
        ["g++", "-std=c++17", f"-I{ap_types_dir()}", "-o", str(binary)]
        + [str(project / "tb.cpp"), str(project / "kernel.cpp")],
        check=True,
        capture_output=True,
    )
    return subprocess.run([str(binary)], capture_output=True, text=True, check=False)


def test_gemm_project_passes_and_a_broken_kernel_fails(tmp_path: Path) -> None:
    project = tmp_path / "gemm_prj"
    done = allo_opt(
        str(EXAMPLES / "gemm.mlir"),
        "--pipeline",
        str(EXAMPLES / "gemm.yaml"),
        "-p",
        'vitis-interfaces{top="gemm"}',
        "-t",
        "vitis-project{top=gemm}",
        "-o",
        str(project),
    )
    assert done.returncode == 0, done.stderr
    names = {"kernel.cpp", "kernel.h", "tb.cpp", "run_hls.tcl", "README.md"}
    assert {p.name for p in project.iterdir()} == names
    kernel = (project / "kernel.cpp").read_text()
    assert "#pragma HLS interface m_axi port=B offset=slave bundle=gmem1" in kernel
    assert "B_local[32][32]" in kernel
    header = (project / "kernel.h").read_text()
    assert "void gemm(float A[32][32], float B[32][32], float C[32][32]);" in header
    ran = build_and_run(project)
    assert ran.returncode == 0, ran.stdout
    assert "PASS" in ran.stdout, ran.stdout
    broken = kernel.replace("float s = c + p;", "float s = c - p;")
    assert broken != kernel
    (project / "kernel.cpp").write_text(broken)
    ran = build_and_run(project)
    assert ran.returncode == 1
    assert "FAIL" in ran.stdout


def test_scalars_and_results(tmp_path: Path) -> None:
    source = tmp_path / "scale.mlir"
    source.write_text(SCALE)
    project = tmp_path / "p"
    project.mkdir()
    (project / "stale.txt").write_text("replaced atomically")
    done = allo_opt(str(source), "-t", "vitis-project", "-o", str(project))
    assert done.returncode == 0, done.stderr
    assert not (project / "stale.txt").exists()
    bench = (project / "tb.cpp").read_text()
    assert "scale(arg0, arg1, ret0, &ret1);" in bench
    ran = build_and_run(project)
    assert ran.returncode == 0, ran.stdout
    kernel = (project / "kernel.cpp").read_text()
    (project / "kernel.cpp").write_text(kernel.replace("v * n", "v * n + 1", 1))
    assert build_and_run(project).returncode == 1


@pytest.mark.needs("tclsh")
def test_run_hls_tcl_calls_vitis_in_order(tmp_path: Path) -> None:
    source = tmp_path / "scale.mlir"
    source.write_text(SCALE)
    project = tmp_path / "p"
    done = allo_opt(str(source), "-t", "vitis-project{top=scale}", "-o", str(project))
    assert done.returncode == 0, done.stderr
    commands = [
        "open_project",
        "set_top",
        "add_files",
        "open_solution",
        "set_part",
        "create_clock",
        "csim_design",
        "csynth_design",
        "cosim_design",
        "export_design",
    ]
    stubs = (
        "".join(
            f'proc {c} {{args}} {{ puts [string trim "{c} $args"] }}\n'
            for c in commands
        )
        + 'rename exit __exit\nproc exit {args} { puts "exit" }\n'
    )
    driver = tmp_path / "check.tcl"
    # tclsh runs `exit` itself at the end: leave through the real one
    driver.write_text(stubs + f"source {project / 'run_hls.tcl'}\n__exit 0\n")
    ran = subprocess.run(
        ["tclsh", str(driver)], capture_output=True, text=True, check=True
    )
    assert ran.stdout.splitlines() == [
        "open_project -reset scale_prj",
        "set_top scale",
        "add_files kernel.cpp",
        "add_files kernel.h",
        "add_files -tb tb.cpp -cflags -std=c++14",
        "open_solution -reset solution1 -flow_target vitis",
        "set_part xcu280-fsvh2892-2L-e",
        "create_clock -period 3.33 -name default",
        "csim_design",
        "csynth_design",
        "cosim_design",
        "export_design -format xo",
        "exit",
    ]


def test_errors(tmp_path: Path) -> None:
    source = tmp_path / "scale.mlir"
    source.write_text(SCALE)
    done = allo_opt(str(source), "-t", "vitis-project")
    assert done.returncode == 1
    assert "writes a directory: give it with -o DIR" in done.stderr
    done = allo_opt(
        str(source), "-t", "vitis-project{device=u999}", "-o", str(tmp_path / "d")
    )
    assert done.returncode == 1
    assert "unknown device 'u999'" in done.stderr
    assert not (tmp_path / "d").exists()
    done = allo_opt(
        str(source), "-t", "vitis-project{top=nope}", "-o", str(tmp_path / "d")
    )
    assert done.returncode == 1
    assert "nope" in done.stderr
    (tmp_path / "file").write_text("")
    done = allo_opt(str(source), "-t", "vitis-project", "-o", str(tmp_path / "file"))
    assert done.returncode == 1
    assert "it is a file" in done.stderr
