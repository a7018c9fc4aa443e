"""One server-side map renderer: polygons in class colours, points, a title, a legend, a scale bar and
attribution text, drawn into a PNG. Used by the incident map's "Download PNG"; the index, alerts and reports
are meant to reuse it as is.

Framework-free (Pillow only, no Django, no domain app): a caller builds a `MapFigure` from plain values and
calls `render_png(figure)`, which returns the PNG's bytes. Geometry is GeoJSON (WGS84 Polygon or MultiPolygon
dicts, as the prepared boundary layers hold them), projected in Web Mercator like the browser's maps, fitted
into the map frame with the aspect kept. Shapes are drawn in the order given (put outlines after fills), then
labels, then points (in order: put the worst last so it is on top), then the legend and the frame's texts.
Nothing is fetched: no tiles, no fonts (Pillow's own scalable font), so it runs offline and in tests.

    figure = MapFigure(title="Peta insiden: Jawa Barat", subtitle="Semua insiden",
                       areas=[MapArea(geometry, fill="#3182bd", label="Kota Bandung", label_at=(107.6, -6.9))],
                       points=[MapPoint(107.61, -6.91, "#e8503a")],
                       legend_title="Insiden per kab/kota", legend=[LegendItem("#3182bd", "4–10")],
                       attribution="Batas wilayah: Kepmendagri 2025", width=1200, height=900)
    png = render_png(figure)

Colours are "#rrggbb". Pixels inside a filled area keep its colour exactly (no blending), so a test or a
later check can read the class colours back.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

Lnglat = tuple[float, float]
BACKGROUND = "#e9f1f7"  # the sea, as on the pages' maps
PAPER = "#ffffff"
INK = "#10243a"
MUTED = "#55606b"
KM_PER_DEGREE = 111.32
TITLE_HEIGHT = 64
FOOTER_HEIGHT = 34
MARGIN = 12


@dataclass(frozen=True)
class MapArea:
    """A polygon: `fill` None draws the outline only; `label` is written at `label_at` (lng, lat) when given."""

    geometry: dict[str, Any]
    fill: str | None = None
    outline: str = "#5d6b7a"
    width: int = 1
    label: str = ""
    label_at: Lnglat | None = None


@dataclass(frozen=True)
class MapPoint:
    lng: float
    lat: float
    fill: str
    radius: int = 4
    outline: str = "#1b1b1b"


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: str
    shape: str = "box"  # "box" (an area's class) or "dot" (a point's kind)
    outline: str = "#7b8a99"


@dataclass(frozen=True)
class MapFigure:
    title: str
    areas: Sequence[MapArea] = ()
    points: Sequence[MapPoint] = ()
    subtitle: str = ""
    legend_title: str = ""
    legend: Sequence[LegendItem] = ()
    attribution: str = ""
    # [min_lng, min_lat, max_lng, max_lat] to frame; default: every area's extent (or Indonesia without areas).
    bbox: Sequence[float] | None = None
    width: int = 1200
    height: int = 900
    legend_sections: Sequence[tuple[str, Sequence[LegendItem]]] = field(default_factory=tuple)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[Sequence[float]]]]:
    """Each polygon of a Polygon or MultiPolygon as its rings (exterior first)."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield coordinates
    elif kind == "MultiPolygon":
        yield from coordinates
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            yield from _rings(part)


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class _Projection:
    """Web Mercator into the frame (left, top, width, height), bbox centred with its aspect kept."""

    def __init__(self, bbox: Sequence[float], frame: tuple[int, int, int, int]) -> None:
        min_lng, min_lat, max_lng, max_lat = bbox
        left, top, width, height = frame
        x0, x1 = math.radians(min_lng), math.radians(max_lng)
        y0, y1 = _mercator_y(min_lat), _mercator_y(max_lat)
        span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        self.scale = min(width / span_x, height / span_y)
        self.x_offset = left + (width - span_x * self.scale) / 2 - x0 * self.scale
        self.y_offset = top + (height - span_y * self.scale) / 2 + y1 * self.scale
        self.centre_lat = (min_lat + max_lat) / 2

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        return (math.radians(lng) * self.scale + self.x_offset, self.y_offset - _mercator_y(lat) * self.scale)

    def rings(self, geometry: dict[str, Any]) -> list[list[list[float]]]:
        """Each polygon's rings as flat [x0, y0, x1, y1, ...] pixel lists (vectorised: a national map has 200,000
        vertices)."""
        polygons = []
        for rings in _rings(geometry):
            flat = []
            for ring in rings:
                if len(ring) < 3:
                    continue
                points = np.asarray(ring, dtype=float)[:, :2]
                xs = np.radians(points[:, 0]) * self.scale + self.x_offset
                lats = np.radians(np.clip(points[:, 1], -85.0, 85.0))
                ys = self.y_offset - np.log(np.tan(np.pi / 4 + lats / 2)) * self.scale
                flat.append(np.column_stack((xs, ys)).ravel().tolist())
            if flat:
                polygons.append(flat)
        return polygons

    def km_per_pixel(self) -> float:
        """Ground distance of one pixel at the frame's middle latitude."""
        return KM_PER_DEGREE * math.degrees(1 / self.scale) * math.cos(math.radians(self.centre_lat))


