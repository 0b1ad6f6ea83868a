"""
Loops, conditionals and index arithmetic of the HLS C++ function
emitter: `for`/`while` loops with their labels and pragmas, `if`/`else`, and
`affine.apply`/`min`/`max`."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine, scf
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, StringAttr
from xdsl.ir import Block, BlockArgument, Operation, Region, SSAValue

from allo_xdsl.analysis.hints import is_dataflow, pipeline, unroll
from allo_xdsl.analysis.lookup import LOOP_NAME, band_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.hls_affine import NonConstantDivisor
from allo_xdsl.targets.hls_emitter import EmitterBase, atom, emits
from allo_xdsl.targets.hls_names import sanitize


class ControlEmitter(EmitterBase):
    """Loops, conditionals and index arithmetic."""

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

    @emits("affine.for")
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

    @emits("scf.for")
    def _scf_for(self, op: Operation) -> None:
        assert isinstance(op, scf.ForOp)
        iv = op.body.block.args[0]
        if op.lb in self.nonneg:
            self.nonneg.add(iv)
        bounds = (self.expr(op.lb), self.expr(op.ub), self.expr(op.step))
        iv_type = self.types.scalar(op.lb.type, op)
        self.loop(op, iv, iv_type, bounds, op.body.block, op.iter_args, op.res)

    @emits("scf.while")
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
                self.line(f"if (!{atom(self.expr(inner.condition))}) break;")
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

    @emits("affine.if")
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

    @emits("scf.if")
    def _scf_if(self, op: Operation) -> None:
        assert isinstance(op, scf.IfOp)
        condition = self.expr(op.cond)
        self.conditional(op, condition, op.true_region, op.false_region, op.output)

    # ----- index arithmetic -----

    @emits("affine.apply")
    def _affine_apply(self, op: Operation) -> None:
        assert isinstance(op, affine.ApplyOp)
        texts, nonneg = self.affine_results(op.map.data, op.mapOperands, op)
        self.define(op.result, texts[0], op)
        if nonneg[0]:
            self.nonneg.add(op.result)

    @emits("affine.min", "affine.max")
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


def _has_effect(block: Block) -> bool:
    """Whether a block does more than yield nothing."""
    ops = list(block.ops)
    return not (len(ops) == 1 and not ops[0].operands and not ops[0].regions)
