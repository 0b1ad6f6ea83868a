"""One `func.func` as a Vitis HLS C++ function.

Every op result becomes a local variable named after its SSA name hint;
constants are inlined. Memrefs are C arrays; returned memrefs and scalars
become trailing output parameters. A returned alloc (or call result) is
written directly into its output parameter; a returned argument is copied.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from xdsl.dialects import affine, cf, func, memref, scf
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    AffineMapAttr,
    AffineSetAttr,
    DenseArrayBase,
    IntegerType,
    MemRefType,
    NoneAttr,
    StridedLayoutAttr,
    StringAttr,
)
from xdsl.ir import Attribute, Block, BlockArgument, Operation, Region, SSAValue
from xdsl.ir.affine import AffineMap

from allo_xdsl.analysis.hints import is_dataflow, is_inline, pipeline, unroll
from allo_xdsl.analysis.lookup import LOOP_NAME, band_name, value_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.hls_affine import AffinePrinter, NonConstantDivisor, Operand
from allo_xdsl.targets.hls_allo import ALLO_OPS
from allo_xdsl.targets.hls_arith import HELPER_HEADERS, scalar_expression
from allo_xdsl.targets.hls_names import Namer, sanitize
from allo_xdsl.targets.hls_pragmas_interface import interface_pragmas
from allo_xdsl.targets.hls_pragmas_memory import bind_storage_pragma
from allo_xdsl.targets.hls_types import (
    CppTypes,
    is_partition_layout,
    partition_dims,
    stream_params,
)

INDENT = "  "


@dataclass(frozen=True)
class Buffer:
    """How a memref value is accessed: a C array, or a strided view of one."""

    name: str
    parent: Buffer | None = None
    offsets: tuple[str, ...] = ()
    strides: tuple[str, ...] = ()

    def access(self, indices: Sequence[str]) -> str:
        if self.parent is None:
            if not indices:
                return f"{self.name}[0]"
            return self.name + "".join(f"[{i}]" for i in indices)
        return self.parent.access(
            [
                _view_index(offset, stride, index)
                for offset, stride, index in zip(
                    self.offsets, self.strides, indices, strict=True
                )
            ]
        )


def _view_index(offset: str, stride: str, index: str) -> str:
    scaled = index if stride == "1" else f"{stride} * {_atom(index)}"
    return scaled if offset == "0" else f"{offset} + {scaled}"


def _atom(text: str) -> str:
    return text if text.replace("_", "").isalnum() else f"({text})"


@dataclass(frozen=True)
class Output:
    """A trailing output parameter: a returned memref or scalar."""

    name: str
    type: Attribute
    how: Literal["alias", "copy", "scalar"]


@dataclass
class ModuleState:
    """What every function emitter of one translation unit shares."""

    types: CppTypes
    headers: set[str]
    helpers: set[str]
    cpp_names: dict[str, str]
    """MLIR symbol name -> C++ function name."""
    reserved: frozenset[str] = field(default_factory=frozenset)
    globals: dict[str, str] = field(default_factory=dict[str, str])
    """`memref.global` symbol -> C++ array name (see `hls_globals`)."""


OpEmitter = Callable[["FunctionEmitter", Operation], None]
_OPS: dict[str, OpEmitter] = {}


def _emits(*names: str) -> Callable[[OpEmitter], OpEmitter]:
    def register(method: OpEmitter) -> OpEmitter:
        for name in names:
            _OPS[name] = method
        return method

    return register


class FunctionEmitter:
    """Emits one function; `lines()` is its C++ text, line by line."""

    def __init__(self, fn: func.FuncOp, state: ModuleState):
        self.fn = fn
        self.state = state
        self.types = state.types
        self.namer = Namer(state.reserved | set(state.cpp_names.values()))
        self.labels: set[str] = set()
        self.values: dict[SSAValue, str] = {}
        self.buffers: dict[SSAValue, Buffer] = {}
        self.nonneg: set[SSAValue] = set()
        self.out: list[str] = []
        self.depth = 0
        self.duplicate_loop_names = _duplicate_loop_names(fn)
        self.outputs: list[Output] = []

    # ----- the ScalarContext protocol of hls_arith -----

    def expr(self, value: SSAValue) -> str:
        if value in self.values:
            return self.values[value]
        owner = value.owner
        op = owner if isinstance(owner, Operation) else owner.parent_op()
        raise AlloError(f"hls-cpp: value of type {value.type} cannot be used here", op)

    def need(self, header: str) -> None:
        self.state.headers.add(header)

    def need_helper(self, helper: str) -> None:
        self.state.helpers.add(helper)
        self.need(HELPER_HEADERS[helper])

    # ----- output -----

    def line(self, text: str) -> None:
        self.out.append(INDENT * self.depth + text)

    def fresh(self, value: SSAValue | None, fallback: str = "v") -> str:
        hint = value_name(value) if value is not None else None
        return self.namer.fresh(hint, fallback)

    # ----- the function -----

    def lines(self) -> list[str]:
        fn = self.fn
        if fn.is_declaration:
            params = self._declaration_params()
            return [f"void {self._cpp_name()}({', '.join(params)});"]
        if len(fn.body.blocks) != 1:
            raise AlloError(
                "hls-cpp: functions with several blocks (unstructured control "
                "flow) are not supported",
                fn,
            )
        params = [self._input_param(arg) for arg in fn.args]
        outputs = self._outputs()
        params += [self._output_param(o) for o in outputs]
        self.out.append(_signature(self._cpp_name(), params) + " {")
        self.depth = 1
        self._function_pragmas(outputs)
        self.outputs = outputs
        self.emit_block(fn.body.block)
        self.depth = 0
        self.out.append("}")
        return self.out

    def _cpp_name(self) -> str:
        return self.state.cpp_names[self.fn.sym_name.data]

    def _declaration_params(self) -> list[str]:
        inputs = self.fn.function_type.inputs.data
        outputs = self.fn.function_type.outputs.data
        params = [
            self.declaration(self.namer.fresh(None, f"arg{k}"), t, self.fn)
            for k, t in enumerate(inputs)
        ]
        for k, t in enumerate(outputs):
            how = "scalar" if not isinstance(t, MemRefType) else "copy"
            params.append(self._output_param(Output(f"out{k}", t, how)))
        return params

    def _input_param(self, arg: BlockArgument) -> str:
        name = self.namer.fresh(arg.name_hint, f"arg{arg.index}")
        if isinstance(arg.type, MemRefType):
            self.buffers[arg] = Buffer(name)
        else:
            self.values[arg] = name
        return self.declaration(name, arg.type, self.fn)

    def declaration(self, name: str, t: Attribute, op: Operation) -> str:
        """`float A[8][8]`, `int n`, `hls::stream<int32_t> &s`."""
        if isinstance(t, MemRefType):
            return f"{self.types.element(t, op)} {name}{self.dims(t, op)}"
        if stream_params(t) is not None:
            return f"{self.types.scalar(t, op)} &{name}"
        return f"{self.types.scalar(t, op)} {name}"

    def dims(self, t: MemRefType[Attribute], op: Operation) -> str:
        shape = t.get_shape()
        if any(d == DYNAMIC_INDEX for d in shape):
            raise AlloError(
                f"hls-cpp: dynamic shapes are not supported ({t}); where no "
                "loop bounds a dimension, state its extent with "
                "-p 'resolve-dynamic-dims{sizes=\"NAME=N\"}'",
                op,
            )
        _check_layout(t, op)
        return "".join(f"[{d}]" for d in shape) if shape else "[1]"

    def _outputs(self) -> list[Output]:
        """Output parameters, and which returned values write directly into
        theirs (an alloc or call result of the entry block, returned once)."""
        ret = self.fn.body.block.last_op
        if not isinstance(ret, func.ReturnOp):
            return []
        outputs: list[Output] = []
        for k, value in enumerate(ret.arguments):
            t = value.type
            if not isinstance(t, MemRefType):
                outputs.append(Output(self.namer.fresh(None, f"out{k}"), t, "scalar"))
                continue
            owner = value.owner
            aliasable = (
                isinstance(owner, memref.AllocOp | memref.AllocaOp | func.CallOp)
                and owner.parent_block() is self.fn.body.block
                and value not in self.buffers
            )
            if aliasable:
                name = self.namer.fresh(value_name(value), f"out{k}")
                self.buffers[value] = Buffer(name)
                outputs.append(Output(name, t, "alias"))
            else:
                outputs.append(Output(self.namer.fresh(None, f"out{k}"), t, "copy"))
        return outputs

    def _output_param(self, output: Output) -> str:
        if output.how == "scalar":
            return f"{self.types.scalar(output.type, self.fn)} *{output.name}"
        return self.declaration(output.name, output.type, self.fn)

    def _function_pragmas(self, outputs: list[Output]) -> None:
        inputs = [self._param_name(arg) for arg in self.fn.args]
        for pragma in interface_pragmas(self.fn, inputs, [o.name for o in outputs]):
            self.line(pragma)
        if is_dataflow(self.fn):
            self.line("#pragma HLS dataflow")
        if is_inline(self.fn):
            self.line("#pragma HLS inline")
        # A stream parameter gets no stream pragma: the FIFO's depth belongs
        # where it is created.
        for arg in self.fn.args:
            self._variable_pragmas(self.buffers.get(arg), arg.type, arg)
        ret = self.fn.body.block.last_op
        returned = ret.operands if isinstance(ret, func.ReturnOp) else ()
        for output, value in zip(outputs, returned, strict=True):
            if output.how != "scalar":
                alias = value if output.how == "alias" else None
                self._variable_pragmas(Buffer(output.name), output.type, alias)

    def _param_name(self, arg: BlockArgument) -> str:
        buffer = self.buffers.get(arg)
        return buffer.name if buffer is not None else self.values[arg]

    def _variable_pragmas(
        self, buffer: Buffer | None, t: Attribute, value: SSAValue | None = None
    ) -> None:
        """Partition pragmas of the array, then its storage binding."""
        if buffer is None or not isinstance(t, MemRefType):
            return
        for dim, kind, factor in partition_dims(t):
            factor_text = f" factor={factor}" if kind != "complete" else ""
            self.line(
                f"#pragma HLS array_partition variable={buffer.name} {kind}"
                f"{factor_text} dim={dim}"
            )
        if value is not None and (pragma := bind_storage_pragma(buffer.name, value)):
            self.line(pragma)

    # ----- blocks and ops -----

    def emit_block(self, block: Block, targets: Sequence[str] = ()) -> None:
        for op in block.ops:
            self.emit_op(op, targets)

    def emit_op(self, op: Operation, targets: Sequence[str] = ()) -> None:
        """Emit `op`; a yield assigns its values to `targets`."""
        if op.name in ("affine.yield", "scf.yield"):
            self.assign(targets, op.operands, op)
            return
        emit = _OPS.get(op.name) or ALLO_OPS.get(op.name)
        if emit is not None:
            emit(self, op)
            return
        text = scalar_expression(self, op)
        if text is None:
            raise AlloError(f"hls-cpp: unsupported operation '{op.name}'", op)
        if op.name == "arith.constant":
            self.values[op.results[0]] = text
            if text.isdigit():
                self.nonneg.add(op.results[0])
            return
        self.define(op.results[0], text, op)

    def define(self, value: SSAValue, text: str, op: Operation) -> str:
        name = self.fresh(value)
        self.line(f"{self.scalar_type(value, op)} {name} = {text};")
        self.values[value] = name
        return name

    def scalar_type(self, value: SSAValue, op: Operation) -> str:
        """The type of a C++ variable holding `value`: arrays and streams
        cannot be copied into one."""
        t = value.type
        if isinstance(t, MemRefType) or stream_params(t) is not None:
            kind = "memref" if isinstance(t, MemRefType) else "stream"
            raise AlloError(
                f"hls-cpp: '{op.name}' with a {kind}-typed result or loop-carried "
                "value is not supported",
                op,
            )
        return self.types.scalar(t, op)

    def declare(self, value: SSAValue, op: Operation, init: str | None = None) -> str:
        """A variable for `value`, assigned later (loop-carried or if result)."""
        name = self.fresh(value)
        suffix = f" = {init}" if init is not None else ""
        self.line(f"{self.scalar_type(value, op)} {name}{suffix};")
        return name

    def assign(
        self, targets: Sequence[str], values: Sequence[SSAValue], op: Operation
    ) -> None:
        """`t_k = v_k` for all k at once: where a later assignment reads a
        target set before it (swapped loop-carried values), through copies."""
        texts = [self.expr(v) for v in values]
        hazard = any(
            text in targets[:k] for k, text in enumerate(texts) if text != targets[k]
        )
        if hazard:
            temps = []
            for value, text in zip(values, texts, strict=True):
                temp = self.namer.fresh("tmp")
                self.line(f"{self.scalar_type(value, op)} {temp} = {text};")
                temps.append(temp)
            texts = temps
        for target, text in zip(targets, texts, strict=True):
            if target != text:
                self.line(f"{target} = {text};")

    def buffer(self, value: SSAValue, op: Operation) -> Buffer:
        if value not in self.buffers:
            raise AlloError(
                f"hls-cpp: memref operand of '{op.name}' comes from an op that "
                "is not supported",
                op,
            )
        return self.buffers[value]

    def scoped(self, block: Block, targets: Sequence[str] = ()) -> None:
        """The ops of `block`, one level deeper, in a C++ scope of their own."""
        self.depth += 1
        self.namer.push()
        self.emit_block(block, targets)
        self.namer.pop()
        self.depth -= 1

    # ----- affine expressions -----

    def affine_operands(self, values: Sequence[SSAValue]) -> list[Operand]:
        return [Operand(self.expr(v), v in self.nonneg) for v in values]

    def affine_printer(
        self, map_dims: int, values: Sequence[SSAValue]
    ) -> AffinePrinter:
        operands = self.affine_operands(values)
        return AffinePrinter(operands[:map_dims], operands[map_dims:])

    def affine_results(
        self, amap: AffineMap, values: Sequence[SSAValue], op: Operation
    ) -> tuple[list[str], list[bool]]:
        printer = self.affine_printer(amap.num_dims, values)
        try:
            texts = [printer.print(e) for e in amap.results]
        except NonConstantDivisor as e:
            raise AlloError(
                f"hls-cpp: division or modulo by a non-constant in '{e}' is not "
                "supported",
                op,
            ) from None
        return texts, [printer.nonneg(e) for e in amap.results]

    def combine(self, texts: list[str], fn: str) -> str:
        if len(texts) == 1:
            return texts[0]
        self.need("algorithm")
        result = texts[-1]
        for text in reversed(texts[:-1]):
            result = f"std::{fn}({text}, {result})"
        return result

    # ----- loops -----

    def label(self, op: Operation) -> str:
        attr = op.attributes.get(LOOP_NAME)
        if not isinstance(attr, StringAttr):
            return ""
        name = attr.data
        if name in self.duplicate_loop_names and isinstance(op, affine.ForOp):
            band = band_name(op)
            if band and band != name:
                name = f"{band}_{name}"
        base = "l_" + sanitize(name, "loop")
        label = base
        suffix = 0
        while label in self.labels:
            suffix += 1
            label = f"{base}_{suffix}"
        self.labels.add(label)
        return f"{label}: "

    def loop_pragmas(self, op: Operation) -> None:
        if (requested := pipeline(op)) is not None:
            rewind = " rewind" if requested.rewind else ""
            self.line(f"#pragma HLS pipeline II={requested.ii}{rewind}")
        if (factor := unroll(op)) is not None:
            self.line("#pragma HLS unroll" + (f" factor={factor}" if factor else ""))
        if is_dataflow(op):
            self.line("#pragma HLS dataflow")

    def loop(
        self,
        op: Operation,
        iv: BlockArgument,
        iv_type: str,
        bounds: tuple[str, str, str],
        body: Block,
        inits: Sequence[SSAValue],
        results: Sequence[SSAValue],
    ) -> None:
        lower, upper, step = bounds
        targets: list[str] = []
        for init, arg, result in zip(inits, body.args[1:], results, strict=True):
            name = self.declare(arg, op, self.expr(init))
            self.values[arg] = name
            self.values[result] = name
            targets.append(name)
        self.namer.push()
        loop_name = op.attributes.get(LOOP_NAME)
        if isinstance(loop_name, StringAttr):
            # `i#1` (the second `i` of a nest) is still `i` in its own scope;
            # only its label needs the occurrence to stay unique.
            name = self.namer.fresh(loop_name.data.partition("#")[0], "i")
        else:
            name = self.fresh(iv, "i")
        self.values[iv] = name
        increment = f"{name}++" if step == "1" else f"{name} += {step}"
        header = (
            f"{self.label(op)}for ({iv_type} {name} = {lower}; {name} < {upper}; "
            f"{increment}) {{"
        )
        self.line(header)
        self.depth += 1
        self.loop_pragmas(op)
        self.emit_block(body, targets)
        self.depth -= 1
        self.namer.pop()
        self.line("}")

    @_emits("affine.for")
    def _affine_for(self, op: Operation) -> None:
        assert isinstance(op, affine.ForOp)
        lb_map, ub_map = op.lowerBoundMap.data, op.upperBoundMap.data
        lowers, lower_nonneg = self.affine_results(lb_map, op.lowerBoundOperands, op)
        uppers, _ = self.affine_results(ub_map, op.upperBoundOperands, op)
        if not lowers or not uppers:
            raise AlloError("hls-cpp: affine.for bound map without results", op)
        iv = op.body.block.args[0]
        if any(lower_nonneg):
            self.nonneg.add(iv)
        bounds = (
            self.combine(lowers, "max"),
            self.combine(uppers, "min"),
            str(op.step.value.data),
        )
        self.loop(op, iv, "int", bounds, op.body.block, op.inits, op.res)

    @_emits("scf.for")
    def _scf_for(self, op: Operation) -> None:
        assert isinstance(op, scf.ForOp)
        iv = op.body.block.args[0]
        if op.lb in self.nonneg:
            self.nonneg.add(iv)
        bounds = (self.expr(op.lb), self.expr(op.ub), self.expr(op.step))
        iv_type = self.types.scalar(op.lb.type, op)
        self.loop(op, iv, iv_type, bounds, op.body.block, op.iter_args, op.res)

    @_emits("scf.while")
    def _scf_while(self, op: Operation) -> None:
        assert isinstance(op, scf.WhileOp)
        before = op.before_region.block
        after = op.after_region.block
        carried = []
        for init, arg in zip(op.arguments, before.args, strict=True):
            name = self.declare(arg, op, self.expr(init))
            self.values[arg] = name
            carried.append(name)
        results = [self.declare(r, op) for r in op.res]
        for result, arg, name in zip(op.res, after.args, results, strict=True):
            self.values[result] = name
            self.values[arg] = name
        self.line(f"{self.label(op)}while (true) {{")
        self.namer.push()
        self.depth += 1
        self.loop_pragmas(op)
        for inner in before.ops:
            if isinstance(inner, scf.ConditionOp):
                self.assign(results, inner.args, inner)
                self.line(f"if (!{_atom(self.expr(inner.condition))}) break;")
            else:
                self.emit_op(inner)
        self.emit_block(after, carried)
        self.depth -= 1
        self.namer.pop()
        self.line("}")

    # ----- conditionals -----

    def conditional(
        self,
        op: Operation,
        condition: str,
        then_region: Region,
        else_region: Region,
        results: Sequence[SSAValue],
    ) -> None:
        targets = [self.declare(r, op) for r in results]
        for result, name in zip(results, targets, strict=True):
            self.values[result] = name
        self.line(f"if ({condition}) {{")
        self.scoped(then_region.block, targets)
        if else_region.blocks and _has_effect(else_region.block):
            self.line("} else {")
            self.scoped(else_region.block, targets)
        self.line("}")

    @_emits("affine.if")
    def _affine_if(self, op: Operation) -> None:
        condition = op.properties.get("condition") or op.attributes.get("condition")
        if not isinstance(condition, AffineSetAttr):
            raise AlloError("hls-cpp: affine.if without an integer set", op)
        integer_set = condition.data
        printer = self.affine_printer(integer_set.num_dims, op.operands)
        try:
            text = printer.print_condition(integer_set)
        except NonConstantDivisor as e:
            raise AlloError(
                f"hls-cpp: division by a non-constant in '{e}' is not supported", op
            ) from None
        then_region, else_region = op.regions[0], op.regions[1]
        self.conditional(op, text, then_region, else_region, op.results)

    @_emits("scf.if")
    def _scf_if(self, op: Operation) -> None:
        assert isinstance(op, scf.IfOp)
        condition = self.expr(op.cond)
        self.conditional(op, condition, op.true_region, op.false_region, op.output)

    # ----- index arithmetic -----

    @_emits("affine.apply")
    def _affine_apply(self, op: Operation) -> None:
        assert isinstance(op, affine.ApplyOp)
        texts, nonneg = self.affine_results(op.map.data, op.mapOperands, op)
        self.define(op.result, texts[0], op)
        if nonneg[0]:
            self.nonneg.add(op.result)

    @_emits("affine.min", "affine.max")
    def _affine_min_max(self, op: Operation) -> None:
        amap = op.properties.get("map") or op.attributes.get("map")
        if not isinstance(amap, AffineMapAttr) or not amap.data.results:
            raise AlloError(f"hls-cpp: '{op.name}' without a map", op)
        texts, nonneg = self.affine_results(amap.data, op.operands, op)
        is_min = op.name == "affine.min"
        result = op.results[0]
        self.define(result, self.combine(texts, "min" if is_min else "max"), op)
        if all(nonneg) if is_min else any(nonneg):
            self.nonneg.add(result)

    # ----- memory -----

    @_emits("memref.alloc", "memref.alloca")
    def _alloc(self, op: Operation) -> None:
        result = op.results[0]
        t = result.type
        assert isinstance(t, MemRefType)
        if result in self.buffers:
            return
        name = self.fresh(result, "buf")
        self.line(f"{self.types.element(t, op)} {name}{self.dims(t, op)};")
        self.buffers[result] = Buffer(name)
        self._variable_pragmas(self.buffers[result], t, result)

    @_emits("memref.get_global")
    def _get_global(self, op: Operation) -> None:
        assert isinstance(op, memref.GetGlobalOp)
        name = self.state.globals.get(op.name_.string_value())
        if name is None:
            raise AlloError(f"hls-cpp: unknown global '{op.name_}'", op)
        self.buffers[op.memref] = Buffer(name)
        self._variable_pragmas(self.buffers[op.memref], op.memref.type, op.memref)

    @_emits("cf.assert")
    def _assert(self, op: Operation) -> None:
        # Checked in C simulation, not synthesized: Vitis HLS defines
        # __SYNTHESIS__ while it synthesizes.
        assert isinstance(op, cf.AssertOp)
        self.need("cassert")
        message = op.msg.data.replace("\\", "\\\\").replace('"', '\\"')
        self.line("#ifndef __SYNTHESIS__")
        self.line(f'assert({self.expr(op.arg)} && "{message}");')
        self.line("#endif")

    @_emits("memref.dealloc")
    def _dealloc(self, op: Operation) -> None:
        pass

    @_emits("affine.load")
    def _affine_load(self, op: Operation) -> None:
        assert isinstance(op, affine.LoadOp)
        indices, _ = self.affine_results(op.map.data, op.indices, op)
        access = self.buffer(op.memref, op).access(indices)
        self.define(op.result, access, op)

    @_emits("affine.store")
    def _affine_store(self, op: Operation) -> None:
        assert isinstance(op, affine.StoreOp)
        indices, _ = self.affine_results(op.map.data, op.indices, op)
        access = self.buffer(op.memref, op).access(indices)
        self.line(f"{access} = {self.expr(op.value)};")

    @_emits("memref.load")
    def _load(self, op: Operation) -> None:
        assert isinstance(op, memref.LoadOp)
        indices = [self.expr(i) for i in op.indices]
        access = self.buffer(op.memref, op).access(indices)
        self.define(op.res, access, op)

    @_emits("memref.store")
    def _store(self, op: Operation) -> None:
        assert isinstance(op, memref.StoreOp)
        indices = [self.expr(i) for i in op.indices]
        access = self.buffer(op.memref, op).access(indices)
        self.line(f"{access} = {self.expr(op.value)};")

    @_emits("memref.copy")
    def _copy(self, op: Operation) -> None:
        source, target = op.operands
        t = source.type
        if not isinstance(t, MemRefType) or target.type != t:
            raise AlloError("hls-cpp: memref.copy between different types", op)
        self.copy(self.buffer(source, op), self.buffer(target, op), t, op)

    def copy(
        self, source: Buffer, target: Buffer, t: MemRefType[Attribute], op: Operation
    ) -> None:
        self.dims(t, op)
        self.namer.push()
        indices: list[str] = []
        for extent in t.get_shape():
            index = self.namer.fresh(f"i{len(indices)}")
            self.line(f"for (int {index} = 0; {index} < {extent}; {index}++) {{")
            self.depth += 1
            indices.append(index)
        self.line(f"{target.access(indices)} = {source.access(indices)};")
        for _ in indices:
            self.depth -= 1
            self.line("}")
        self.namer.pop()

    @_emits("memref.subview")
    def _subview(self, op: Operation) -> None:
        assert isinstance(op, memref.SubviewOp)
        source_type = op.source.type
        assert isinstance(source_type, MemRefType)
        result_type = op.result.type
        assert isinstance(result_type, MemRefType)
        if len(result_type.get_shape()) != len(source_type.get_shape()):
            raise AlloError(
                "hls-cpp: rank-reducing memref.subview is not supported", op
            )
        offsets = self._mixed(op.static_offsets, op.offsets)
        strides = self._mixed(op.static_strides, op.strides)
        parent = self.buffer(op.source, op)
        self.buffers[op.result] = Buffer(
            parent.name, parent, tuple(offsets), tuple(strides)
        )

    def _mixed(
        self, static: DenseArrayBase[IntegerType], dynamic: Sequence[SSAValue]
    ) -> list[str]:
        values = iter(dynamic)
        return [
            self.expr(next(values)) if v == DYNAMIC_INDEX else str(v)
            for v in static.get_values()
        ]

    # ----- streams -----

    @_emits("fpga.stream_create")
    def _stream_create(self, op: Operation) -> None:
        stream = op.results[0]
        params = stream_params(stream.type)
        assert params is not None
        given = op.properties.get("name")
        hint = given.data if isinstance(given, StringAttr) else value_name(stream)
        name = self.namer.fresh(hint, "stream")
        self.line(f"{self.types.scalar(stream.type, op)} {name};")
        self.line(f"#pragma HLS stream variable={name} depth={params[1]}")
        self.values[stream] = name

    @_emits("fpga.stream_put")
    def _stream_put(self, op: Operation) -> None:
        # Operands past the value say which element it is (checks only).
        stream, value = op.operands[:2]
        self.line(f"{self.expr(stream)}.write({self.expr(value)});")

    @_emits("fpga.stream_get")
    def _stream_get(self, op: Operation) -> None:
        self.define(op.results[0], f"{self.expr(op.operands[0])}.read()", op)

    # ----- calls -----

    @_emits("func.call")
    def _call(self, op: Operation) -> None:
        assert isinstance(op, func.CallOp)
        callee = op.callee.string_value()
        args: list[str] = []
        for value in op.arguments:
            if isinstance(value.type, MemRefType):
                buffer = self.buffer(value, op)
                if buffer.parent is not None:
                    raise AlloError(
                        "hls-cpp: passing a memref.subview to a call is not supported",
                        op,
                    )
                args.append(buffer.name)
            else:
                args.append(self.expr(value))
        for result in op.res:
            t = result.type
            if isinstance(t, MemRefType):
                if result not in self.buffers:
                    name = self.fresh(result, "buf")
                    self.line(f"{self.types.element(t, op)} {name}{self.dims(t, op)};")
                    self.buffers[result] = Buffer(name)
                    self._variable_pragmas(self.buffers[result], t)
                args.append(self.buffers[result].name)
            else:
                name = self.declare(result, op)
                self.values[result] = name
                args.append(f"&{name}")
        self.line(f"{self.state.cpp_names[callee]}({', '.join(args)});")

    @_emits("func.return")
    def _return(self, op: Operation) -> None:
        for output, value in zip(self.outputs, op.operands, strict=True):
            if output.how == "scalar":
                self.line(f"*{output.name} = {self.expr(value)};")
            elif output.how == "copy":
                t = value.type
                assert isinstance(t, MemRefType)
                self.copy(self.buffer(value, op), Buffer(output.name), t, op)


def _signature(name: str, params: list[str]) -> str:
    one_line = f"void {name}({', '.join(params)})"
    if len(one_line) <= 86 or not params:
        return one_line
    return f"void {name}(\n" + ",\n".join(INDENT + p for p in params) + "\n)"


def _duplicate_loop_names(fn: func.FuncOp) -> set[str]:
    seen: set[str] = set()
    duplicates: set[str] = set()
    for op in fn.walk():
        attr = op.attributes.get(LOOP_NAME)
        if isinstance(attr, StringAttr):
            (duplicates if attr.data in seen else seen).add(attr.data)
    return duplicates


def _has_effect(block: Block) -> bool:
    """Whether a block does more than yield nothing."""
    ops = list(block.ops)
    return not (len(ops) == 1 and not ops[0].operands and not ops[0].regions)


def _check_layout(t: MemRefType[Attribute], op: Operation) -> None:
    """C arrays are row-major and dense: only identity layouts fit (the
    partition layout only annotates)."""
    layout = t.layout
    if isinstance(layout, NoneAttr):
        return
    if isinstance(layout, AffineMapAttr) and layout.data == AffineMap.identity(
        len(t.get_shape())
    ):
        return
    if isinstance(layout, StridedLayoutAttr) and _is_row_major(layout, t.get_shape()):
        return
    if is_partition_layout(layout):
        return
    raise AlloError(f"hls-cpp: memref layout {layout} is not supported", op)


def _is_row_major(layout: StridedLayoutAttr, shape: tuple[int, ...]) -> bool:
    strides = layout.get_strides()
    offset = layout.get_offset()
    expected: list[int] = []
    running = 1
    for extent in reversed(shape):
        expected.append(running)
        running *= extent
    return offset == 0 and list(strides) == list(reversed(expected))
