"""
`float32_text` prints a float32 as numpy does (`str(np.float32(x))`), which
the HLS C++ of f32 constants has always used: checked by hand on the cases
that decide the form and the digits, and against numpy on random floats and
on the neighbours of short decimals (where the ends of a rounding interval
decide)."""

from __future__ import annotations

import random
import struct
import warnings

import numpy as np
import pytest

from allo_xdsl.targets.float32_text import float32_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (0.1, "0.1"),  # 0.100000001490116..., 0.1 is the shortest
        (100.0, "100.0"),
        (999999.94, "999999.94"),  # below 1e6: positional
        (1e6, "1e+06"),  # from 1e6 on: scientific
        (123456789.0, "1.2345679e+08"),  # rounds to 123456792
        (1e-4, "1e-04"),  # the float32 is 9.99999975e-05, below 1e-4
        (1.5e-5, "1.5e-05"),
        # 9e9 is the midpoint of 8999999488 and 9000000512; it rounds to the
        # even mantissa (8999999488), so it is that float's shortest text
        (8999999488.0, "9e+09"),
        (9000000512.0, "9.000001e+09"),
        (2.0**-149, "1e-45"),  # the smallest subnormal
        (3.4028234663852886e38, "3.4028235e+38"),  # the largest float32
        (1e39, "inf"),  # beyond it: numpy's cast gives inf
        (float("nan"), "nan"),
    ],
)
def test_hand_checked(value: float, text: str):
    assert float32_text(value) == text


def _from_bits(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]


def _bits(value: float) -> int:
    return struct.unpack("<I", struct.pack("<f", value))[0]


def _samples() -> list[float]:
    rng = random.Random(0)
    values = [_from_bits(rng.getrandbits(32)) for _ in range(3000)]
    for _ in range(1500):
        digits = rng.randint(1, 9)
        short = float(
            f"{rng.randrange(10 ** (digits - 1), 10**digits)}e{rng.randint(-53, 29)}"
        )
        bits = _bits(short)
        values += [_from_bits(bits + d) for d in (-1, 0, 1)]
    for exponent in range(-149, 128):  # powers of two: unequal neighbours
        bits = _bits(2.0**exponent)
        values += [_from_bits(bits + d) for d in (-1, 0, 1)]
    return values


def test_agrees_with_numpy():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nan and inf bit patterns
        wrong = [
            (v, str(np.float32(v)), float32_text(v))
            for v in _samples()
            if float32_text(v) != str(np.float32(v))
        ]
    assert not wrong, wrong[:10]