def _extent(areas: Sequence[MapArea]) -> list[float]:
    lngs: list[float] = []
    lats: list[float] = []
    for area in areas:
        for rings in _rings(area.geometry):
            for ring in rings[:1]:
                lngs.extend(float(point[0]) for point in ring)
                lats.extend(float(point[1]) for point in ring)
    if not lngs:
        return [95.0, -11.0, 141.0, 6.0]  # Indonesia
    return [min(lngs), min(lats), max(lngs), max(lats)]


def _padded(bbox: Sequence[float], share: float = 0.03) -> list[float]:
    min_lng, min_lat, max_lng, max_lat = (float(value) for value in bbox)
    pad_lng, pad_lat = max((max_lng - min_lng) * share, 0.005), max((max_lat - min_lat) * share, 0.005)
    return [min_lng - pad_lng, min_lat - pad_lat, max_lng + pad_lng, max_lat + pad_lat]


def _fill_area(image: Image.Image, polygons: list[list[list[float]]], fill: str | None) -> None:
    """Fill each polygon (holes left open) through a mask cropped to its box, so enclosed neighbours survive."""
    if not fill:
        return
    for rings in polygons:
        xs, ys = rings[0][0::2], rings[0][1::2]
        left, top = max(int(min(xs)), 0), max(int(min(ys)), 0)
        right, bottom = min(int(max(xs)) + 2, image.width), min(int(max(ys)) + 2, image.height)
        if right <= left or bottom <= top:
            continue
        mask = Image.new("L", (right - left, bottom - top), 0)
        pen = ImageDraw.Draw(mask)
        for index, ring in enumerate(rings):
            shifted = [value - (left if i % 2 == 0 else top) for i, value in enumerate(ring)]
            pen.polygon(shifted, fill=255 if index == 0 else 0)
        image.paste(fill, (left, top, right, bottom), mask)


def _outline_area(draw: ImageDraw.ImageDraw, polygons: list[list[list[float]]], area: MapArea) -> None:
    if area.width <= 0:
        return
    for rings in polygons:
        for ring in rings:
            draw.line(ring, fill=area.outline, width=area.width, joint="curve")


def _nice_length(limit_km: float) -> float:
    """The longest 1, 2 or 5 x 10^k km not above limit_km."""
    if limit_km <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(limit_km))
    for step in (5, 2, 1):
        if step * power <= limit_km:
            return float(step * power)
    return float(power)


def _km_text(km: float) -> str:
    return f"{km:g} km" if km >= 1 else f"{km * 1000:g} m"


