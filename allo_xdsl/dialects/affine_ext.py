"""Placeholder: xDSL's affine dialect (the dialects work extends it)."""

from xdsl.dialects.affine import Affine
from xdsl.ir import Dialect

AffineExt = Dialect("affine", list(Affine.operations), list(Affine.attributes))
