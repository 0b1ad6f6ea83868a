"""
The import context: attributes of dialects allo-xdsl does not load are
read as opaque attributes, and its clones (which xDSL's pass pipeline
makes) behave the same without sharing state with the original."""

from __future__ import annotations

from xdsl.dialects.builtin import ModuleOp
from xdsl.dialects.llvm import UndefOp
from xdsl.parser import Parser

from allo_xdsl.context import ImportContext, make_context

FOREIGN = 'module attributes {a = #foo.bar<"x">, b = #foo.bar<"x">} {\n}\n'


def _attributes(ctx: ImportContext) -> ModuleOp:
    return Parser(ctx, FOREIGN).parse_module()


def test_one_foreign_attribute_read_twice_is_equal() -> None:
    module = _attributes(make_context())
    assert module.attributes["a"] == module.attributes["b"]
    assert str(module) == "builtin." + FOREIGN.removesuffix("\n")


def test_a_clone_is_an_import_context_of_its_own() -> None:
    ctx = make_context()
    first = _attributes(ctx).attributes["a"]
    clone = ctx.clone()
    assert isinstance(clone, ImportContext)
    assert sorted(clone.registered_dialect_names) == sorted(
        ctx.registered_dialect_names
    )
    # what the original read before, the clone reads as the same attribute
    assert _attributes(clone).attributes["a"] == first
    assert clone.get_optional_op("llvm.mlir.undef") is UndefOp
    assert UndefOp in clone.loaded_ops
    assert UndefOp not in ctx.loaded_ops
    clone.get_optional_attr("baz.qux")
    assert ctx.get_optional_attr("baz.qux") is not clone.get_optional_attr("baz.qux")