def _scale_bar(draw: ImageDraw.ImageDraw, project: _Projection, left: int, baseline: int) -> None:
    km = _nice_length(project.km_per_pixel() * 160)
    if not km:
        return
    pixels = int(round(km / project.km_per_pixel()))
    draw.rectangle((left, baseline - 6, left + pixels, baseline), fill=INK)
    draw.rectangle((left + pixels // 2, baseline - 6, left + pixels, baseline - 1), fill=PAPER)
    draw.rectangle((left, baseline - 6, left + pixels, baseline), outline=INK)
    draw.text((left + pixels + 8, baseline + 1), _km_text(km), font=_font(13), fill=INK, anchor="ls")


def _legend(draw: ImageDraw.ImageDraw, figure: MapFigure, right: int, bottom: int) -> None:
    sections = [(figure.legend_title, list(figure.legend))] if figure.legend or figure.legend_title else []
    sections += [(title, list(items)) for title, items in figure.legend_sections]
    if not sections:
        return
    title_font, item_font = _font(15), _font(13)
    line, swatch = 20, 16
    lines: list[tuple[str, LegendItem | None]] = []
    for title, items in sections:
        if title:
            lines.append((title, None))
        lines.extend((item.label, item) for item in items)
    width = max(draw.textlength(text, font=title_font if item is None else item_font) + (0 if item is None else
                swatch + 8) for text, item in lines) + 20  # fmt: skip
    height = len(lines) * line + 14
    left, top = int(right - width), int(bottom - height)
    draw.rounded_rectangle((left, top, right, bottom), radius=5, fill=PAPER, outline="#c9d4de")
    y = top + 8
    for text, item in lines:
        if item is None:
            draw.text((left + 10, y + 14), text, font=title_font, fill=INK, anchor="ls")
        elif item.shape == "dot":
            draw.ellipse((left + 12, y + 3, left + 12 + 11, y + 14), fill=item.colour, outline="#1b1b1b")
            draw.text((left + 10 + swatch + 8, y + 13), text, font=item_font, fill=INK, anchor="ls")
        else:
            draw.rectangle((left + 10, y + 3, left + 10 + swatch, y + 14), fill=item.colour, outline=item.outline)
            draw.text((left + 10 + swatch + 8, y + 13), text, font=item_font, fill=INK, anchor="ls")
        y += line


def render_png(figure: MapFigure) -> bytes:
    """The figure as PNG bytes, figure.width x figure.height pixels."""
    width, height = figure.width, figure.height
    if width < 200 or height < 200:
        raise ValueError(f"a map needs at least 200 x 200 pixels, got {width} x {height}")
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    frame = (MARGIN, TITLE_HEIGHT, width - 2 * MARGIN, height - TITLE_HEIGHT - FOOTER_HEIGHT)
    map_box = (frame[0], frame[1], frame[0] + frame[2], frame[1] + frame[3])
    draw.rectangle(map_box, fill=BACKGROUND)
    project = _Projection(_padded(figure.bbox or _extent(figure.areas)), frame)
    canvas = Image.new("RGB", (width, height), BACKGROUND)
    pen = ImageDraw.Draw(canvas)
    for area in figure.areas:
        polygons = project.rings(area.geometry)
        _fill_area(canvas, polygons, area.fill)
        _outline_area(pen, polygons, area)
    label_font = _font(12)
    for area in figure.areas:
        if area.label and area.label_at:
            x, y = project(*area.label_at)
            pen.text((x, y), area.label, font=label_font, fill=INK, anchor="mm", stroke_width=2, stroke_fill=PAPER)
    for point in figure.points:
        x, y = project(point.lng, point.lat)
        r = point.radius
        pen.ellipse((x - r, y - r, x + r, y + r), fill=point.fill, outline=point.outline)
    # Only the frame of the map shows the drawing: shapes beyond the bbox stop at its edge.
    image.paste(canvas.crop(map_box), map_box[:2])
    draw.rectangle(map_box, outline="#c9d4de")
    draw.text((MARGIN, 30), figure.title, font=_font(24), fill=INK, anchor="ls")
    if figure.subtitle:
        draw.text((MARGIN, 52), figure.subtitle, font=_font(14), fill=MUTED, anchor="ls")
    _legend(draw, figure, map_box[2] - 10, map_box[3] - 10)
    _scale_bar(draw, project, MARGIN, height - 12)
    if figure.attribution:
        draw.text((width - MARGIN, height - 12), figure.attribution, font=_font(12), fill=MUTED, anchor="rs")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
