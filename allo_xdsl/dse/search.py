"""
The search: optuna's ask/tell loop over the space of `space.py`, seeded
with analytic candidates, evaluated in batches through an `Evaluator`.

Reproducible: the sampler is seeded, each batch has a fixed size whatever
the number of workers, results are told in the order asked, and identical
pipelines are evaluated once (a cache keyed by the YAML text). `timeout`
is checked between batches.
"""

from __future__ import annotations

import logging
import random
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import optuna

from allo_xdsl.dse.copies import MAX_UNROLL
from allo_xdsl.dse.design import Design, Function
from allo_xdsl.dse.distribution import distributed, knobs, with_variants
from allo_xdsl.dse.evaluate import Budget, EvalJob, EvalResult, evaluate, parse_kernel
from allo_xdsl.dse.local_buffers import site_allowed
from allo_xdsl.dse.pareto import Point, pareto_front
from allo_xdsl.dse.runner import Evaluator
from allo_xdsl.dse.sites import with_sites
from allo_xdsl.dse.space import (
    GENERATED,
    PUBLISHED,
    Candidate,
    FunctionChoice,
    NestChoice,
    chain_of,
    chosen_orders,
    depth_of,
    orders,
    params_of,
    sample,
    searched_functions,
    to_yaml,
)

BATCH = 8
"""Candidates asked before any is told: fixed, so that the trials do not
depend on how many workers evaluate them."""

SAMPLERS = ("tpe", "nsga2", "random")


@dataclass(frozen=True)
class Settings:
    device: str = "u280"
    budget: Budget = field(default_factory=lambda: Budget(9024, 4032))
    trials: int = 200
    timeout: float | None = None
    seed: int = 0
    sampler: str = "tpe"
    max_unroll: int | None = MAX_UNROLL
    """Candidates with a larger pipelined body are rejected (None: no cap)."""


@dataclass(frozen=True)
class Evaluated:
    """A candidate told to the study: its pipeline and its estimate."""

    number: int
    yaml: str
    result: EvalResult


@dataclass
class Outcome:
    best: Evaluated | None
    baseline: int
    evaluated: int
    rejected: int
    over_budget: int
    points: list[Point] = field(default_factory=list[Point])
    smallest: Evaluated | None = None
    """The legal candidate with the fewest DSPs (for an impossible budget)."""
    seconds: float = 0.0

    @property
    def front(self) -> list[Point]:
        return pareto_front(self.points)


def make_sampler(settings: Settings) -> optuna.samplers.BaseSampler:
    if settings.sampler == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=settings.seed, population_size=24)
    if settings.sampler == "random":
        return optuna.samplers.RandomSampler(seed=settings.seed)
    with warnings.catch_warnings():
        # `group` is marked experimental; it is what keeps the conditional
        # knobs of a function together.
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return _tpe(settings)


def _tpe(settings: Settings) -> optuna.samplers.BaseSampler:
    return optuna.samplers.TPESampler(
        seed=settings.seed,
        multivariate=True,
        group=True,
        n_startup_trials=16,
    )


# --- analytic seeds -------------------------------------------------------


def reduction_first(fn: Function, root: int) -> int:
    """
    The order (index into `orders`) that puts the loops a written access
    does not move (reductions) outermost: the innermost loops are then free
    of loop-carried accumulations (ScaleHLS's choice)."""
    chain = chain_of(fn, root)
    carried = set(chain)
    for access in fn.accesses:
        if access.is_write:
            for movers in access.dims:
                carried -= {loop for loop, _ in movers}
    wanted = tuple(
        [k for k in chain if k in carried] + [k for k in chain if k not in carried]
    )
    options = orders(fn, root)
    return options.index(wanted) if wanted in options else 0


def seeds(
    design: Design, published: dict[str, list[dict[str, Any]]]
) -> list[Candidate]:
    """
    The published design (where it exists), then ScaleHLS-style designs:
    reductions outermost, the innermost level pipelined at II 1, unrolled
    by 1, 4, 16 or 64; the same split by exactly 16 (not a divisor), alone
    and tiled 8 x 16 or 32 x 32 (the default `--max-unroll`) with the loop
    around it (2-D; these three without dataflow, which not every design can
    have); every nest pipelined at its outermost loop with a large II (the
    whole body unrolled, its cores shared); and, when the design has
    local-buffer sites, Allo's local buffers (`_local`) and the outermost
    pipelines with the sites on (a function that no longer reads what it
    writes can join a dataflow region); and, when some nest can be
    distributed, the ScaleHLS designs (tiled 8 x 16, 16 x 32, 32 x 32 too) on
    the distributed copies."""
    fns = searched_functions(design)
    out: list[Candidate] = []
    if published:
        out.append(_with_published(fns, published, 1))
    for unroll in (1, 4, 16, 64):
        out.append(
            Candidate(tuple((fn.name, _scalehls(fn, unroll)) for fn in fns), True)
        )
        if published and unroll > 1:
            out.append(_with_published(fns, published, unroll))
    for unroll, tile in ((16, 1), (16, 8), (32, 32)):
        out.append(
            Candidate(tuple((fn.name, _scalehls(fn, unroll, True, tile)) for fn in fns))
        )
    for ii in (4, 32, 256):
        out.append(Candidate(tuple((fn.name, _outer(fn, ii)) for fn in fns), True))
    if any(fn.variants for fn in fns):
        for unroll, tile in ((1, 1), (16, 8), (32, 16), (32, 32)):
            split = (tile > 1, tile)
            out.append(
                Candidate(tuple((fn.name, _fission(fn, unroll, *split)) for fn in fns))
            )
    if any(fn.sites for fn in fns):
        for unroll, dataflow in ((1, True), (1, False), (4, True), (16, True)):
            local = tuple((fn.name, _local(fn, unroll)) for fn in fns)
            out.append(Candidate(local, dataflow))
        for ii in (4, 32, 256):
            outer = tuple((fn.name, _sites_on(fn, _outer(fn, ii).nests)) for fn in fns)
            out.append(Candidate(outer, True))
    return out


