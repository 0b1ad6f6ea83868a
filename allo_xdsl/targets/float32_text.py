"""
The shortest decimal text of a float32, exactly as numpy prints it
(`str(np.float32(x))`), without numpy: loading numpy would cost every
`hls-cpp` run 0.05 s of start-up for its f32 constants.

Digits: the fewest significant digits of a decimal that rounds back to the
float32 (round half to even, so an end of the interval counts when the
float's mantissa is even); of the two candidates of that length around the
value, the nearer (a tie: the even last digit). Form, as numpy's: positional
with at least one digit after the point (`1.0`, `0.001`) for 0 and
magnitudes in [1e-4, 1e6); otherwise scientific, the point dropped when no
digit follows it, the exponent of at least two digits (`1e-05`, `1.5e+06`).
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

_POSITIONAL_LOW = Fraction(1, 10**4)
_POSITIONAL_HIGH = Fraction(10**6)
_MAX_BITS = 0x7F7FFFFF  # the largest finite float32


def float32_text(value: float) -> str:
    """`str(np.float32(value))`: the float32 nearest `value`, shortest."""
    try:
        packed = struct.pack("<f", value)
    except OverflowError:  # beyond the largest float32: numpy's inf
        return "-inf" if value < 0 else "inf"
    bits = struct.unpack("<I", packed)[0]
    x = struct.unpack("<f", packed)[0]
    if math.isnan(x):
        return "nan"
    sign = "-" if bits >> 31 else ""
    magnitude_bits = bits & 0x7FFFFFFF
    if math.isinf(x):
        return sign + "inf"
    if magnitude_bits == 0:
        return sign + "0.0"
    digits, exponent = _shortest(magnitude_bits)
    magnitude = Fraction(abs(x))
    if _POSITIONAL_LOW <= magnitude < _POSITIONAL_HIGH:
        return sign + _positional(digits, exponent)
    return sign + _scientific(digits, exponent)


def _value(bits: int) -> Fraction:
    return Fraction(struct.unpack("<f", struct.pack("<I", bits))[0])


def _shortest(bits: int) -> tuple[str, int]:
    """
    The digits `d1...dn` (no trailing zero) and the exponent `e` of the
    shortest decimal `0.d1...dn * 10**e` that reads back as the positive
    float32 `bits`."""
    x = _value(bits)
    below = _value(bits - 1)
    above = _value(bits + 1) if bits < _MAX_BITS else 2 * x - below
    low, high = (below + x) / 2, (x + above) / 2
    even = bits % 2 == 0  # ends of the interval round to x
    exponent = _decimal_exponent(x)  # 10**(exponent-1) <= x < 10**exponent
    for n in range(1, 18):
        unit = Fraction(10) ** (exponent - n)
        floor = math.floor(x / unit)
        candidates = [
            k
            for k in (floor, floor + 1)
            if low < k * unit < high or (even and k * unit in (low, high))
        ]
        if not candidates:
            continue
        k = min(candidates, key=lambda k: (abs(k * unit - x), k % 2))
        text = str(k)
        # a carry (99.96 -> 100.0) adds a digit: the exponent grows with it
        return text.rstrip("0"), exponent - n + len(text)
    raise AssertionError(f"no decimal reads back as float32 bits {bits:#x}")


def _decimal_exponent(x: Fraction) -> int:
    exponent = math.floor(math.log10(x)) + 1
    while Fraction(10) ** exponent <= x:
        exponent += 1
    while Fraction(10) ** (exponent - 1) > x:
        exponent -= 1
    return exponent


def _positional(digits: str, exponent: int) -> str:
    if exponent <= 0:
        return "0." + "0" * -exponent + digits
    whole = digits[:exponent].ljust(exponent, "0")
    return whole + "." + (digits[exponent:] or "0")


def _scientific(digits: str, exponent: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    power = exponent - 1
    return f"{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
