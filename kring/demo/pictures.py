"""Pictures for the demo's posts and group covers, drawn with Pillow from a seeded generator.

No photo is downloaded or shipped: landscapes with solar roofs and windmills, yield charts,
vegetable gardens and panels on a roof are drawn from simple shapes, small (800 x 500), and
handed to the uploads app as a member's browser would upload them.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]

WIDTH, HEIGHT = 800, 500
COVER_WIDTH, COVER_HEIGHT = 1200, 300
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# (top of the sky, horizon, sun) for the times of day a member takes a picture at.
SKIES: dict[str, tuple[Colour, Colour, Colour]] = {
    "dag": ((74, 144, 226), (198, 226, 247), (255, 236, 140)),
    "zonsondergang": ((72, 52, 120), (250, 160, 90), (255, 210, 120)),
    "ochtend": ((120, 170, 220), (250, 205, 190), (255, 240, 200)),
    "winter": ((150, 170, 190), (225, 230, 236), (250, 250, 235)),
}
GREENS: list[Colour] = [(96, 150, 72), (70, 125, 60), (48, 100, 52), (34, 80, 44)]
SNOW: list[Colour] = [(236, 240, 245), (220, 228, 236), (205, 215, 228), (190, 202, 218)]


@dataclass(frozen=True)
class Picture:
    """A drawn picture as a member would upload it: a file name that says what it shows."""

    name: str
    data: bytes
    content_type: str = "image/jpeg"


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def _sky(draw: ImageDraw.ImageDraw, width: int, height: int, top: Colour, bottom: Colour) -> None:
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / max(1, height - 1)))


def _hills(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    width: int,
    height: int,
    colours: list[Colour],
) -> list[float]:
    """Rolling hills in layers, far to near; the heights of the nearest layer by x."""
    layers = len(colours)
    nearest: list[float] = []
    for layer, colour in enumerate(colours):
        base = height * (0.55 + 0.1 * layer)
        amplitude = height * rng.uniform(0.02, 0.06)
        frequency = rng.uniform(1.0, 3.0) * math.pi / width
        phase = rng.uniform(0, math.tau)
        tops = [base + amplitude * math.sin(frequency * x + phase) for x in range(0, width + 1, 8)]
        points = [(x * 8, top) for x, top in enumerate(tops)]
        draw.polygon([*points, (width, height), (0, height)], fill=colour)
        if layer == layers - 1:
            nearest = tops
    return nearest


def _windmill(draw: ImageDraw.ImageDraw, x: float, ground: float, size: float, turn: float) -> None:
    hub = (x, ground - size)
    draw.line([(x, ground), hub], fill=(245, 245, 245), width=max(2, round(size / 30)))
    for blade in range(3):
        angle = turn + blade * math.tau / 3
        tip = (hub[0] + math.cos(angle) * size * 0.45, hub[1] + math.sin(angle) * size * 0.45)
        draw.line([hub, tip], fill=(250, 250, 250), width=max(2, round(size / 40)))
    r = size / 25
    draw.ellipse([hub[0] - r, hub[1] - r, hub[0] + r, hub[1] + r], fill=(230, 230, 230))


def _house_with_panels(
    draw: ImageDraw.ImageDraw, rng: random.Random, x: float, ground: float, size: float
) -> None:
    """A Dutch house seen from its long side: brick walls, a roof with rows of panels."""
    wall = rng.choice([(150, 70, 50), (170, 95, 60), (120, 60, 45), (200, 190, 170)])
    roof = rng.choice([(70, 60, 60), (150, 60, 40), (60, 60, 70)])
    w, h = size, size * 0.55
    eaves, ridge = ground - h, ground - h - size * 0.4
    draw.rectangle([x, eaves, x + w, ground], fill=wall)
    # The roof faces us: a trapezoid, narrower at the ridge.
    draw.polygon(
        [
            (x - w * 0.06, eaves),
            (x + w * 1.06, eaves),
            (x + w * 0.88, ridge),
            (x + w * 0.12, ridge),
        ],
        fill=roof,
    )
    rows, columns = 2, rng.randint(3, 5)
    band_top, band_bottom = ridge + (eaves - ridge) * 0.12, eaves - (eaves - ridge) * 0.1
    row_height = (band_bottom - band_top) / rows
    left, right = x + w * 0.16, x + w * 0.84
    column_width = (right - left) / columns
    for row in range(rows):
        y0 = band_top + row * row_height + 1
        for column in range(columns):
            x0 = left + column * column_width + 1
            draw.rectangle(
                [x0, y0, x0 + column_width - 2, y0 + row_height - 2],
                fill=(28, 42, 80),
                outline=(150, 170, 200),
            )
    for window in range(2):
        wx = x + w * (0.12 + window * 0.6)
        draw.rectangle([wx, eaves + h * 0.25, wx + w * 0.2, eaves + h * 0.6], fill=(225, 235, 240))
    draw.rectangle([x + w * 0.42, eaves + h * 0.4, x + w * 0.56, ground], fill=(60, 50, 45))


def _tree(draw: ImageDraw.ImageDraw, x: float, ground: float, size: float, green: Colour) -> None:
    draw.rectangle(
        [x - size * 0.06, ground - size * 0.5, x + size * 0.06, ground], fill=(90, 60, 40)
    )
    draw.ellipse(
        [x - size * 0.35, ground - size * 1.1, x + size * 0.35, ground - size * 0.4], fill=green
    )


def landscape(
    rng: random.Random,
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    light: str | None = None,
    windmills: bool = False,
) -> Image.Image:
    """A polder, dunes or a village: sky, sun, hills, a house with panels, windmills; in the
    `light` of a time of day (SKIES) or a random one."""
    drawn = rng.choice(list(SKIES))
    moment = light if light in SKIES else drawn
    top, horizon, sun = SKIES[moment]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    _sky(draw, width, height, top, horizon)
    sun_x = rng.uniform(0.15, 0.85) * width
    sun_y = height * (0.5 if moment == "zonsondergang" else rng.uniform(0.12, 0.3))
    radius = height * rng.uniform(0.05, 0.09)
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=sun)
    colours = SNOW if moment == "winter" else GREENS
    ground = _hills(draw, rng, width, height, colours[: rng.randint(2, 4)])
    for _windmill_number in range(rng.randint(1 if windmills else 0, 3)):
        x = rng.uniform(0.05, 0.95) * width
        _windmill(draw, x, height * 0.6, height * rng.uniform(0.2, 0.35), rng.uniform(0, math.tau))
    if rng.random() < 0.7:
        x = rng.uniform(0.1, 0.6) * width
        ground_y = ground[min(len(ground) - 1, int(x / 8))] + height * 0.04
        _house_with_panels(
            draw, rng, x, ground_y, min(width, height * 1.6) * rng.uniform(0.18, 0.26)
        )
    for _tree_number in range(rng.randint(1, 5)):
        x = rng.uniform(0, width)
        ground_y = ground[min(len(ground) - 1, int(x / 8))] + height * 0.05
        _tree(draw, x, ground_y, height * rng.uniform(0.12, 0.2), rng.choice(GREENS[1:]))
    return image


def yield_chart(rng: random.Random, *, width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """A bar chart of a year's solar yield per month (kWh), as members screenshot from the app."""
    image = Image.new("RGB", (width, height), (252, 252, 250))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    left, right, top, bottom = 60, width - 30, 40, height - 50
    peak = rng.uniform(380, 620)
    values = [
        max(20.0, peak * (0.12 + 0.88 * math.sin(math.pi * (month + 0.5) / 12) ** 2))
        * rng.uniform(0.85, 1.1)
        for month in range(12)
    ]
    scale = (bottom - top) / (max(values) * 1.1)
    for step in range(0, int(max(values) * 1.1), 100):
        y = bottom - step * scale
        draw.line([(left, y), (right, y)], fill=(225, 225, 225))
        draw.text((10, y - 6), str(step), fill=(90, 90, 90), font=font)
    slot = (right - left) / 12
    for month, value in enumerate(values):
        x0 = left + month * slot + slot * 0.15
        x1 = x0 + slot * 0.7
        colour = _mix((255, 196, 60), (214, 96, 20), value / max(values))
        draw.rectangle([x0, bottom - value * scale, x1, bottom], fill=colour)
        draw.text((x0 + 4, bottom + 10), MONTHS[month], fill=(60, 60, 60), font=font)
    draw.line([(left, top), (left, bottom), (right, bottom)], fill=(80, 80, 80), width=2)
    draw.text((left, 12), "kWh per maand", fill=(40, 40, 40), font=font)
    return image


