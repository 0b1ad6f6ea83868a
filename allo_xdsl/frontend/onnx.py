"""
ONNX models to allo-xdsl's input, through torch-mlir (no torch needed).

    from allo_xdsl.frontend.onnx import import_onnx
    ctx, module = import_onnx("model.onnx", dims={"batch": 1})

The model is loaded and checked (`load_model`), its symbolic dimensions
fixed (`fix_dims`), its nodes named (`name_nodes`), then torch-mlir's ONNX
importer and upstream MLIR's passes (bundled by the `torch-mlir` wheel)
lower it to affine loops on memrefs (`lower_to_affine`): the model's inputs
are the first arguments of one function, its outputs the last ones
(out-parameters), and the weights stay in the module as
`memref.global "private" constant`s read with `memref.get_global`. Each
top-level op is tagged with the ONNX node it came from, and
`allo_xdsl.frontend.onnx_layers` turns the tags into names a schedule uses
(and, on request, one function per layer).

Needs the optional extra `onnx` (`pip install 'allo-xdsl[onnx]'`). Every
user error is an `AlloError` whose message reads on one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.frontend.onnx_layers import name_layers, sanitize

# The attribute carrying a top-level op's layer from torch-mlir to xDSL.
LAYER_ATTR = "allo.layer"

# torch-mlir converts the newest opsets best; older models are upgraded.
TARGET_OPSET = 17

_TO_LINALG = (
    "builtin.module(torch-onnx-to-torch-backend-pipeline,"
    "torch-backend-to-linalg-on-tensors-backend-pipeline)"
)
_TO_AFFINE = (
    "builtin.module(func.func(refback-generalize-tensor-pad,"
    "refback-generalize-tensor-concat),canonicalize,empty-tensor-to-alloc-tensor,"
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-results-to-out-params{hoist-static-allocs modify-public-functions},"
    "func.func(refback-munge-memref-copy),func.func(convert-linalg-to-affine-loops),"
    "func.func(affine-fold-memref-alias-ops),fold-memref-alias-ops,"
    "func.func(affine-expand-index-ops-as-affine),canonicalize,cse,symbol-dce)"
)


def import_onnx(
    path: str | Path,
    dims: Mapping[str, int] | None = None,
    layers_as_functions: bool = False,
) -> tuple[Context, ModuleOp]:
    """
    The model at `path` as an allo-xdsl module (see the module docstring).

    `dims` fixes symbolic dimensions by name (`{"batch": 1}`); a dimension
    that stays symbolic is an error. With `layers_as_functions`, each layer
    becomes a function that the model's function calls."""
    model = load_model(path)
    model = fix_dims(model, dims or {})
    text = lower_to_affine(model, str(path))
    ctx, module = _parse(text, str(path))
    name_layers(module, input_names(model), output_names(model), layers_as_functions)
    return ctx, module


def _module(name: str) -> Any:
    """An optional dependency's module, untyped (they ship no stubs)."""
    return import_module(name)


def _require_onnx() -> Any:
    try:
        onnx = _module("onnx")
    except ImportError:
        raise AlloError(
            "importing ONNX needs the 'onnx' extra: pip install 'allo-xdsl[onnx]'"
        ) from None
    return onnx


def load_model(path: str | Path) -> Any:
    """The checked `onnx.ModelProto` at `path`."""
    onnx = _require_onnx()
    DecodeError = _module("google.protobuf.message").DecodeError

    file = Path(path)
    if not file.is_file():
        raise AlloError(f"cannot read '{path}': no such file")
    try:
        model = onnx.load(str(file))
    except (DecodeError, ValueError, RuntimeError, OSError) as e:
        raise AlloError(f"not an ONNX model: {_one_line(str(e))}") from None
    if not model.graph.node and not model.graph.output:
        # protobuf reads many non-ONNX files as an empty message
        raise AlloError("not an ONNX model: it has no graph")
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as e:
        raise AlloError(f"invalid ONNX model: {_first_line(str(e))}") from None
    return model


