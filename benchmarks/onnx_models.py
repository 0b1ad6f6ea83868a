"""
The reference models that ship in the onnx wheel, through allo-import,
the `fpga` pipeline and C simulation.

The `light_*` models (AlexNet, DenseNet-121, Inception v1/v2, ResNet-50,
ShuffleNet, SqueezeNet, VGG-19, ZFNet; opset 9) make their weights with
`ConstantOfShape`; they get random ones here (scaled by fan-in, so that
activations stay in range). Each model runs in a child process, which
reports the time of the import (ONNX -> torch-mlir -> affine, parsed and
named) and of the `fpga` pipeline, the peak memory up to there, and, for
models whose weights are small enough to compile as C++ arrays, the largest
absolute difference between C simulation and onnxruntime.

    python benchmarks/onnx_models.py [NAME ...] [--csim-max-weights N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

CSIM_MAX_WEIGHTS = 1_500_000


def light_models() -> dict[str, Path]:
    import onnx

    folder = Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"
    return {p.stem.removeprefix("light_"): p for p in sorted(folder.glob("*.onnx"))}


def randomize(model: Any, seed: int = 0) -> int:
    """
    Replace every `ConstantOfShape` of a constant shape with a random
    initializer (in place); the number of weights."""
    from onnx import numpy_helper

    rng = np.random.default_rng(seed)
    inits = {i.name: i for i in model.graph.initializer}
    kept, count = [], 0
    for node in model.graph.node:
        constant = node.op_type == "ConstantOfShape"
        shape_init = inits.get(node.input[0]) if constant else None
        if shape_init is None:
            kept.append(node)
            continue
        shape = [int(d) for d in numpy_helper.to_array(shape_init)]
        if len(shape) >= 2:
            fan_in = int(np.prod(shape[1:]))
            data = rng.standard_normal(shape) * np.sqrt(1.0 / fan_in)
        else:  # biases, batch-norm scales, means and variances
            data = rng.uniform(0.5, 1.5, shape)
        array = numpy_helper.from_array(data.astype(np.float32), node.output[0])
        model.graph.initializer.append(array)
        count += int(np.prod(shape))
    del model.graph.node[:]
    model.graph.node.extend(kept)
    # before IR 4, an initializer must also be a graph input
    model.ir_version = max(model.ir_version, 4)
    return count


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(name: str, csim_max_weights: int) -> dict[str, Any]:
    import onnx

    from allo_xdsl.frontend.onnx import import_onnx
    from allo_xdsl.pipelines import load_pipeline

    model = onnx.load(str(light_models()[name]))
    weights = randomize(model)
    report: dict[str, Any] = {"model": name, "weights": weights}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.onnx"
        onnx.save(model, path)
        start, cpu = time.perf_counter(), time.process_time()
        ctx, module = import_onnx(path)
        report["import_s"] = time.perf_counter() - start
        report["import_cpu"] = time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        load_pipeline("fpga").apply(ctx, module)
        report["pipeline_s"] = time.perf_counter() - start
        report["pipeline_cpu"] = time.process_time() - cpu
        report["peak_mb"] = peak_mb()
        if weights <= csim_max_weights:
            start = time.perf_counter()
            report["error"] = csim_error(module, path, model)
            report["csim_s"] = time.perf_counter() - start
    return report


def csim_error(module: Any, path: Path, model: Any) -> float:
    import onnxruntime

    from allo_xdsl.frontend.onnx import sanitize
    from allo_xdsl.sim import simulate

    inits = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(1)
    inputs = {
        v.name: rng.standard_normal(
            [d.dim_value for d in v.type.tensor_type.shape.dim]
        ).astype(np.float32)
        for v in model.graph.input
        if v.name not in inits
    }
    expected = onnxruntime.InferenceSession(str(path)).run(None, inputs)
    outs = [np.zeros(e.shape, np.float32) for e in expected]
    func = sanitize(model.graph.name) or "model"
    result = simulate(module, func, [*inputs.values(), *outs], backend="csim")
    got = result.args[len(inputs) :]
    return max(float(np.max(np.abs(g - e))) for g, e in zip(got, expected, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", help="default: all light_* models")
    parser.add_argument("--csim-max-weights", type=int, default=CSIM_MAX_WEIGHTS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.csim_max_weights)))
        return
    names = args.models or list(light_models())
    print("times: wall (CPU) seconds; peak: resident MB after the pipeline")
    print(
        f"{'model':<14}{'weights':>11}{'import s':>14}{'fpga s':>12}"
        f"{'peak MB':>9}{'csim s':>8}  max |csim - onnxruntime|"
    )
    for name in names:
        child = subprocess.run(
            [sys.executable, __file__, "--child", name]
            + ["--csim-max-weights", str(args.csim_max_weights)],
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            last = (child.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{name:<14}  failed: {last}")
            continue
        r = json.loads(child.stdout.strip().splitlines()[-1])
        csim = f"{r['csim_s']:8.1f}" if "csim_s" in r else f"{'-':>8}"
        error = f"{r['error']:.2e}" if "error" in r else "(too many weights to compile)"
        imp = f"{r['import_s']:.1f} ({r['import_cpu']:.1f})"
        fpga = f"{r['pipeline_s']:.1f} ({r['pipeline_cpu']:.1f})"
        print(
            f"{name:<14}{r['weights']:>11,}{imp:>14}{fpga:>12}"
            f"{r['peak_mb']:>9.0f}{csim}  {error}",
            flush=True,
        )


if __name__ == "__main__":
    main()