def vegetable_garden(
    rng: random.Random, *, width: int = WIDTH, height: int = HEIGHT
) -> Image.Image:
    """Rows of vegetables in dark soil, seen from above, with a wooden edge."""
    image = Image.new("RGB", (width, height), (92, 64, 44))
    draw = ImageDraw.Draw(image)
    rows = rng.randint(4, 7)
    row_height = height / rows
    for row in range(rows):
        y = row * row_height
        draw.rectangle([0, y + row_height * 0.7, width, y + row_height], fill=(70, 48, 34))
        green = rng.choice(GREENS)
        fruit = rng.choice([None, (220, 50, 40), (240, 140, 30), (250, 220, 60)])
        x = rng.uniform(10, 40)
        while x < width:
            size = rng.uniform(row_height * 0.2, row_height * 0.35)
            cy = y + row_height * 0.35
            draw.ellipse([x - size, cy - size, x + size, cy + size], fill=green)
            if fruit is not None and rng.random() < 0.5:
                r = size * 0.3
                fx, fy = x + rng.uniform(-size / 2, size / 2), cy + rng.uniform(-size / 2, size / 2)
                draw.ellipse([fx - r, fy - r, fx + r, fy + r], fill=fruit)
            x += size * rng.uniform(2.0, 2.8)
    draw.rectangle([0, 0, width - 1, height - 1], outline=(150, 110, 70), width=12)
    return image