def fix_dims(model: Any, dims: Mapping[str, int]) -> Any:
    """
    `model` with the symbolic dimensions named in `dims` set, its opset
    upgraded to `TARGET_OPSET` when older, and its shapes inferred. Raises
    when an input or output keeps a symbolic or unknown dimension."""
    onnx = _require_onnx()
    update_model_dims = _module("onnx.tools.update_model_dims")

    unknown = set(dims) - _symbolic_dims(model)
    if unknown:
        raise AlloError(
            f"--dim names {', '.join(sorted(unknown))}, which the model has not; "
            f"its symbolic dimensions: {_names(_symbolic_dims(model))}"
        )
    if dims:
        shapes = [_fixed_shape(v, dims) for v in model.graph.input]
        outs = [_fixed_shape(v, dims) for v in model.graph.output]
        model = update_model_dims.update_inputs_outputs_dims(
            model,
            {v.name: s for v, s in zip(model.graph.input, shapes, strict=True)},
            {v.name: s for v, s in zip(model.graph.output, outs, strict=True)},
        )
    _check_static(model)
    model = _upgrade(model)
    try:
        return onnx.shape_inference.infer_shapes(model, data_prop=True)
    except Exception as e:
        raise AlloError(f"ONNX shape inference failed: {_first_line(str(e))}") from None


def _names(names: Iterable[str]) -> str:
    return ", ".join(sorted(names)) or "none"


def _symbolic_dims(model: Any) -> set[str]:
    return {
        d.dim_param
        for v in [*model.graph.input, *model.graph.output]
        for d in v.type.tensor_type.shape.dim
        if d.dim_param
    }


def _fixed_shape(value: Any, dims: Mapping[str, int]) -> list[int | str]:
    shape: list[int | str] = []
    for d in value.type.tensor_type.shape.dim:
        if d.dim_param:
            shape.append(dims.get(d.dim_param, d.dim_param))
        else:
            shape.append(d.dim_value if d.HasField("dim_value") else -1)
    return shape


def _check_static(model: Any) -> None:
    initializers = {i.name for i in model.graph.initializer}
    for kind, values in (("input", model.graph.input), ("output", model.graph.output)):
        for v in values:
            if v.name in initializers:
                continue
            for k, d in enumerate(v.type.tensor_type.shape.dim):
                if d.dim_param:
                    raise AlloError(
                        f"{kind} '{v.name}' has the dynamic dimension '{d.dim_param}' "
                        f"(dimension {k}); fix it with --dim {d.dim_param}=SIZE"
                    )
                if not d.HasField("dim_value"):
                    raise AlloError(
                        f"{kind} '{v.name}' has an unknown dimension {k}; "
                        "give the model static shapes"
                    )


def _upgrade(model: Any) -> Any:
    version_converter = _module("onnx.version_converter")

    version = next(
        (o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), None
    )
    if version is None or version >= TARGET_OPSET:
        return model
    try:
        return version_converter.convert_version(model, TARGET_OPSET)
    except Exception:
        return model


def input_names(model: Any) -> list[str]:
    initializers = {i.name for i in model.graph.initializer}
    return [v.name for v in model.graph.input if v.name not in initializers]


def output_names(model: Any) -> list[str]:
    return [v.name for v in model.graph.output]


def name_nodes(model: Any) -> None:
    """
    Give every node a unique identifier name (in place): its own name
    sanitized, else its op type in lower case with a count."""
    taken: set[str] = set()
    counts: dict[str, int] = {}
    for node in model.graph.node:
        base = sanitize(node.name) or sanitize(node.op_type.lower()) or "node"
        name = base if node.name and base not in taken else None
        while name is None or name in taken:
            counts[base] = counts.get(base, 0) + 1
            name = f"{base}_{counts[base]}"
        taken.add(name)
        node.name = name


def lower_to_affine(model: Any, file: str) -> str:
    """
    The MLIR text of `model` lowered to affine loops on memrefs, every
    top-level op of the function tagged with `LAYER_ATTR`."""
    ir, module, context = _import_torch(model)
    unsupported = _unsupported_ops(module)
    if unsupported:
        raise AlloError(unsupported)
    with context:
        _run(ir, module, _TO_LINALG, "lowering to linalg")
        _run(ir, module, _TO_AFFINE, "bufferizing to affine loops")
        _tag_layers(ir, module)
        return module.operation.get_asm(print_generic_op_form=False)


