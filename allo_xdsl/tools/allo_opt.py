"""
`allo-opt`: parse MLIR, apply a YAML pipeline and passes, emit a target.

User errors print `FILE:LINE:COL: error: MESSAGE` (or `allo-opt: error:
MESSAGE` where nothing can be located) and exit 1; internal errors say so and
exit 2. `-o` is written only after everything succeeded.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import import_module
from io import StringIO
from pathlib import Path
from typing import IO, TypeVar

from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.printer import Printer
from xdsl.utils.arg_spec import parse_pipeline
from xdsl.utils.exceptions import ArgSpecParseError, DiagnosticException
from xdsl.utils.target import Target

from allo_xdsl import __version__
from allo_xdsl.api import lower_for_target, needs_lowering
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError, op_location
from allo_xdsl.dialects.sched import PrimitiveOp
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes import get_allo_passes
from allo_xdsl.passes.apply_schedules import running_steps
from allo_xdsl.passes.primitives import BY_OP
from allo_xdsl.pipelines import (
    Pipeline,
    builtin_description,
    builtin_pipelines,
    load_pipeline,
)
from allo_xdsl.registry import (
    available_passes,
    available_targets,
    make_pass,
    make_target,
)
from allo_xdsl.targets import get_allo_targets
from allo_xdsl.tools.cli import (
    ArgumentParser,
    report_internal_error,
    run_main,
    write_output,
)
from allo_xdsl.tools.expected_diagnostics import expected_errors, matches

_T = TypeVar("_T")

PROG = "allo-opt"

# Where the files of a target that writes a directory come from (module,
# function), loaded by name on use as passes and targets are: its golden
# data needs numpy and the simulators, 0.3 s of every other run's start-up.
PROJECT_FILES = ("allo_xdsl.tools.project", "project_files")
TARGET_HELP = "output: {targets} (default: the pipeline's, or mlir)"


class _ArgumentParser(ArgumentParser):
    def format_help(self) -> str:
        # The target list comes from the registry (plugins included); it is
        # built only when help is shown, to keep start-up light.
        for action in self._actions:
            if action.dest == "target":
                action.help = TARGET_HELP.format(targets=target_list())
        return super().format_help()


def target_list() -> str:
    """`mlir, hls-cpp, ...; other installed targets: ...`, from the registry."""
    ours = ["mlir", *get_allo_targets()]
    others = sorted(set(available_targets()) - set(ours))
    listed = ", ".join(ours)
    return (
        f"{listed}; other installed targets: {', '.join(others)}" if others else listed
    )


def make_argument_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog=PROG,
        description="Apply Allo-style hardware customizations to MLIR and emit "
        "HLS C++ or MLIR.",
    )
    parser.add_argument("input", nargs="?", default="-", help="input file, - for stdin")
    parser.add_argument(
        "--pipeline", metavar="FILE|NAME", help="YAML pipeline file or builtin name"
    )
    parser.add_argument(
        "-p",
        "--passes",
        default="",
        metavar="PASSES",
        help="comma-separated passes, run after the pipeline's, e.g. "
        '\'loop-split{func="f" loop="i" factor=4},cse\'',
    )
    parser.add_argument(
        "-t",
        "--target",
        default=None,
        metavar="TARGET",
        help=TARGET_HELP.format(targets="see --help"),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="output file")
    parser.add_argument(
        "--list-passes", action="store_true", help="list passes and exit"
    )
    parser.add_argument(
        "--list-pipelines", action="store_true", help="list builtin pipelines and exit"
    )
    parser.add_argument(
        "--print-ir-after-all",
        action="store_true",
        help="print the IR to stderr after every pass",
    )
    parser.add_argument(
        "--timing", action="store_true", help="print a wall-time table to stderr"
    )
    parser.add_argument(
        "--print-op-generic",
        action="store_true",
        help="print MLIR in the generic op form",
    )
    parser.add_argument(
        "--split-input-file",
        action="store_true",
        help="process each '// -----' chunk on its own",
    )
    parser.add_argument(
        "--verify-diagnostics",
        action="store_true",
        help="check errors against '// expected-error' comments",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


@dataclass
class Timer:
    """
    Wall times of parse, each pass and emission; rows measured inside
    another one (the steps of `apply-schedules`) are indented under it and
    not added to the total twice."""

    enabled: bool
    rows: list[tuple[str, float, int]] = field(default_factory=list)
    depth: int = 0

    def measure(self, label: str, action: Callable[[], _T]) -> _T:
        if not self.enabled:
            return action()
        # The row is placed before the action runs so that nested rows follow it.
        index = len(self.rows)
        self.rows.append((label, 0.0, self.depth))
        self.depth += 1
        start = time.perf_counter()
        try:
            return action()
        finally:
            self.depth -= 1
            self.rows[index] = (label, time.perf_counter() - start, self.rows[index][2])

    def report(self, stream: IO[str]) -> None:
        total = sum(t for _, t, depth in self.rows if depth == 0) or 1e-9
        labels = [("  " * depth) + label for label, _, depth in self.rows]
        width = max([len(label) for label in labels] + [5])
        stream.write(f"{'step':<{width}}  {'time (s)':>9}  {'%':>6}\n")
        for label, (_, seconds, _) in zip(labels, self.rows, strict=True):
            stream.write(
                f"{label:<{width}}  {seconds:9.4f}  {100 * seconds / total:6.1f}\n"
            )
        stream.write(f"{'total':<{width}}  {total:9.4f}  {100.0:6.1f}\n")


@dataclass(frozen=True)
class Chunk:
    text: str
    line_offset: int


def is_blank(text: str) -> bool:
    """Whether MLIR `text` holds only comments and white space."""
    return not re.sub(r"//[^\n]*", "", text).strip()


def split_chunks(text: str, split: bool) -> list[Chunk]:
    if not split:
        return [Chunk(text, 0)]
    chunks: list[Chunk] = []
    offset = 0
    for piece in text.split("// -----"):
        chunks.append(Chunk(piece, offset))
        offset += piece.count("\n")
    return chunks


class AlloOpt:
    """One run of the command line."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.input_name = "<stdin>" if args.input == "-" else args.input
        self.ctx = make_context()
        self.passes = available_passes()
        self.timer = Timer(args.timing)
        self.pipeline = self._load_pipeline()
        self.extra_passes = self._parse_pass_list(args.passes)
        self.target = self._make_target(args.target or self.pipeline.target or "mlir")

    def _load_pipeline(self) -> Pipeline:
        if not self.args.pipeline:
            return Pipeline()
        return load_pipeline(self.args.pipeline, self.passes)

    def _parse_pass_list(self, spec: str) -> list[ModulePass]:

        try:
            specs = list(parse_pipeline(spec))
        except ArgSpecParseError as e:
            raise AlloError(f"invalid pass pipeline '{spec}': {e}") from None
        passes: list[ModulePass] = []
        for pass_spec in specs:
            try:
                passes.append(make_pass(pass_spec, self.passes))
            except AlloError as e:
                if pass_spec.name in self.passes:
                    raise
                raise AlloError(f"{e.message}; see --list-passes") from None
        return passes

    def _make_target(self, spec: str) -> Target:
        target = make_target(spec)
        if self.args.print_op_generic and target.name == "mlir":
            target = replace(target, print_generic_format=True)
        return target

    def read_input(self) -> str:
        if self.args.input == "-":
            return sys.stdin.read()
        try:
            return Path(self.args.input).read_text()
        except OSError as e:
            raise AlloError(
                f"cannot read input file '{self.args.input}': {e.strerror}"
            ) from None

    def process(self, chunk: Chunk) -> str:
        module = self.timer.measure("parse", lambda: self.parse(chunk))
        self.run_passes(module)
        return self.timer.measure("emit", lambda: self.emit(module))

    def parse(self, chunk: Chunk) -> ModuleOp:

        if is_blank(chunk.text):
            # As mlir-opt: no ops (only comments or white space) is an empty module.
            return ModuleOp([])
        return read_mlir(
            self.ctx, chunk.text, self.input_name, line_offset=chunk.line_offset
        )

    def run_passes(self, module: ModuleOp) -> None:
        """
        The pipeline's passes, the extra passes, then the pipeline the
        target declares when the module is not ready for it (`-t circt`
        after any pipeline)."""

        def run(p: ModulePass, action: Callable[[], None]) -> None:
            self.timer.measure(p.name, action)
            self.dump_ir(module, p.name)

        def run_step(step: PrimitiveOp, func: str, action: Callable[[], None]) -> None:
            where = op_location(step)
            at = f" ({where})" if where else ""
            self.timer.measure(f"{func}: {step.primitive}{at}", action)
            at = f" at {where}" if where else ""
            self.dump_ir(
                module, f"{_step_pass(step)} (step '{step.primitive}' of '{func}'{at})"
            )

        with running_steps(run_step):
            self.pipeline.apply(self.ctx, module, self.extra_passes, run)
            if needs_lowering(self.target, module):
                lower_for_target(self.ctx, module, self.target, run)

    def dump_ir(self, module: ModuleOp, title: str) -> None:
        """mlir-opt's `--mlir-print-ir-after-all` banner and module."""
        if not self.args.print_ir_after_all:
            return
        sys.stderr.write(f"// -----// IR Dump After {title} //----- //\n")
        sys.stderr.write(self.print_mlir(module))

    def print_mlir(self, module: ModuleOp) -> str:

        out = StringIO()
        Printer(out, print_generic_format=self.args.print_op_generic).print_op(module)
        return out.getvalue() + "\n"

    def emit(self, module: ModuleOp) -> str:
        out = StringIO()
        self.target.emit(self.ctx, module, out)
        text = out.getvalue()
        return text if text.endswith("\n") else text + "\n"

    def run(self) -> int:
        text = self.read_input()
        if getattr(self.target, "writes_directory", False):
            self.run_project(text)
            return 0
        outputs: list[str] = []
        failed = False
        for chunk in split_chunks(text, self.args.split_input_file):
            try:
                outputs.append(self.process(chunk))
                if self.args.verify_diagnostics:
                    failed |= not check_expected(chunk, None, self.input_name)
            except AlloError as e:
                if not self.args.verify_diagnostics:
                    raise
                failed |= not check_expected(chunk, e, self.input_name)
        if self.args.timing:
            self.timer.report(sys.stderr)
        if failed:
            return 1
        write_output(self.args.output, "// -----\n".join(outputs))
        return 0

    def run_project(self, text: str) -> None:
        """
        A target that writes a directory (`vitis-project`): its golden data
        comes from C simulation of the kernel before the passes
        (`allo_xdsl.tools.project`)."""
        if not self.args.output or self.args.output == "-":
            raise AlloError(
                f"target '{self.target.name}' writes a directory: give it with -o DIR"
            )
        module = self.parse(Chunk(text, 0))
        project_files = getattr(import_module(PROJECT_FILES[0]), PROJECT_FILES[1])
        files = project_files(module, self.target, self.run_passes)
        write_directory(self.args.output, files)