def _with_published(
    fns: list[Function], published: dict[str, list[dict[str, Any]]], unroll: int
) -> Candidate:
    """
    The published steps where there are some, ScaleHLS's choice (with
    `unroll`) for the other nests."""
    choices = []
    for fn in fns:
        nests = _scalehls(fn, unroll)
        mode = PUBLISHED if fn.name in published else GENERATED
        choices.append((fn.name, FunctionChoice(mode, nests.nests)))
    return Candidate(tuple(choices), True)


def _scalehls(
    fn: Function, unroll: int, split: bool = False, tile: int = 1
) -> FunctionChoice:
    nests = tuple(
        NestChoice(
            reduction_first(fn, root),
            -1 if fn.loops[root].calls else depth_of(fn, root),
            1,
            unroll,
            split,
            tile,
        )
        for root in fn.roots
    )
    return FunctionChoice(GENERATED, nests)


def _fission(fn: Function, unroll: int, split: bool, tile: int) -> FunctionChoice:
    """
    ScaleHLS's choice on the copies of every nest `distribute` accepts; a
    function with none gets at most 16 x 8 copies, leaving the DSPs to the
    distributed ones (the nests that could not use them undistributed)."""
    on = knobs(fn)
    if not on:
        return _scalehls(fn, min(unroll, 16), split, min(tile, 8))
    choice = _scalehls(distributed(fn, on), unroll, split, tile)
    return replace(choice, distribute=on)


def _local(fn: Function, unroll: int) -> FunctionChoice:
    """
    Allo's and ScaleHLS's local buffers: reductions outermost, the outermost
    loop of the perfect nest (a reduction loop when there is one)
    pipelined with the loops inside it unrolled, and the sites on."""
    nests: list[NestChoice] = []
    for root in fn.roots:
        chain = chain_of(fn, root)
        level = fn.loops[chain[0]].depth - fn.loops[root].depth
        level = -1 if fn.loops[root].calls else level
        nests.append(NestChoice(reduction_first(fn, root), level, 1, unroll))
    return _sites_on(fn, tuple(nests))


def _sites_on(fn: Function, nests: tuple[NestChoice, ...]) -> FunctionChoice:
    """
    `nests` with, per buffer, its site with the most steps (a line buffer
    and its window), else at the outermost loop (a row buffer), on."""
    chosen = chosen_orders(fn, nests)
    ranked = sorted(
        range(len(fn.sites)),
        key=lambda k: (-len(fn.sites[k].steps), fn.loops[fn.sites[k].loops[0]].depth),
    )
    sites: list[int] = []
    for k in ranked:
        site = fn.sites[k]
        if all(fn.sites[o].buffer != site.buffer for o in sites) and site_allowed(
            fn, site, chosen
        ):
            sites.append(k)
    return FunctionChoice(GENERATED, tuple(nests), tuple(sorted(sites)))


def _outer(fn: Function, ii: int) -> FunctionChoice:
    nests = tuple(
        NestChoice(0, -1 if fn.loops[r].calls else 0, ii, 1) for r in fn.roots
    )
    return FunctionChoice(GENERATED, nests)


# --- the loop ---------------------------------------------------------------


