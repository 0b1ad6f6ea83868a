"""
Read a YAML pipeline into a `Pipeline`, with a located error for every
mistake.

The file is read with PyYAML's safe loader, as a node tree (so every value
keeps its line and column), and checked against the schema of DESIGN.md
section 6: `version`, `description`, `include`, `schedule`, `templates`,
`passes`, `target`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from xdsl.passes import ModulePass
from xdsl.utils.arg_spec import ArgSpec

from allo_xdsl.diagnostics import AlloError, SourceLocation, did_you_mean
from allo_xdsl.passes.instantiate import split_instance_key
from allo_xdsl.passes.primitives import BY_NAME
from allo_xdsl.pipelines.pipeline import Pipeline, ScheduleStep
from allo_xdsl.registry import make_pass, make_target

_TOP_KEYS = (
    "version",
    "description",
    "include",
    "schedule",
    "templates",
    "passes",
    "target",
)
_SUPPORTED_VERSION = 1


class _Reader:
    """Checks the node tree of one file."""

    def __init__(self, path: str):
        self.path = path
        self._constructor = yaml.SafeLoader("")

    def where(self, node: yaml.Node) -> SourceLocation:
        mark = node.start_mark
        return SourceLocation(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: yaml.Node, message: str) -> AlloError:
        return AlloError(message, location=self.where(node))

    def value(self, node: yaml.Node) -> Any:
        return self._constructor.construct_object(node, deep=True)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping")
        entries: list[tuple[str, yaml.Node]] = []
        seen: set[str] = set()
        for key, value in node.value:
            name = self.value(key)
            if not isinstance(name, str):
                raise self.error(key, f"keys of {what} must be strings, got {name!r}")
            if name in seen:
                raise self.error(key, f"duplicate key '{name}' in {what}")
            seen.add(name)
            entries.append((name, value))
        return entries

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def string(self, node: yaml.Node, what: str) -> str:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value:
            raise self.error(node, f"{what} must be a non-empty string")
        return value

    def single_entry(self, node: yaml.Node, what: str) -> tuple[str, yaml.Node]:
        """A `- name: {...}` list item; a bare `- name` has a null body."""
        if isinstance(node, yaml.ScalarNode):
            return self.string(node, what), yaml.ScalarNode(
                "tag:yaml.org,2002:null", ""
            )
        entries = self.mapping(node, what)
        if len(entries) != 1:
            names = ", ".join(name for name, _ in entries)
            raise self.error(
                node, f"{what} must have exactly one key (its name), got: {names}"
            )
        return entries[0]


def load_pipeline_file(
    path: Path,
    available_passes: dict[str, Callable[[], type[ModulePass]]],
    resolve_include: Callable[[str, Path], Path],
    _stack: tuple[Path, ...] = (),
) -> Pipeline:
    """Load `path` and the pipelines it includes (theirs first)."""
    try:
        text = path.read_text()
    except OSError as e:
        raise AlloError(f"cannot read pipeline '{path}': {e.strerror}") from None
    reader = _Reader(str(path))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = (
            SourceLocation(str(path), mark.line + 1, mark.column + 1) if mark else None
        )
        raise AlloError(f"malformed YAML: {e.problem}", location=where) from None
    if root is None:
        return Pipeline(source=str(path))
    entries = dict(reader.mapping(root, "a pipeline"))
    for name in entries:
        if name not in _TOP_KEYS:
            key_node = next(k for k, _ in root.value if reader.value(k) == name)
            raise reader.error(
                key_node,
                f"unknown key '{name}'; expected one of: {', '.join(_TOP_KEYS)}",
            )

    pipeline = Pipeline(source=str(path))
    if "include" in entries:
        for included in _read_includes(reader, entries["include"]):
            name, node = included
            try:
                target = resolve_include(name, path.parent)
            except AlloError as e:
                raise reader.error(node, e.message) from None
            if target.resolve() in (p.resolve() for p in (*_stack, path)):
                chain = " -> ".join(str(p) for p in (*_stack, path, target))
                raise reader.error(node, f"include cycle: {chain}")
            pipeline = pipeline.merged_with(
                load_pipeline_file(
                    target, available_passes, resolve_include, (*_stack, path)
                )
            )
    own = Pipeline(source=str(path))
    if "version" in entries:
        _check_version(reader, entries["version"])
    if "description" in entries:
        own.description = reader.string(entries["description"], "'description'")
    templates = dict(pipeline.templates)
    if "templates" in entries:
        templates |= _read_templates(reader, entries["templates"], templates)
    own.templates = templates
    if "schedule" in entries:
        own.schedule = _read_schedule(reader, entries["schedule"], templates)
        own.schedule_locations = {
            reader.value(key): reader.where(key) for key, _ in entries["schedule"].value
        }
    if "passes" in entries:
        own.passes = _read_passes(reader, entries["passes"], available_passes)
    if "target" in entries:
        own.target = _read_target(reader, entries["target"])
    return pipeline.merged_with(own)


def _read_includes(reader: _Reader, node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    items = (
        [node]
        if isinstance(node, yaml.ScalarNode)
        else reader.sequence(node, "'include'")
    )
    return [(reader.string(item, "an include"), item) for item in items]


def _check_version(reader: _Reader, node: yaml.Node) -> None:
    version = reader.value(node)
    if version != _SUPPORTED_VERSION or isinstance(version, bool):
        raise reader.error(
            node, f"unsupported pipeline version {version!r}; expected 1"
        )


def _read_target(reader: _Reader, node: yaml.Node) -> str:
    target = reader.string(node, "'target'")
    try:
        make_target(target)
    except AlloError as e:
        raise reader.error(node, e.message) from None
    return target


def _read_templates(
    reader: _Reader, node: yaml.Node, known: dict[str, list[ScheduleStep]]
) -> dict[str, list[ScheduleStep]]:
    templates = dict(known)
    for name, body in reader.mapping(node, "'templates'"):
        templates[name] = _read_steps(reader, body, f"template '{name}'", templates)
    return templates


def _read_schedule(
    reader: _Reader, node: yaml.Node, templates: dict[str, list[ScheduleStep]]
) -> dict[str, list[ScheduleStep]]:
    entries = reader.mapping(node, "'schedule'")
    for key, _ in node.value:
        # `gemm@1`: an instance of gemm for its call site 1 (apply-schedules)
        try:
            split_instance_key(reader.value(key))
        except ValueError as e:
            raise reader.error(key, str(e)) from None
    return {
        func: _read_steps(reader, body, f"the schedule of '{func}'", templates)
        for func, body in entries
    }


def _read_steps(
    reader: _Reader,
    node: yaml.Node,
    what: str,
    templates: dict[str, list[ScheduleStep]],
) -> list[ScheduleStep]:
    steps: list[ScheduleStep] = []
    for item in reader.sequence(node, what):
        primitive, body = reader.single_entry(item, f"a step of {what}")
        args = _step_arguments(reader, body, primitive)
        if primitive == "apply":
            steps.extend(_expand_template(reader, body, args, templates))
            continue
        if primitive not in BY_NAME:
            raise reader.error(
                item,
                f"unknown primitive '{primitive}'; expected one of: apply, "
                + ", ".join(sorted(BY_NAME)),
            )
        # The step's `sched` op is built here, once; the pipeline keeps it.
        try:
            steps.append(ScheduleStep(primitive, args, reader.where(item)))
        except ValueError as e:
            raise reader.error(body if body.value else item, str(e)) from None
    return steps


def _step_arguments(reader: _Reader, body: yaml.Node, primitive: str) -> dict[str, Any]:
    if isinstance(body, yaml.ScalarNode) and reader.value(body) is None:
        return {}
    return {
        name: reader.value(value)
        for name, value in reader.mapping(body, f"the arguments of '{primitive}'")
    }


def _expand_template(
    reader: _Reader,
    body: yaml.Node,
    args: dict[str, Any],
    templates: dict[str, list[ScheduleStep]],
) -> list[ScheduleStep]:
    if set(args) != {"template"} or not isinstance(args["template"], str):
        raise reader.error(body, "'apply' expects exactly {template: NAME}")
    name = args["template"]
    if name not in templates:
        raise reader.error(body, did_you_mean("template", name, templates))
    return list(templates[name])


def _read_passes(
    reader: _Reader,
    node: yaml.Node,
    available: dict[str, Callable[[], type[ModulePass]]],
) -> list[ModulePass]:
    passes: list[ModulePass] = []
    for item in reader.sequence(node, "'passes'"):
        name, body = reader.single_entry(item, "a pass")
        options = _step_arguments(reader, body, name)
        # An unknown pass is reported at its name, bad options at them.
        where = body if options and name in available else item
        spec = _pass_spec(reader, where, name, options)
        try:
            passes.append(make_pass(spec, available))
        except AlloError as e:
            raise reader.error(where, e.message) from None
    return passes


def _pass_spec(
    reader: _Reader, node: yaml.Node, name: str, options: dict[str, Any]
) -> ArgSpec:
    parameters: dict[str, Any] = {}
    for key, value in options.items():
        values = tuple(value) if isinstance(value, list) else (value,)
        if not all(isinstance(v, bool | int | float | str) for v in values):
            raise reader.error(
                node, f"option '{key}' of pass '{name}' has an unsupported value"
            )
        parameters[key] = values
    return ArgSpec(name, parameters)