def panels_on_a_roof(
    rng: random.Random, *, width: int = WIDTH, height: int = HEIGHT
) -> Image.Image:
    """Close by: roof tiles, and rows of panels reflecting the sky."""
    tile = rng.choice([(160, 70, 50), (90, 85, 90), (140, 90, 60)])
    image = Image.new("RGB", (width, height), tile)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 18):
        draw.line([(0, y), (width, y)], fill=_mix(tile, (0, 0, 0), 0.25), width=2)
        offset = 0 if (y // 18) % 2 else 20
        for x in range(offset, width, 40):
            draw.line([(x, y), (x, y + 18)], fill=_mix(tile, (0, 0, 0), 0.2))
    columns, rows = rng.randint(3, 5), rng.randint(2, 3)
    margin = 40
    panel_w = (width - 2 * margin) / columns
    panel_h = (height - 2 * margin) / rows
    for row in range(rows):
        for column in range(columns):
            x0 = margin + column * panel_w + 4
            y0 = margin + row * panel_h + 4
            x1, y1 = x0 + panel_w - 8, y0 + panel_h - 8
            for y in range(int(y0), int(y1)):
                draw.line(
                    [(x0, y), (x1, y)], fill=_mix((50, 70, 120), (20, 28, 60), (y - y0) / (y1 - y0))
                )
            for cell in range(1, 6):
                cx = x0 + (x1 - x0) * cell / 6
                draw.line([(cx, y0), (cx, y1)], fill=(110, 130, 170))
            for cell in range(1, 10):
                cy = y0 + (y1 - y0) * cell / 10
                draw.line([(x0, cy), (x1, cy)], fill=(90, 110, 150))
            draw.rectangle([x0, y0, x1, y1], outline=(200, 205, 210), width=3)
    return image


KINDS: dict[str, Callable[..., Image.Image]] = {
    "landschap": landscape,
    "opbrengst": yield_chart,
    "moestuin": vegetable_garden,
    "dak": panels_on_a_roof,
}

# Words in a caption that say what its picture shows, first match wins ("panelen vanaf de
# straat" is a house in a landscape, "panelen" alone a roof close by) …
KIND_WORDS = (
    ("opbrengst", "opbrengst"), ("grafiek", "opbrengst"), ("teruglevering", "opbrengst"),
    ("moestuin", "moestuin"), ("oogst", "moestuin"), ("ziet het er nu uit", "moestuin"),
    ("straat", "landschap"), ("dak", "dak"), ("panelen", "dak"),
)  # fmt: skip
# … and in what light.
LIGHT_WORDS = (
    ("zonsondergang", "zonsondergang"), ("vanavond", "zonsondergang"),
    ("winter", "winter"), ("ochtend", "ochtend"),
)  # fmt: skip


def picture_for(rng: random.Random, caption: str) -> Picture:
    """A drawn picture of what `caption` describes, named after it (the name is the photo's
    alt text on the page)."""
    text = caption.lower()
    kind = next((kind for word, kind in KIND_WORDS if word in text), "landschap")
    if kind == "landschap":
        light = next((light for word, light in LIGHT_WORDS if word in text), None)
        image = landscape(rng, light=light, windmills="windmolen" in text)
    else:
        image = KINDS[kind](rng)
    name = slugify(caption)[:60].strip("-") or kind
    return Picture(name=f"{name}.jpg", data=_jpeg(image))


def cover(rng: random.Random) -> Picture:
    """A wide landscape for a group's cover (4:1, as the group page shows it)."""
    image = landscape(rng, width=COVER_WIDTH, height=COVER_HEIGHT)
    return Picture(name="omslag.jpg", data=_jpeg(image))
