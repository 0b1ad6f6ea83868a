"""
Run random kernels under random schedules and judge them.

For each kernel seed: the kernel (MLIR), its model (`program.evaluate`),
random inputs, and several random schedules. The oracles:

- the model, which shares no code with allo-xdsl;
- the unscheduled kernel in the interpreter and in C simulation (they must
  agree with the model, or the generator, the emitter or the interpreter is
  wrong: reported as `baseline`).

Each schedule goes through the real pipeline in-process (YAML file, the
`fpga` pipeline, apply, verify, HLS C++ emission), then C simulation. The
outcome of a case is one of:

- `ok`: the scheduled kernel computes what the model does;
- `rejected`: an AlloError with a `FILE:LINE:COL` location (the contract);
- `unlocated`: an AlloError without a location (a papercut, not a failure);
- `crash`: any other exception (allo-opt would exit 2);
- `invalid-ir`: a step produced IR that fails verification;
- `miscompile`: C simulation disagrees with the model;
- `gxx`: g++ rejects the emitted C++, or the binary fails.

C simulation compiles many kernels in one g++ run: each emitted unit in a
namespace of its own, one `main` dispatching on the case number.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import tempfile
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .program import Program, emit_mlir, evaluate, generate, make_inputs
from .schedule import Schedule, random_schedule

FAILURES = ("crash", "miscompile", "gxx", "baseline", "invalid-ir")


@dataclass
class Case:
    seed: int
    index: int  # -1: the unscheduled kernel
    prog: Program
    mlir: str
    schedule: Schedule | None
    inputs: dict[str, np.ndarray[Any, Any]]
    expected: dict[str, np.ndarray[Any, Any]]
    outcome: str = ""
    message: str = ""
    source: str = ""  # the emitted unit
    interface: Any = None
    actual: dict[str, Any] = field(default_factory=dict)
    yaml_text: str = ""  # overrides the schedule (a replayed, edited case)
    module: Any = None  # the scheduled module, kept for triage

    @property
    def name(self) -> str:
        return f"s{self.seed}" + ("-base" if self.index < 0 else f"-{self.index}")

    @property
    def legal(self) -> bool:
        return self.schedule is None or self.schedule.legal

    def yaml(self) -> str:
        if self.yaml_text:
            return self.yaml_text
        return self.schedule.to_yaml() if self.schedule else "include: [fpga]\n"


def outputs(prog: Program) -> list[str]:
    return [b.name for b in prog.bufs.values() if b.role == "inout"] + (
        ["C"] if prog.out_returned else []
    )


def make_cases(seed: int, schedules: int) -> list[Case]:
    prog = generate(seed)
    mlir = emit_mlir(prog)
    inputs = make_inputs(prog, seed)
    model = evaluate(prog, inputs)
    expected = {name: model[name] for name in outputs(prog)}
    cases = [Case(seed, -1, prog, mlir, None, inputs, expected)]
    for k in range(schedules):
        sched = random_schedule(prog, seed * 1000 + k)
        cases.append(Case(seed, k, prog, mlir, sched, inputs, expected))
    return cases


# ----- compiling -----


def compile_case(case: Case, workdir: Path) -> None:
    """
    Apply the schedule in-process, as allo-opt does; sets the outcome on
    failure, else the emitted unit."""
    from allo_xdsl.api import parse
    from allo_xdsl.diagnostics import AlloError
    from allo_xdsl.pipelines import load_pipeline
    from allo_xdsl.targets.hls_cpp import emit_unit

    kernel = workdir / "kernel.mlir"
    sched = workdir / "schedule.yaml"
    kernel.write_text(case.mlir)
    sched.write_text(case.yaml())
    try:
        pipeline = load_pipeline(str(sched))
        ctx, module = parse(case.mlir, "kernel.mlir")
        pipeline.apply(ctx, module)
        unit = emit_unit(module, roots=["top"])
    except AlloError as e:
        located = e.location is not None
        case.outcome = "rejected" if located else "unlocated"
        case.message = e.format("allo-opt")
        if case.schedule is not None and _verifier_error(e.message):
            # the kernel verified before: a step produced invalid IR
            case.outcome = "invalid-ir"
        return
    except Exception as e:
        from xdsl.utils.exceptions import DiagnosticException

        if isinstance(e, DiagnosticException):
            case.outcome, case.message = "unlocated", f"allo-opt: error: {e}"
            return
        case.outcome = "crash"
        case.message = "".join(traceback.format_exception(e))
        return
    case.source = unit.source
    case.interface = unit.functions["top"]
    case.module = (ctx, module)


def _verifier_error(message: str) -> bool:
    """
    An xDSL verifier message, not a step's refusal (which names its step
    or the YAML file)."""
    return (
        bool(re.match(r"'[\w.]+' op ", message))
        or "Operation does not verify" in message
    )


def _unit_main(k: int, case: Case) -> str:
    from allo_xdsl.targets.testbench import csim_main

    text = csim_main(case.interface)
    body = text[text.index("int main(") :]
    body = body.replace(
        "int main(int argc, char **argv) {\n"
        '  const std::string dir = argc > 1 ? argv[1] : ".";',
        "int run(const std::string &dir) {",
    )
    body = body.replace(f"::{case.interface.cpp_name}(", f"{case.interface.cpp_name}(")
    return f"namespace fuzz_u{k} {{\n{case.source}\n{body}}}  // fuzz_u{k}\n"


def _program(cases: list[Case]) -> str:
    from allo_xdsl.sim.csim import _PCH_HEADER
    from allo_xdsl.targets.testbench import _BITS_PRELUDE, _MAIN_PRELUDE

    parts = [_PCH_HEADER, _MAIN_PRELUDE, _BITS_PRELUDE]
    parts += [_unit_main(k, c) for k, c in enumerate(cases)]
    calls = "\n".join(
        f"    case {k}: return fuzz_u{k}::run(dir);" for k in range(len(cases))
    )
    parts.append(
        "int main(int argc, char **argv) {\n  const std::string dir = argv[2];\n"
        f"  switch (std::atoi(argv[1])) {{\n{calls}\n  }}\n  return 4;\n}}\n"
    )
    return "\n".join(parts)


def _build(cases: list[Case]) -> Path:
    from allo_xdsl.sim.csim import compile_cached

    return compile_cached(_program(cases))


def build_batch(cases: list[Case]) -> dict[int, Path]:
    """
    Binaries for the emitted cases (one g++ run when all compile; a
    failing batch is split in halves to find the culprits)."""
    from allo_xdsl.diagnostics import AlloError

    try:
        binary = _build(cases)
        return {id(c): binary for c in cases}
    except AlloError as e:
        if len(cases) == 1:
            cases[0].outcome = "gxx"
            cases[0].message = str(e)[-3000:]
            return {}
    half = len(cases) // 2
    return {**build_batch(cases[:half]), **build_batch(cases[half:])}


def _run_case(binary: Path, k: int, case: Case, work: Path) -> None:
    from allo_xdsl.sim.csim import _read, host_codec

    iface = case.interface
    args = [b.name for b in case.prog.args()]
    for j, (name, t) in enumerate(zip(args, iface.inputs, strict=True)):
        shape = tuple(t.get_shape())
        data = np.asarray(case.inputs[name]).reshape(shape)
        host_codec(t).encode(np.ascontiguousarray(data)).tofile(work / f"arg{j}.bin")
    try:
        done = subprocess.run(
            [str(binary), str(k), str(work)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        case.outcome, case.message = "gxx", "the C simulation timed out"
        return
    if done.returncode != 0:
        case.outcome = "gxx"
        case.message = (
            f"the C simulation exited {done.returncode}: {done.stderr[-500:]}"
        )
        return
    for j, (name, t) in enumerate(zip(args, iface.inputs, strict=True)):
        case.actual[name] = _read(work / f"arg{j}.out.bin", t)
    if case.prog.out_returned:
        case.actual["C"] = _read(work / "ret0.bin", iface.outputs[0])
    judge(case)


def judge(case: Case) -> None:
    for name, want in case.expected.items():
        got = np.asarray(case.actual[name]).astype(object).reshape(want.shape)
        if not np.array_equal(got, want):
            bad = np.argwhere(got != want)[0]
            at = tuple(int(x) for x in bad)
            case.outcome = "baseline" if case.index < 0 else "miscompile"
            case.message = (
                f"{name}{list(at)} is {got[at]}, the model says {want[at]} "
                f"({int((got != want).sum())} of {want.size} elements differ)"
            )
            return
    case.outcome = "ok"


def triage(case: Case) -> None:
    """
    Run a miscompiled kernel in the interpreter too: if it agrees with C
    simulation, a pass is at fault, else the C++ emission."""
    from allo_xdsl.passes.lower_fixed_point import LowerFixedPointPass
    from allo_xdsl.sim import simulate

    ctx, module = case.module
    try:
        LowerFixedPointPass().apply(ctx, module)
        args = [
            np.asarray(case.inputs[b.name]).reshape(tuple(t.get_shape()))
            for b, t in zip(case.prog.args(), case.interface.inputs, strict=True)
        ]
        result = simulate(module, "top", args, backend="interpreter")
    except Exception as e:
        case.message += f"; the interpreter cannot run it ({type(e).__name__})"
        return
    got = dict(zip([b.name for b in case.prog.args()], result.args, strict=True))
    if case.prog.out_returned:
        got["C"] = result.returns[0]
    same = all(
        np.array_equal(np.asarray(got[k]).ravel(), np.asarray(v).ravel())
        for k, v in case.actual.items()
    )
    case.message += (
        "; the interpreter gives the same wrong result (a pass is at fault)"
        if same
        else "; the interpreter differs from C simulation (check the emitter)"
    )


def interpret(case: Case) -> None:
    """The unscheduled kernel in the interpreter (fixed point lowered first)."""
    from allo_xdsl.api import parse
    from allo_xdsl.passes.lower_fixed_point import LowerFixedPointPass
    from allo_xdsl.sim import simulate

    ctx, module = parse(case.mlir, "kernel.mlir")
    LowerFixedPointPass().apply(ctx, module)
    args = [case.inputs[b.name] for b in case.prog.args()]
    result = simulate(module, "top", args, backend="interpreter")
    actual: dict[str, Any] = {}
    for b, value in zip(case.prog.args(), result.args, strict=True):
        actual[b.name] = value
    if case.prog.out_returned:
        actual["C"] = result.returns[0]
    probe = Case(case.seed, -1, case.prog, case.mlir, None, case.inputs, case.expected)
    probe.actual = actual
    judge(probe)
    if probe.outcome != "ok":
        case.outcome, case.message = "baseline", "interpreter: " + probe.message


def run_cases(cases: list[Case], interpreter: bool = True) -> list[Case]:
    """Judge `cases` (C simulation of every accepted one in one g++ run)."""
    with tempfile.TemporaryDirectory(prefix="allo-fuzz-") as tmp:
        work = Path(tmp)
        for case in cases:
            compile_case(case, work)
        emitted = [c for c in cases if not c.outcome]
        binaries = build_batch(emitted) if emitted else {}
        for k, case in enumerate(emitted):
            if id(case) in binaries:
                _run_case(binaries[id(case)], k, case, work)
        for case in cases:
            if case.outcome == "miscompile":
                triage(case)
        if interpreter:
            for case in cases:
                if case.index < 0 and case.outcome == "ok":
                    try:
                        interpret(case)
                    except Exception as e:
                        case.outcome = "baseline"
                        case.message = f"interpreter: {type(e).__name__}: {e}"
    return cases


def run_seeds(
    seeds: Iterable[int], schedules: int, interpreter: bool = True
) -> list[Case]:
    cases: list[Case] = []
    for seed in seeds:
        cases += make_cases(seed, schedules)
    return run_cases(cases, interpreter)


# ----- reporting -----

_NORMALIZE = [
    (re.compile(r"^\S+?:\d+:\d+: error: "), ""),
    (re.compile(r"^allo-opt: error: "), ""),
    (re.compile(r"'[^']*'"), "'X'"),
    (re.compile(r"\b\d+\b"), "N"),
    (re.compile(r"\s+"), " "),
]


def reason(message: str) -> str:
    """A refusal message with its names and numbers normalized away."""
    text = message.strip().splitlines()[-1] if message.strip() else ""
    for pattern, repl in _NORMALIZE:
        text = pattern.sub(repl, text)
    return text[:160]


def save_failure(case: Case, root: Path) -> Path:
    """
    A folder that replays `case`: kernel, schedule, inputs, expected and
    actual outputs, and a replay.sh."""
    folder = root / f"{case.outcome}-{case.name}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.mlir").write_text(case.mlir)
    (folder / "schedule.yaml").write_text(case.yaml())
    np.savez(folder / "inputs.npz", **case.inputs)
    np.savez(
        folder / "expected.npz",
        **{k: v.astype(np.int64) for k, v in case.expected.items()},
    )
    if case.actual:
        np.savez(
            folder / "actual.npz",
            **{k: np.asarray(v).astype(np.int64) for k, v in case.actual.items()},
        )
    (folder / "message.txt").write_text(case.message + "\n")
    fresh = Case(
        case.seed,
        case.index,
        case.prog,
        case.mlir,
        case.schedule,
        case.inputs,
        case.expected,
    )
    (folder / "case.pkl").write_bytes(pickle.dumps(fresh))
    (folder / "replay.sh").write_text(
        "#!/bin/sh\n# allo-opt on the case, then the case judged again by the fuzzer\n"
        'cd "$(dirname "$0")"\n'
        "allo-opt kernel.mlir --pipeline schedule.yaml -t hls-cpp > /dev/null\n"
        f"python {Path(__file__).resolve().parents[2] / 'benchmarks' / 'fuzz.py'} "
        f"--replay . \n"
    )
    (folder / "replay.sh").chmod(0o755)
    return folder


def load_case(folder: Path) -> Case:
    """
    A saved case, with the folder's kernel.mlir and schedule.yaml (edit
    them to minimize it: the model still judges the outputs)."""
    case: Case = pickle.loads((folder / "case.pkl").read_bytes())
    case.mlir = (folder / "kernel.mlir").read_text()
    case.yaml_text = (folder / "schedule.yaml").read_text()
    return case
