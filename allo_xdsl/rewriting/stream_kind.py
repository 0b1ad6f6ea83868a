"""
The stream kind of a buffer, as a type property of its alias class.

A buffer that `to` turns into a FIFO is `!fpga.stream<T, depth>` wherever it
is seen: in the function that creates it and as the parameter of every
callee it is passed to. `STREAM` is the `ClassProperty` (see
`allo_xdsl.rewriting.class_properties`) that states it: one fact, the depth,
under the key `depth`; a memref given that fact becomes a stream of its
element type. Two depths in one class are a conflict.
"""

from __future__ import annotations

from collections.abc import Hashable

from xdsl.dialects.builtin import MemRefType, NoneAttr
from xdsl.ir import Attribute

from allo_xdsl.dialects.fpga import StreamType
from allo_xdsl.rewriting.class_properties import ClassProperty, Facts

DEPTH = "depth"


class StreamProperty(ClassProperty):
    """Whether a buffer is a stream, and of which depth."""

    name = "stream"
    # Loads and stores would not verify on a stream: `to` turns them into
    # puts and gets before it retypes the class.
    allowed_users = ("memref.dealloc", "fpga.stream_put", "fpga.stream_get")

    def facts(self, t: Attribute) -> dict[Hashable, Hashable]:
        if isinstance(t, StreamType):
            return {DEPTH: t.depth.data}
        return {}

    def apply(self, t: Attribute, facts: Facts) -> Attribute:
        depth = facts.get(DEPTH)
        if depth is None:
            return t
        assert isinstance(depth, int)
        if isinstance(t, StreamType):
            return StreamType(t.element_type, depth)
        if not isinstance(t, MemRefType):
            raise ValueError(f"it is not a memref but {t}")
        if not isinstance(t.layout, NoneAttr):
            raise ValueError(
                f"it has the layout {t.layout}; a stream is never also partitioned"
            )
        return StreamType(t.element_type, depth)

    def key_text(self, key: Hashable) -> str:
        return "stream depth"

    def value_text(self, value: Hashable) -> str:
        return str(value)


STREAM = StreamProperty()