def _import_torch(model: Any) -> tuple[Any, Any, Any]:
    try:
        ir = _module("torch_mlir.ir")
        torch_d = _module("torch_mlir.dialects.torch")
        onnx_importer = _module("torch_mlir.extras.onnx_importer")
    except ImportError:
        raise AlloError(
            "importing ONNX needs the 'onnx' extra: pip install 'allo-xdsl[onnx]'"
        ) from None
    name_nodes(model)
    context = ir.Context()
    torch_d.register_dialect(context)
    try:
        info = onnx_importer.ModelInfo(model)
        module = info.create_module(context=context)
        imp = onnx_importer.NodeImporter.define_function(
            info.main_graph, module.operation
        )
        imp.import_all()
    except (onnx_importer.OnnxImportError, ValueError, KeyError) as e:
        raise AlloError(f"torch-mlir cannot import it: {_first_line(str(e))}") from None
    return ir, module, context


def _unsupported_ops(module: Any) -> str | None:
    """
    A message naming the nodes that torch-mlir cannot convert, found by
    running its ONNX conversion alone on a copy."""
    PassManager = _module("torch_mlir.passmanager").PassManager

    copy = module.operation.clone()
    with module.context:
        try:
            PassManager.parse(
                "builtin.module(func.func(convert-torch-onnx-to-torch))"
            ).run(copy)
        except Exception:
            return None
    left: list[tuple[str, str]] = []

    def visit(op: Any) -> Any:
        if op.name == "torch.operator":
            kind = str(op.attributes["name"]).strip('"')
            left.append((kind.removeprefix("onnx."), _loc_name(op.location) or "?"))
        return _walk_advance()

    copy.walk(visit)
    copy.erase()
    if not left:
        return None
    kinds = sorted({k for k, _ in left})
    node = left[0][1]
    return (
        f"unsupported ONNX operator{'s' if len(kinds) > 1 else ''} "
        f"{', '.join(kinds)} (node '{node}'): torch-mlir has no conversion "
        f"for {'them' if len(kinds) > 1 else 'it'}"
    )


def _walk_advance() -> Any:
    return _module("torch_mlir.ir").WalkResult.ADVANCE


def _run(ir: Any, module: Any, pipeline: str, what: str) -> None:
    PassManager = _module("torch_mlir.passmanager").PassManager
    try:
        PassManager.parse(pipeline).run(module.operation)
    except ir.MLIRError as e:
        raise AlloError(f"torch-mlir failed {what}: {_mlir_message(e)}") from None


def _mlir_message(error: Any) -> str:
    for diagnostic in getattr(error, "error_diagnostics", []):
        node = _loc_name(diagnostic.location)
        where = f"node '{node}': " if node else ""
        return where + _first_line(diagnostic.message)
    return _first_line(str(error))


def _tag_layers(ir: Any, module: Any) -> None:
    for op in module.body.operations:
        if op.operation.name != "func.func":
            continue
        for inner in op.regions[0].blocks[0].operations:
            name = _loc_name(inner.location)
            if name:
                inner.attributes[LAYER_ATTR] = ir.StringAttr.get(name)


_LOC_NAME = re.compile(r'loc\((?:fused\[|callsite\()?"([^"]*)"')


def _loc_name(location: Any) -> str | None:
    """
    The node name of a torch-mlir location (`loc("conv1")`, or the first
    of a fused one), when it names a node."""
    match = _LOC_NAME.match(str(location))
    if match is None or match.group(1).startswith(("graph:", "onnx_importer")):
        return None
    return match.group(1)


def _parse(text: str, file: str) -> tuple[Context, ModuleOp]:
    ctx = make_context()
    try:
        return ctx, read_mlir(ctx, text, file)
    except AlloError as e:
        raise AlloError(
            f"allo-xdsl cannot read torch-mlir's output: {e.message}"
        ) from None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown error"