def write_directory(path: str, files: dict[str, str]) -> None:
    """
    Write `files` into directory `path` atomically: into a fresh
    directory beside it, then renamed over it."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise AlloError(f"cannot write directory '{path}': it is a file")
    try:
        tmp = Path(
            tempfile.mkdtemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
        )
        tmp.chmod(0o755)  # mkdtemp's is 0700; the project is for the user's tools
        for name, text in files.items():
            (tmp / name).write_text(text)
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=target.parent or Path("."), prefix=".old."))
            os.replace(target, old / target.name)
            os.replace(tmp, target)
            shutil.rmtree(old)
        else:
            os.replace(tmp, target)
    except OSError as e:
        raise AlloError(f"cannot write directory '{path}': {e.strerror}") from None


def _step_pass(step: PrimitiveOp) -> str:
    primitive = BY_OP.get(type(step))
    return step.primitive if primitive is None else primitive.pass_name


def check_expected(chunk: Chunk, error: AlloError | None, file: str) -> bool:
    """
    MLIR's `// expected-error {{msg}}` / `// expected-error@+1 {{msg}}`
    check: the chunk's error must be the expected one, on the expected line."""
    expected = expected_errors(chunk.text, chunk.line_offset)
    if error is None and not expected:
        return True
    if error is None:
        for line, message in expected:
            sys.stderr.write(
                f"{file}:{line}: error: expected error not produced: {message}\n"
            )
        return False
    if any(matches(error, line, message) for line, message in expected):
        return True
    sys.stderr.write(f"unexpected {error.format(file)}\n")
    return False


