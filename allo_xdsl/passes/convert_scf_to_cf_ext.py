"""
The `convert-scf-to-cf-ext` pass: xDSL's `convert-scf-to-cf`, plus
`scf.while` and loop attributes."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import cf, scf
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import BlockInsertPoint, InsertPoint
from xdsl.transforms.convert_scf_to_cf import ForLowering, IfLowering, SwitchLowering

from allo_xdsl.diagnostics import AlloError


@dataclass(frozen=True)
class ConvertScfToCfExtPass(ModulePass):
    """
    Lower `scf.for`, `scf.if`, `scf.index_switch` and `scf.while` to `cf`
    branches. xDSL 0.74's `convert-scf-to-cf` (whose patterns this pass
    reuses) has no `scf.while` and drops loop attributes; here a loop's
    discardable attributes (hints such as `hls.pipeline_ii`, `loop_name`)
    move to its latch, the `cf.br` back to the loop header, where MLIR puts
    loop metadata. No options. Rejects `scf.parallel`, `scf.forall` and
    `scf.execute_region`.
    """

    name = "convert-scf-to-cf-ext"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for inner in op.walk():
            if isinstance(inner, scf.ParallelOp | scf.ExecuteRegionOp) or (
                inner.name == "scf.forall"
            ):
                raise AlloError(
                    f"convert-scf-to-cf-ext: '{inner.name}' is not supported", inner
                )
        PatternRewriteWalker(
            GreedyRewritePatternApplier(
                [
                    SwitchLowering(),
                    IfLowering(),
                    AttributedForLowering(),
                    WhileLowering(),
                ]
            )
        ).rewrite_module(op)


class AttributedForLowering(ForLowering):
    """xDSL's `scf.for` lowering; the loop's attributes go to its latch."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, for_op: scf.ForOp, rewriter: PatternRewriter):
        attributes = dict(for_op.attributes)
        header = for_op.body.first_block
        entry = for_op.parent_block()
        super().match_and_rewrite(for_op, rewriter)
        if header is None or not attributes:
            return
        for use in header.uses:
            if use.operation.parent_block() is not entry:
                use.operation.attributes |= attributes


class WhileLowering(RewritePattern):
    """
    `scf.while` as MLIR lowers it: the `before` region is the loop
    header, `scf.condition` branches to the `after` region or out, and the
    `after` region's `scf.yield` branches back (the latch, which gets the
    loop's attributes)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.WhileOp, rewriter: PatternRewriter):
        init_block = op.parent_block()
        if init_block is None:
            return
        end_block = init_block.split_before(op)
        for k, t in enumerate(op.result_types):
            rewriter.insert_block_argument(end_block, k, t)
        before = op.before_region.first_block
        after = op.after_region.first_block
        assert before is not None
        assert after is not None
        before_last = op.before_region.last_block
        after_last = op.after_region.last_block
        assert before_last is not None
        assert after_last is not None
        condition = before_last.last_op
        latch = after_last.last_op
        assert isinstance(condition, scf.ConditionOp)
        assert isinstance(latch, scf.YieldOp)
        rewriter.inline_region(op.before_region, BlockInsertPoint.before(end_block))
        rewriter.inline_region(op.after_region, BlockInsertPoint.before(end_block))
        rewriter.insert(
            cf.BranchOp(before, *op.arguments), InsertPoint.at_end(init_block)
        )
        branch = cf.ConditionalBranchOp(
            condition.condition,
            after,
            condition.args,
            end_block,
            condition.args,
        )
        rewriter.replace(condition, branch)
        back = cf.BranchOp(before, *latch.arguments)
        back.attributes |= op.attributes
        rewriter.replace(latch, back)
        rewriter.replace(op, [], end_block.args)
