"""
Shared IR rewrites used by several passes: changing a buffer's type, and
properties of alias classes (partition layouts, stream kinds) that change
together across calls."""
