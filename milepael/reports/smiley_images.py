"""Smiley faces as small PNG pictures (for Word), drawn like core/_smiley.html."""

import functools
import io

from PIL import Image, ImageDraw

from milepael.core import smileys

INK = (26, 26, 26, 255)
SIZE = 96  # pixels; shown at about 4 mm


@functools.cache
def smiley_png(shape: str) -> bytes:
    """`shape` is smile, neutral, frown, none or unrated (milepael.core.smileys.FACES)."""

    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    s = SIZE / 24  # the SVG's 24-unit viewBox
    box = (1.5 * s, 1.5 * s, 22.5 * s, 22.5 * s)
    if shape == "unrated":
        draw.ellipse(box, outline=INK, width=round(1.5 * s))
    elif shape == "none":
        draw.ellipse(box, outline=INK, width=round(1.5 * s))
        draw.line((7 * s, 12 * s, 17 * s, 12 * s), fill=INK, width=round(2 * s))
    else:
        value = {"smile": smileys.GREEN, "neutral": smileys.YELLOW, "frown": smileys.RED}[shape]
        draw.ellipse(box, fill=smileys.COLOURS[value], outline=INK, width=round(1.5 * s))
        for cx in (8.5, 15.5):
            draw.ellipse(((cx - 1.4) * s, 8.1 * s, (cx + 1.4) * s, 10.9 * s), fill=INK)
        width = round(1.8 * s)
        if shape == "smile":
            draw.arc((7.5 * s, 9.5 * s, 16.5 * s, 17.5 * s), start=20, end=160, fill=INK, width=width)
        elif shape == "neutral":
            draw.line((8 * s, 15.5 * s, 16 * s, 15.5 * s), fill=INK, width=width)
        else:
            draw.arc((7.5 * s, 14.5 * s, 16.5 * s, 22.5 * s), start=200, end=340, fill=INK, width=width)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
