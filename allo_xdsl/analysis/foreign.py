"""
What of allo-xdsl's own dialects an attribute holds: the `allo`,
`sched` and `fpga` attributes and types that no upstream tool can read, so
the circt export rejects them and `hints-to-attributes` may not pass them
on."""

from __future__ import annotations

from typing import cast

from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr
from xdsl.ir import Attribute, ParametrizedAttribute

FOREIGN_DIALECTS = ("allo.", "sched.", "fpga.")
"""Name prefixes of allo-xdsl's dialects (ops, attributes and types)."""


def foreign_attribute(attr: Attribute) -> Attribute | None:
    """
    An attribute or type of the allo, sched or fpga dialect inside `attr`,
    if there is one."""
    if attr.name.startswith(FOREIGN_DIALECTS):
        return attr
    children: tuple[Attribute, ...] = ()
    if isinstance(attr, ArrayAttr):
        children = cast(ArrayAttr[Attribute], attr).data
    elif isinstance(attr, DictionaryAttr):
        children = tuple(attr.data.values())
    elif isinstance(attr, ParametrizedAttribute):
        children = attr.parameters
    for child in children:
        if (found := foreign_attribute(child)) is not None:
            return found
    return None
