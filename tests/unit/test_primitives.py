"""
The registry of primitives (`allo_xdsl.passes.primitives`) agrees with the
sched dialect, the pass registry and the passes; YAML steps build their op
once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from allo_xdsl.dialects import sched
from allo_xdsl.dialects.sched import PrimitiveOp
from allo_xdsl.passes import get_allo_passes
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.passes.primitives import BY_NAME, BY_OP, BY_PASS, PRIMITIVES, Primitive
from allo_xdsl.passes.reuse_at import ReuseAtPass
from allo_xdsl.pipelines import load_pipeline


def test_every_sched_primitive_has_one_row():
    assert [p.op for p in PRIMITIVES] == list(sched.PRIMITIVE_OPS)
    assert len(BY_OP) == len(BY_NAME) == len(BY_PASS) == len(PRIMITIVES)


def test_every_registered_primitive_pass_has_a_row():
    passes = get_allo_passes()
    primitive_passes = {
        name for name, load in passes.items() if issubclass(load(), PrimitivePass)
    }
    assert primitive_passes == set(BY_PASS)


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
