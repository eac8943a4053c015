"""Link-preview image of a comparison: both columns' passage maps and their connectors."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from app.services.compare_view import CompareView

WIDTH, HEIGHT = 1200, 630
COLOURS = {"verbatim": (31, 95, 168), "near": (196, 120, 20), "quote": (122, 62, 160)}
INK, MUTED, PAPER, TRACK = (29, 29, 31), (95, 99, 104), (251, 250, 247), (227, 224, 216)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, size: int) -> str:
    font = _font(size)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def render_png(view: CompareView) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.text((60, 40), _fit(draw, view.title, WIDTH - 120, 44), fill=INK, font=_font(44))
    draw.text((60, 100), "Parallax · shared passages", fill=MUTED, font=_font(24))
    top, bottom = 170, HEIGHT - 50
    a_x, b_x, bar = 330, 830, 40
    for x, col in ((a_x, view.a), (b_x, view.b)):
        draw.rectangle((x, top, x + bar, bottom), fill=TRACK)
        label = f"{col.article.outlet.name} · {round(100 * col.share)}%"
        anchor_x = x - 20 if col.side == "a" else x + bar + 20
        draw.text(
            (anchor_x, top),
            _fit(draw, label, 250, 26),
            fill=INK,
            font=_font(26),
            anchor="ra" if col.side == "a" else "la",
        )

    def y(value: int) -> float:
        return top + (bottom - top) * value / 1000

    for band in view.bands:
        r, g, b = COLOURS.get(band.kind, COLOURS["verbatim"])
        draw.polygon(
            [
                (a_x + bar, y(band.a_top)),
                (b_x, y(band.b_top)),
                (b_x, y(band.b_bottom)),
                (a_x + bar, y(band.a_bottom)),
            ],
            fill=(r, g, b, 70),
        )
        draw.rectangle((a_x, y(band.a_top), a_x + bar, y(band.a_bottom)), fill=(r, g, b))
        draw.rectangle((b_x, y(band.b_top), b_x + bar, y(band.b_bottom)), fill=(r, g, b))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
