"""
The table of primitives (`allo_xdsl.passes.primitives`) agrees with the
sched dialect, the pass registry and the passes; YAML steps build their op
once."""

from __future__ import annotations

import dataclasses
import inspect
import pkgutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

import allo_xdsl.passes
from allo_xdsl.dialects.sched import PrimitiveOp, Sched
from allo_xdsl.passes import _PASSES, get_allo_passes  # pyright: ignore[reportPrivateUsage]
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.passes.primitives import BY_NAME, BY_OP, BY_PASS, PRIMITIVES, Primitive
from allo_xdsl.passes.reuse_at import ReuseAtPass
from allo_xdsl.pipelines import load_pipeline


def test_every_sched_primitive_has_one_row():
    ops = [op for op in Sched.operations if issubclass(op, PrimitiveOp)]
    assert [p.op for p in PRIMITIVES] == ops
    assert len(BY_OP) == len(BY_NAME) == len(BY_PASS) == len(PRIMITIVES)
    assert len({(p.module, p.class_name) for p in PRIMITIVES}) == len(PRIMITIVES)


def _primitive_pass_classes() -> list[tuple[str, str]]:
    """(module, class) of every `PrimitivePass` subclass under `passes/`."""
    found: list[tuple[str, str]] = []
    for info in pkgutil.iter_modules(allo_xdsl.passes.__path__):
        module = import_module(f"allo_xdsl.passes.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, PrimitivePass)
                and cls is not PrimitivePass
                and cls.__module__ == module.__name__
            ):
                found.append((info.name, name))
    return found


def test_every_primitive_pass_module_has_exactly_one_row():
    in_table = [(p.module, p.class_name) for p in PRIMITIVES]
    assert sorted(_primitive_pass_classes()) == sorted(in_table)
    modules = [module for module, _ in in_table]
    assert len(set(modules)) == len(modules)


def test_the_registry_lists_primitive_passes_from_the_table():
    passes = get_allo_passes()
    primitive_passes = {
        name for name, load in passes.items() if issubclass(load(), PrimitivePass)
    }
    assert primitive_passes == set(BY_PASS)
    # the other registry list names no primitive pass, not even by mistake
    assert not set(_PASSES) & set(BY_PASS)
    for module, _ in _PASSES.values():
        assert module not in {p.module for p in PRIMITIVES}


def test_listing_passes_loads_no_pass_module():
    code = (
        "import sys\n"
        "from allo_xdsl.passes import get_allo_passes\n"
        "names = get_allo_passes()\n"
        "loaded = [m for m in sys.modules if m.startswith('allo_xdsl.passes.')]\n"
        "print(len(names), sorted(loaded))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    count, loaded = run.stdout.split(" ", 1)
    assert int(count) == len(_PASSES) + len(PRIMITIVES)
    assert loaded.strip() == "['allo_xdsl.passes.primitives']"


@pytest.mark.parametrize("row", PRIMITIVES, ids=lambda p: p.name)
def test_row_names_its_pass_and_its_fields(row: Primitive):
    cls = row.pass_class()
    assert issubclass(cls, PrimitivePass)
    assert cls.name == row.pass_name
    fields = {f.name for f in dataclasses.fields(cls)} - {"func"}
    renamed = {row.renames.get(name, name) for name in row.op.arg_names()}
    assert renamed == fields
    assert set(row.renames) <= set(row.op.arg_names())


def test_pass_knows_its_primitive_name():
    reuse = BY_NAME["reuse_at"]
    op = reuse.op.from_arguments({"buffer": "A", "loop": "i", "name": "A_line"})
    made = reuse.make_pass(op, "f")
    assert isinstance(made, ReuseAtPass)
    assert made.primitive == "reuse_at"
    assert made.buffer_name == "A_line"


def test_yaml_steps_build_their_op_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    built: list[str] = []
    original = PrimitiveOp.from_arguments.__func__  # type: ignore[attr-defined]

    def counting(cls: type[PrimitiveOp], args: dict[str, object]) -> PrimitiveOp:
        built.append(cls.primitive)
        return original(cls, args)

    monkeypatch.setattr(PrimitiveOp, "from_arguments", classmethod(counting))
    path = tmp_path / "s.yaml"
    path.write_text(
        "templates:\n"
        "  opt:\n"
        "    - split: {loop: i, factor: 4}\n"
        "    - pipeline: {loop: j}\n"
        "schedule:\n"
        "  f:\n"
        "    - apply: {template: opt}\n"
        "  g:\n"
        "    - apply: {template: opt}\n"
    )
    pipeline = load_pipeline(str(path))
    assert built == ["split", "pipeline"]
    schedules = pipeline.schedule_ops()
    assert built == ["split", "pipeline"]  # attaching copies, never rebuilds
    steps = [[str(step) for step in s.steps] for s in schedules]
    assert steps == [['sched.split "i" factor 4', 'sched.pipeline "j"']] * 2
    first = next(schedules[1].steps)
    assert str(first.location) == f'loc("{path}":3:7)'  # the template step
