"""A company's accent colour, used where it stays readable: the text colour that reads on it and the shade a
button takes under the pointer, by WCAG 2's contrast ratio (AA asks 4.5:1 for text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

WHITE, BLACK = "#ffffff", "#000000"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK = "#0e7490"  # the default accent, for a stored value that is not a colour


def _channels(color: str) -> tuple[int, int, int]:
    hex_color = color if _HEX.match(color) else FALLBACK
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def luminance(color: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour "#rrggbb"."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(color: str, toward: str, share: float) -> str:
    mixed = (
        round(channel + (target - channel) * share)
        for channel, target in zip(_channels(color), _channels(toward), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


@dataclass(frozen=True)
class Accent:
    color: str  # the company's colour: header and primary buttons
    text: str  # white or black, whichever reads better on it (always at least 4.5:1)
    hover: str  # a button under the pointer: further from the text colour, so it reads at least as well


def accent(color: str) -> Accent:
    base = "#" + "".join(f"{channel:02x}" for channel in _channels(color))
    text = WHITE if contrast(base, WHITE) >= contrast(base, BLACK) else BLACK
    return Accent(base, text, _mix(base, BLACK if text == WHITE else WHITE, 0.15))
