"""The one server-side map renderer: a valid PNG of the asked size whose areas carry their class colours."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from waspada.core.maprender import LegendItem, MapArea, MapFigure, MapPoint, render_png


def _square(lng: float, lat: float, size: float) -> dict[str, object]:
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


LIGHT, DARK, DOT = "#deebf7", "#08519c", "#e8503a"


def _hex(rgb: tuple[int, ...]) -> str:
    return "#" + "".join(f"{value:02x}" for value in rgb[:3])


def _figure(**changes: object) -> MapFigure:
    values: dict[str, object] = {
        "title": "Peta insiden: Kota Bandung", "subtitle": "Semua insiden",
        "areas": [MapArea(_square(107.0, -7.0, 0.2), fill=LIGHT, label="Sukasari", label_at=(107.1, -6.9)),
                  MapArea(_square(107.2, -7.0, 0.2), fill=DARK)],
        "points": [MapPoint(107.05, -6.95, DOT, radius=5)],
        "legend_title": "Insiden per kecamatan", "legend": [LegendItem(LIGHT, "1"), LegendItem(DARK, "2–5")],
        "attribution": "Batas wilayah: Kepmendagri 2025", "width": 800, "height": 600,
    }  # fmt: skip
    values.update(changes)
    return MapFigure(**values)  # type: ignore[arg-type]


def _pixels(png: bytes) -> Image.Image:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def test_a_png_of_the_asked_size_with_the_class_colours() -> None:
    image = _pixels(render_png(_figure()))
    assert image.size == (800, 600)
    colours = {_hex(colour) for _count, colour in image.getcolors(maxcolors=1 << 20)}
    assert {LIGHT, DARK, DOT} <= colours


def test_areas_land_where_their_coordinates_are() -> None:
    figure = _figure(points=[], areas=[MapArea(_square(107.0, -7.0, 0.2), fill=LIGHT),
                                       MapArea(_square(107.2, -7.0, 0.2), fill=DARK)])  # fmt: skip
    image = _pixels(render_png(figure))
    middle_y = (64 + 600 - 34) // 2
    # West square left of the middle, east square right of it (the frame is centred on both).
    assert _hex(image.getpixel((300, middle_y))) == LIGHT
    assert _hex(image.getpixel((500, middle_y))) == DARK


def test_a_hole_stays_open_for_what_lies_inside() -> None:
    outer = [[107.0, -7.0], [107.4, -7.0], [107.4, -6.6], [107.0, -6.6], [107.0, -7.0]]
    hole = [[107.1, -6.9], [107.3, -6.9], [107.3, -6.7], [107.1, -6.7], [107.1, -6.9]]
    ringed = MapArea({"type": "Polygon", "coordinates": [outer, hole]}, fill=DARK, width=0)
    figure = _figure(points=[], legend=[], legend_title="", areas=[ringed])
    image = _pixels(render_png(figure))
    centre = (400, (64 + 600 - 34) // 2)
    assert _hex(image.getpixel(centre)) != DARK  # the hole shows the sea
    assert _hex(image.getpixel((centre[0], 64 + 20))) == DARK


def test_multipolygons_and_an_empty_figure() -> None:
    multi = {"type": "MultiPolygon", "coordinates": [_square(107.0, -7.0, 0.1)["coordinates"],
                                                     _square(107.3, -7.0, 0.1)["coordinates"]]}  # fmt: skip
    image = _pixels(render_png(_figure(areas=[MapArea(multi, fill=DARK)], points=[])))
    assert DARK in {_hex(colour) for _count, colour in image.getcolors(maxcolors=1 << 20)}
    empty = _pixels(render_png(MapFigure(title="Kosong", width=300, height=200)))
    assert empty.size == (300, 200)


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="200 x 200"):
        render_png(_figure(width=100))
