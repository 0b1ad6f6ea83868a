"""
`fpga` streams for the interpreter: a FIFO (a `deque`) per stream value.

The interpreter runs a dataflow region's processes one after the other, in
program order, so a FIFO holds every element its producer put until its
consumer runs: the stream's depth is not enforced (C simulation of
`hls::stream` behaves the same). Reading an empty stream is an error at the
`fpga.stream_get`. A stream argument of the function run is given as a
sequence of its elements, and comes back as the array of those left in it.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, register_impls

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import (
    StreamCreateOp,
    StreamGetOp,
    StreamPutOp,
    StreamType,
)
from allo_xdsl.sim.interp_compile import Compiled, compiled_impl
from allo_xdsl.sim.interp_values import scalar_supported
from allo_xdsl.sim.result import numpy_dtype

Fifo = deque[Any]


def stream_problem(t: StreamType) -> str | None:
    """Why the interpreter cannot run a stream of type `t`, or None."""
    if not scalar_supported(t.element_type):
        return f"element type {t.element_type} is not supported"
    return None


def stream_from_numpy(value: Any, t: StreamType, convert: Any) -> Fifo:
    """
    A FIFO holding the elements of the sequence `value`, each passed
    through `convert` (the scalar conversion of arguments)."""
    return deque(convert(v) for v in np.asarray(value).reshape(-1).tolist())


def stream_to_numpy(fifo: Fifo, t: StreamType) -> np.ndarray[Any, Any]:
    """The elements left in `fifo`, oldest first."""
    return np.array(list(fifo), dtype=numpy_dtype(t.element_type))


def _get(fifo: Fifo, *_: Any) -> tuple[Any]:
    if not fifo:
        raise AlloError(
            "a stream is read while empty: its consumer reads more elements "
            "than its producer wrote, or reads them first"
        )
    return (fifo.popleft(),)


@register_impls
class AlloFpgaFunctions(InterpreterFunctions):
    """
    Compilers for `fpga.stream_create`, `fpga.stream_put` and
    `fpga.stream_get`."""

    @compiled_impl(StreamCreateOp)
    def compile_create(self, interpreter: Interpreter, op: StreamCreateOp) -> Compiled:
        return lambda: (deque[Any](),)

    @compiled_impl(StreamPutOp)
    def compile_put(self, interpreter: Interpreter, op: StreamPutOp) -> Compiled:
        # Operands past the value say which element it is (checks only).
        def put(fifo: Fifo, value: Any, *_: Any) -> tuple[()]:
            fifo.append(value)
            return ()

        return put

    @compiled_impl(StreamGetOp)
    def compile_get(self, interpreter: Interpreter, op: StreamGetOp) -> Compiled:
        return _get
