"""Charts are inline SVG that the Content-Security-Policy lets through: no script, no style, no outside URL."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from waspada.incidents.maps import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: object) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own chart output


LABELS = ["Kekerasan & bentrokan <b>", "Politik uang"]


def _stacked() -> str:
    return str(charts.stacked_chart("Kejadian per bulan", ["2024-01", "2024-02", "2024-03"],
                                    [(LABELS[0], [1, 0, 4]), (LABELS[1], [0, 0, 2])]))  # fmt: skip


def _bar() -> str:
    return str(charts.bar_chart("Per jenis", [(LABELS[0], 5), (LABELS[1], 2)]))


@pytest.mark.parametrize("render", [_stacked, _bar])
def test_chart_is_safe_inline_svg(render: object, db: None) -> None:
    svg = render()  # type: ignore[operator]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="pygal-chart chart"')
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "<!--" not in svg and " id=" not in svg  # no comments (pygal's carry URLs), no colliding ids
    assert re.findall(r"https?://[^\s\"'<]+", svg) == ["http://www.w3.org/2000/svg"]  # the namespace, nothing else
    assert "<b>" not in svg and "&lt;b&gt;" in svg  # labels escaped
    _parse(svg)  # well-formed


def test_each_bar_has_a_title_and_zero_bars_are_gone(db: None) -> None:
    root = _parse(_stacked())
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert titles[0] == "Kejadian per bulan"
    assert sorted(titles[1:]) == sorted([f"{LABELS[0]} · 2024-01: 1", f"{LABELS[0]} · 2024-03: 4",
                                         f"{LABELS[1]} · 2024-03: 2"])  # fmt: skip
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(bars) == 3 and all(float(rect.get("height", "0")) > 0 for rect in bars)
    assert root.get("role") == "img" and root.get("aria-label") == "Kejadian per bulan"


def test_bar_chart_titles_and_order(db: None) -> None:
    long = "Netralitas ASN, kepala desa, TNI/Polri dan penyalahgunaan fasilitas negara"
    root = _parse(charts.bar_chart("Per jenis", [(long, 5), ("B", 2)]))
    bars = sorted((float(rect.get("y", "0")), rect.find(f"{SVG}title").text) for rect in root.iter(f"{SVG}rect")
                  if rect.find(f"{SVG}title") is not None)  # fmt: skip
    # The first category on top, as in the table; the bar's title keeps the whole label, the axis a short one.
    assert [title for _, title in bars] == [f"{long}: 5", "B: 2"]
    axis = [t.text for t in root.iter(f"{SVG}text")]
    assert "Netralitas ASN, kepala desa…" in axis and "B" in axis


def test_coordinates_are_short(db: None) -> None:
    assert not re.search(r"\d\.\d{2,}", _stacked())


def test_clean_svg_strips_pygal_scaffolding() -> None:
    raw = ('<svg xmlns="http://www.w3.org/2000/svg" id="chart-1" class="pygal-chart"><!--http://pygal.org-->'
           '<defs><style>.x{}</style><script src="https://cdn.example/pygal-tooltips.js"></script></defs>'
           '<title>Pygal</title><g class="graph"><g class="plot tooltip-overlay"><g style="opacity: 0"/></g>'
           '<g id="activate-serie-0" class="legend"/></g></svg>')  # fmt: skip
    clean = charts.clean_svg(raw, "Judul", ["a"])
    assert clean == (
        '<svg xmlns="http://www.w3.org/2000/svg" class="pygal-chart chart" role="img" aria-label="Judul">'
        '<title>Judul</title><g class="graph"><g class="legend" /></g></svg>'
    )


def test_fold_series_keeps_the_biggest() -> None:
    series = [(f"s{n}", [n, 1]) for n in range(10)]
    folded = charts.fold_series(series, "lainnya", keep=3)
    assert folded == [("s7", [7, 1]), ("s8", [8, 1]), ("s9", [9, 1]), ("lainnya", [sum(range(7)), 7])]
    assert charts.fold_series(series[:4], "lainnya", keep=3) == series[:4]  # four fit: nothing folded


def test_chart_keeps_plain_svg_tags_when_another_library_registered_an_svg_prefix(db: None) -> None:
    """qrcode (2FA set-up) registers the "svg" prefix process-wide; the charts must not come out as <svg:svg>."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("svg", charts.SVG_NS)
    svg = str(charts.bar_chart("Per jenis setelah QR", [(LABELS[1], 3)]))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="pygal-chart chart"')
    assert "<svg:" not in svg
