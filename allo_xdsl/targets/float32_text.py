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

# Every float32, and every midpoint of two, is an integer times 2**-150:
# exact arithmetic on integers scaled by 2**150.
_SCALE_BITS = 150
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
    magnitude = bits & 0x7FFFFFFF
    if math.isinf(x):
        return sign + "inf"
    if magnitude == 0:
        return sign + "0.0"
    digits, exponent = _shortest(magnitude)
    scaled = _scaled(magnitude)
    if _at_least(scaled, -4) and not _at_least(scaled, 6):  # 1e-4 <= x < 1e6
        return sign + _positional(digits, exponent)
    return sign + _scientific(digits, exponent)


def _scaled(bits: int) -> int:
    """The positive float32 `bits` times 2**150."""
    biased, fraction = bits >> 23, bits & 0x7FFFFF
    if biased == 0:  # subnormal: fraction * 2**-149
        return fraction << 1
    return (fraction | 1 << 23) << biased  # (1.fraction) * 2**(biased - 127)


def _at_least(scaled: int, exponent: int) -> bool:
    """Whether `10**exponent <= scaled * 2**-150`."""
    if exponent >= 0:
        return scaled >= 10**exponent << _SCALE_BITS
    return scaled * 10**-exponent >= 1 << _SCALE_BITS


def _shortest(bits: int) -> tuple[str, int]:
    """
    The digits `d1...dn` (no trailing zero) and the exponent `e` of the
    shortest decimal `0.d1...dn * 10**e` that reads back as the positive
    float32 `bits`."""
    x = _scaled(bits)
    below = _scaled(bits - 1)
    above = _scaled(bits + 1) if bits < _MAX_BITS else 2 * x - below
    low2, high2 = below + x, x + above  # the interval's ends, times 2**151
    even = bits % 2 == 0  # ends of the interval round to x
    exponent = _decimal_exponent(x)  # 10**(exponent-1) <= x < 10**exponent
    for n in range(1, 18):
        power = exponent - n  # candidates are k * 10**power
        # in units of 2**-151 / 10**max(0, -power): all integers
        unit = 10**power << (_SCALE_BITS + 1) if power >= 0 else 1 << (_SCALE_BITS + 1)
        widen = 10**-power if power < 0 else 1
        value, low, high = 2 * x * widen, low2 * widen, high2 * widen
        floor = value // unit
        candidates = [
            k
            for k in (floor, floor + 1)
            if low < k * unit < high or (even and k * unit in (low, high))
        ]
        if not candidates:
            continue
        k = min(candidates, key=lambda k: (abs(k * unit - value), k % 2))
        text = str(k)
        # a carry (99.96 -> 100.0) adds a digit: the exponent grows with it
        return text.rstrip("0"), power + len(text)
    raise AssertionError(f"no decimal reads back as float32 bits {bits:#x}")


def _decimal_exponent(scaled: int) -> int:
    exponent = math.floor(math.log10(scaled) - _SCALE_BITS * math.log10(2)) + 1
    while _at_least(scaled, exponent):
        exponent += 1
    while not _at_least(scaled, exponent - 1):
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
