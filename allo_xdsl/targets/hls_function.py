"""
One `func.func` as a Vitis HLS C++ function.

Every op result becomes a local variable named after its SSA name hint;
constants are inlined. Memrefs are C arrays; returned memrefs and scalars
become trailing output parameters. A returned alloc (or call result) is
written directly into its output parameter; a returned argument is copied.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import func, memref
from xdsl.dialects.builtin import MemRefType
from xdsl.ir import BlockArgument, Operation

from allo_xdsl.analysis.hints import is_dataflow, is_inline
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.hls_allo import ALLO_OPS
from allo_xdsl.targets.hls_arith import scalar_expression
from allo_xdsl.targets.hls_control import ControlEmitter
from allo_xdsl.targets.hls_emitter import (
    INDENT,
    OPS,
    Buffer,
    ModuleState,
    Output,
)
from allo_xdsl.targets.hls_memory import MemoryEmitter
from allo_xdsl.targets.hls_pragmas_interface import interface_pragmas

__all__ = ["FunctionEmitter", "ModuleState"]


class FunctionEmitter(ControlEmitter, MemoryEmitter):
    """Emits one function; `lines()` is its C++ text, line by line."""

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

    def _outputs(self) -> list[Output]:
        """
        Output parameters, and which returned values write directly into
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

    def emit_op(self, op: Operation, targets: Sequence[str] = ()) -> None:
        """Emit `op`; a yield assigns its values to `targets`."""
        if op.name in ("affine.yield", "scf.yield"):
            self.assign(targets, op.operands, op)
            return
        emit = OPS.get(op.name) or ALLO_OPS.get(op.name)
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


def _signature(name: str, params: list[str]) -> str:
    one_line = f"void {name}({', '.join(params)})"
    if len(one_line) <= 86 or not params:
        return one_line
    return f"void {name}(\n" + ",\n".join(INDENT + p for p in params) + "\n)"