def list_passes() -> str:
    """Every pass with its one-line description and its options."""
    ours = get_allo_passes()
    others = {k: v for k, v in available_passes().items() if k not in ours}
    lines = ["allo-xdsl passes:"]
    lines += _describe_passes(ours)
    lines.append("other passes (xDSL and plugins):")
    lines += _describe_passes(others)
    return "\n".join(lines) + "\n"


def _describe_passes(passes: dict[str, Callable[[], type[ModulePass]]]) -> list[str]:
    lines: list[str] = []
    width = min(max([len(name) for name in passes] + [0]), 24)
    for name in sorted(passes):
        try:
            cls = passes[name]()
        except Exception as e:
            lines.append(f"  {name}  (cannot load: {type(e).__name__}: {e})")
            continue
        summary = pass_summary(cls)
        lines.append(f"  {name:<{width}}  {summary}".rstrip())
        lines += [f"      {option}" for option in pass_options(cls)]
    return lines


def pass_summary(cls: type) -> str:
    """The first sentence of a pass's docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    if cls.__doc__ is None or doc.startswith(f"{cls.__name__}("):
        return ""  # the docstring dataclasses makes up: the signature
    paragraph = " ".join(doc.split("\n\n")[0].split())
    # The first full stop that ends a sentence (not one of an ellipsis).
    end = re.search(r"(?<!\.)\.(?=\s|$)", paragraph)
    return paragraph if end is None else paragraph[: end.end()]


def pass_options(cls: type) -> list[str]:
    """
    `NAME: TYPE = DEFAULT` (or `(required)`) for each option (dataclass
    field) of a pass."""
    if not dataclasses.is_dataclass(cls):
        return []
    options: list[str] = []
    for f in dataclasses.fields(cls):
        kind = (
            f.type if isinstance(f.type, str) else getattr(f.type, "__name__", f.type)
        )
        if f.default is not dataclasses.MISSING:
            options.append(f"{f.name}: {kind} = {f.default!r}")
        elif f.default_factory is not dataclasses.MISSING:
            options.append(f"{f.name}: {kind} = {f.default_factory()!r}")
        else:
            options.append(f"{f.name}: {kind} (required)")
    return options


def list_pipelines() -> str:
    pipelines = builtin_pipelines()
    width = max([len(name) for name in pipelines] + [4])
    return "".join(
        f"{name:<{width}}  {builtin_description(path)}\n"
        for name, path in pipelines.items()
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run_main(PROG, lambda: _run(argv), internal_error)


def _run(argv: Sequence[str] | None) -> int:
    args = make_argument_parser().parse_args(argv)
    if args.list_passes:
        sys.stdout.write(list_passes())
        return 0
    if args.list_pipelines:
        sys.stdout.write(list_pipelines())
        return 0
    return AlloOpt(args).run()


def internal_error(e: BaseException) -> int:
    if isinstance(e, DiagnosticException):
        # An upstream pass rejected the input: a user error without location.
        sys.stderr.write(f"{PROG}: error: {e}\n")
        return 1
    return report_internal_error(PROG, e, "input")


if __name__ == "__main__":
    sys.exit(main())