class Search:
    """One search over a kernel's design."""

    def __init__(
        self,
        kernel: str,
        filename: str,
        design: Design,
        published: dict[str, list[dict[str, Any]]],
        settings: Settings,
        literal: tuple[str, ...] = (),
    ):
        """
        `published`: per function, steps a candidate may keep as they are;
        `literal`: whole pipelines evaluated first as they are (a published
        design's file), outside the sampler's space."""
        self.literal = literal
        self.kernel = kernel
        self.filename = filename
        module = parse_kernel(kernel, filename)
        self.design = with_variants(with_sites(design, module), module)
        self.published = published
        self.settings = settings
        self.cache: dict[str, EvalResult] = {}

    def job(self, yaml_text: str) -> EvalJob:
        s = self.settings
        return EvalJob(
            self.kernel,
            yaml_text,
            s.device,
            s.budget,
            self.filename,
            self.design.top,
            s.max_unroll,
        )

    def baseline(self, evaluator: Evaluator) -> EvalResult:
        empty = to_yaml(self.design, Candidate((), False), {})
        return evaluator.map(evaluate, [self.job(empty)])[0]

    def run(
        self,
        evaluator: Evaluator,
        progress: Callable[[int, float | None], None] | None = None,
    ) -> Outcome:
        s = self.settings
        start = time.perf_counter()
        optuna.logging.set_verbosity(logging.WARNING)
        study = optuna.create_study(
            directions=["minimize", "minimize"], sampler=make_sampler(s)
        )
        for seed in seeds(self.design, self.published):
            study.enqueue_trial(
                params_of(self.design, seed, self.published), skip_if_exists=True
            )
        base = self.baseline(evaluator)
        rng = random.Random(s.seed)
        told = [
            Evaluated(-1 - k, text, result)
            for k, (text, result) in enumerate(
                zip(
                    self.literal,
                    self.evaluate_all(evaluator, list(self.literal)),
                    strict=True,
                )
            )
        ]
        while len(told) < s.trials + len(self.literal):
            if s.timeout is not None and time.perf_counter() - start > s.timeout:
                break
            size = min(BATCH, s.trials + len(self.literal) - len(told))
            best = _best([e for e in told if e.number >= 0])
            if best is not None and not study.get_trials(
                states=(optuna.trial.TrialState.WAITING,)
            ):
                for params in mutants(study.trials[best.number], rng, size // 2):
                    study.enqueue_trial(params)
            trials = [study.ask() for _ in range(size)]
            texts = [
                to_yaml(
                    self.design, sample(self.design, t, self.published), self.published
                )
                for t in trials
            ]
            results = self.evaluate_all(evaluator, texts)
            for trial, text, result in zip(trials, texts, results, strict=True):
                told.append(Evaluated(trial.number, text, result))
                self.tell(study, trial, result)
            if progress is not None:
                best = _best(told)
                progress(size, None if best is None else float(best.result.latency))
        return self.outcome(told, base, time.perf_counter() - start)

    def evaluate_all(self, evaluator: Evaluator, texts: list[str]) -> list[EvalResult]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        for text, result in zip(
            missing,
            evaluator.map(evaluate, [self.job(t) for t in missing]),
            strict=True,
        ):
            self.cache[text] = result
        return [self.cache[t] for t in texts]

    def tell(
        self, study: optuna.Study, trial: optuna.Trial, result: EvalResult
    ) -> None:
        if not result.ok:
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
            return
        budget = self.settings.budget
        trial.set_constraint("dsp", float(result.dsp - budget.dsp))
        trial.set_constraint("bram18k", float(result.bram18k - budget.bram18k))
        study.tell(trial, [float(result.latency), float(result.dsp)])

    def outcome(
        self, told: list[Evaluated], base: EvalResult, seconds: float
    ) -> Outcome:
        ok = [e for e in told if e.result.ok]
        fits = [e for e in ok if e.result.fits]
        seen: set[str] = set()
        points: list[Point] = []
        for e in fits:
            if e.yaml not in seen:
                seen.add(e.yaml)
                points.append(
                    Point(e.result.latency, e.result.dsp, e.result.bram18k, e.yaml)
                )
        smallest = min(ok, key=lambda e: (e.result.dsp, e.result.bram18k), default=None)
        return Outcome(
            _best(told),
            base.latency,
            len(told),
            len(told) - len(ok),
            len(ok) - len(fits),
            points,
            smallest,
            seconds,
        )


def mutants(
    trial: optuna.trial.FrozenTrial, rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """
    `count` neighbours of `trial`: one knob (or one function's mode)
    changed to another of its values; a knob the new values need and
    `trial` lacks is left to the sampler."""
    out: list[dict[str, Any]] = []
    keys = sorted(trial.params)
    for _ in range(count):
        params = dict(trial.params)
        key = rng.choice(keys)
        distribution = trial.distributions[key]
        choices = [c for c in getattr(distribution, "choices", ()) if c != params[key]]
        if not choices:
            continue
        params[key] = rng.choice(choices)
        if rng.random() < 0.5:
            other = rng.choice(keys)
            others = getattr(trial.distributions[other], "choices", ())
            if others and other != key:
                params[other] = rng.choice(list(others))
        out.append(params)
    return out


def _best(told: list[Evaluated]) -> Evaluated | None:
    fits = [e for e in told if e.result.ok and e.result.fits]
    return min(
        fits,
        key=lambda e: (e.result.latency, e.result.dsp, e.result.bram18k, e.number),
        default=None,
    )
