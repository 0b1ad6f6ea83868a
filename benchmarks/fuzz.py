"""
A fuzzing campaign: random kernels under random schedules (tests/fuzz).

    python benchmarks/fuzz.py --count 10000 --seed 1 [--jobs 2] [--out fuzz-out]
    python benchmarks/fuzz.py --replay fuzz-out/miscompile-s17-3

Prints the outcome counts, the refusal rate of the schedules the generator
meant to be legal, and the refusal reasons by frequency (names and numbers
normalized away). Every crash, miscompile, g++ failure or baseline mismatch
is saved as a folder with kernel.mlir, schedule.yaml, inputs, expected and
actual outputs and a replay.sh.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz.run import FAILURES, reason, run_seeds, save_failure

SCHEDULES = 8  # schedules per kernel
CHUNK = 12  # kernels per g++ run


def _work(job: tuple[list[int], str, bool]) -> list[tuple[str, bool, str, str]]:
    seeds, out, interpreter = job
    rows = []
    try:
        cases = run_seeds(seeds, SCHEDULES, interpreter)
    except BaseException as e:
        # never let an exception (a StopIteration) end the campaign quietly
        raise RuntimeError(f"the fuzzer failed on seeds {seeds}: {e!r}") from e
    for case in cases:
        saved = ""
        if case.outcome in FAILURES:
            saved = str(save_failure(case, Path(out)))
        rows.append((case.outcome, case.legal and case.index >= 0, case.message, saved))
    return rows


def campaign(
    count: int, seed: int, jobs: int, out: str, interpreter: bool, skip: int = 0
) -> int:
    kernels = max(1, count // (SCHEDULES + 1))
    first = seed * 1_000_000 + skip
    seeds = list(range(first, first + kernels))
    chunks = [
        (seeds[k : k + CHUNK], out, interpreter) for k in range(0, len(seeds), CHUNK)
    ]
    start = time.time()
    outcomes: collections.Counter[str] = collections.Counter()
    legal: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    legal_reasons: collections.Counter[str] = collections.Counter()
    saved: list[tuple[str, str]] = []
    with multiprocessing.Pool(jobs) as pool:
        for rows in pool.imap_unordered(_work, chunks):
            for outcome, is_legal, message, folder in rows:
                outcomes[outcome] += 1
                if is_legal:
                    legal[outcome] += 1
                if outcome in ("rejected", "unlocated"):
                    reasons[reason(message)] += 1
                    if is_legal:
                        legal_reasons[reason(message)] += 1
                if folder:
                    saved.append((outcome, folder))
            done = sum(outcomes.values())
            print(
                f"\r{done} cases, {done / (time.time() - start):.1f}/s, "
                f"failures {sum(outcomes[f] for f in FAILURES)}   ",
                end="",
                file=sys.stderr,
                flush=True,
            )
    elapsed = time.time() - start
    total = sum(outcomes.values())
    if total != kernels * (SCHEDULES + 1):
        print(f"warning: {kernels * (SCHEDULES + 1)} cases expected, {total} judged")
    print(
        f"\n{total} cases ({kernels} kernels) in {elapsed:.0f} s: "
        f"{total / elapsed:.1f} cases/s with {jobs} processes"
    )
    for outcome, n in outcomes.most_common():
        print(f"  {outcome:12} {n:6}  {100 * n / total:5.1f}%")
    nlegal = sum(legal.values())
    refused = legal["rejected"] + legal["unlocated"]
    if nlegal:
        print(
            f"intended-legal schedules: {nlegal}, refused {refused} "
            f"({100 * refused / nlegal:.1f}%)"
        )
    _table("refusal reasons of intended-legal schedules", legal_reasons)
    _table("all refusal reasons", reasons)
    for outcome, folder in saved:
        print(f"{outcome}: {folder}")
    return 1 if saved else 0


def _table(title: str, counter: collections.Counter[str]) -> None:
    print(f"{title}:")
    for text, n in counter.most_common(40):
        print(f"  {n:5} x {text}")


def replay(folder: Path) -> int:
    """
    Run a saved case again: the folder's kernel.mlir and schedule.yaml
    (edit them to minimize the case) through the pipeline and C simulation,
    judged against the model."""
    from fuzz.run import load_case, run_cases

    case = load_case(folder)
    run_cases([case], interpreter=case.index < 0)
    print(f"{case.outcome}: {case.message}")
    return 0 if case.outcome in ("ok", "rejected", "unlocated") else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="cases to run")
    parser.add_argument("--seed", type=int, default=0, help="campaign seed")
    parser.add_argument("--jobs", type=int, default=2, help="processes")
    parser.add_argument("--out", default="fuzz-out", help="folder for failures")
    parser.add_argument(
        "--no-interpreter",
        action="store_true",
        help="skip the interpreter oracle (faster)",
    )
    parser.add_argument("--skip", type=int, default=0, help="kernels to skip")
    parser.add_argument("--replay", type=Path, help="replay a saved failure folder")
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay)
    return campaign(
        args.count, args.seed, args.jobs, args.out, not args.no_interpreter, args.skip
    )


if __name__ == "__main__":
    sys.exit(main())
