"""allo-xdsl: Allo-style hardware customizations for spatial accelerators on xDSL."""

__version__ = "0.1.0"
