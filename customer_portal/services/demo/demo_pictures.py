"""Pictures for the demo company's visits, drawn with Pillow (there is nothing to download)."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

SIZE = (800, 600)
_WATER = ((12, 116, 144), (34, 158, 190), (20, 132, 170), (64, 176, 200))
_TILE = (235, 228, 210)


def pool_picture(rng: random.Random, caption: str) -> Image.Image:
    """A top-down pool: coping, water with light ripples, sometimes a few leaves."""
    image = Image.new("RGB", SIZE, _TILE)
    draw = ImageDraw.Draw(image)
    inset = rng.randint(40, 90)
    water = rng.choice(_WATER)
    draw.rounded_rectangle((inset, inset, SIZE[0] - inset, SIZE[1] - inset), radius=rng.randint(20, 120), fill=water)
    for _ in range(rng.randint(25, 45)):
        x, y = rng.randint(inset + 10, SIZE[0] - inset - 60), rng.randint(inset + 10, SIZE[1] - inset - 20)
        shade = tuple(min(255, channel + rng.randint(25, 60)) for channel in water)
        draw.arc((x, y, x + rng.randint(30, 90), y + rng.randint(8, 20)), 200, 340, fill=shade, width=2)
    for _ in range(rng.randint(0, 4)):
        x, y = rng.randint(inset, SIZE[0] - inset - 20), rng.randint(inset, SIZE[1] - inset - 12)
        draw.ellipse((x, y, x + 16, y + 9), fill=(96, 120, 48))
    draw.rectangle((0, SIZE[1] - 36, SIZE[0], SIZE[1]), fill=(0, 0, 0))
    draw.text((12, SIZE[1] - 28), caption, fill=(255, 255, 255))
    return image
