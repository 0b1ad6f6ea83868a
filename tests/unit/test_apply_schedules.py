"""
apply-schedules: schedules from IR and from Python give the same function
as before (interpreter and C simulation against numpy), callee-first order,
and located errors."""

import numpy as np
import pytest
from conftest import KERNELS

from allo_xdsl.analysis.call_graph import callee_first_order
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.pipelines import Pipeline, ScheduleStep
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")


def gemm_module():
    ctx = make_context()
    path = KERNELS / "gemm_f32.mlir"
    return ctx, read_mlir(ctx, path.read_text(), str(path))


SCHEDULE = [
    ScheduleStep("split", {"loop": "i", "factor": 3}),
    ScheduleStep("reorder", {"loops": ["k", "j"]}),
    ScheduleStep("pipeline", {"loop": "j", "ii": 1}),
    ScheduleStep("unroll", {"loop": "i.inner", "factor": 2}),
]


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
def test_scheduled_gemm_equals_numpy(backend):
    rng = np.random.default_rng(1)
    a, b, c = (rng.random((8, 8), dtype=np.float32) for _ in range(3))
    ctx, module = gemm_module()
    before = simulate(module, "gemm", [a, b, c], backend=backend)
    Pipeline(schedule={"gemm": SCHEDULE}).apply(ctx, module)
    assert not any(op.name.startswith("sched.") for op in module.walk())
    after = simulate(module, "gemm", [a, b, c], backend=backend)
    assert np.allclose(after.args[2], c + a @ b, rtol=1e-5)
    # k stays innermost-but-one for each (i, j): same accumulation order.
    assert np.array_equal(after.args[2], before.args[2])


def test_callee_first_order():
    text = """
    func.func @top() {
      func.call @mid() : () -> ()
      func.call @leaf() : () -> ()
      func.return
    }
    func.func @mid() { func.call @leaf() : () -> () func.return }
    func.func @leaf() { func.return }
    func.func @alone() { func.return }
    """
    module = read_mlir(make_context(), text, "t.mlir")
    order = [f.sym_name.data for f in callee_first_order(module)]
    assert order.index("leaf") < order.index("mid") < order.index("top")
    assert set(order) == {"top", "mid", "leaf", "alone"}


def test_unknown_function_in_python_schedule():
    ctx, module = gemm_module()
    pipeline = Pipeline(schedule={"gemmm": [ScheduleStep("pipeline", {"loop": "j"})]})
    with pytest.raises(AlloError, match="unknown function 'gemmm'"):
        pipeline.apply(ctx, module)


def test_bad_step_arguments_in_python():
    with pytest.raises(ValueError, match="factor"):
        ScheduleStep("split", {"loop": "i", "factor": "x"}).to_op()
