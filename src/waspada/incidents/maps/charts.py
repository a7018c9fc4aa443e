"""Server-rendered SVG charts (pygal), made safe and light for inline use under our Content-Security-Policy.

pygal's SVG carries an inline <style>, an inline <script> with its config (and, by default, <script src> tags
loading its tooltip code from a CDN), comments with URLs, element ids that collide when several charts share a
page, an invisible tooltip box with a style attribute, and four <desc> per bar with coordinates to 14 digits.
The CSP (no inline script or style) would block the first two anyway, so they are removed here; the colours and
fonts come from static/incidents/maps.css instead. Titles and legends are HTML around the chart (they wrap on a
phone and keep their size; pygal's are drawn at the chart's scale). Each bar keeps one <title> ("series · period:
value"), which browsers show on hover without any script. Pages always put a table of the same numbers beside.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from pygal.style import Style

from waspada.incidents.maps.memo import Lru

SVG_NS = "http://www.w3.org/2000/svg"
_TAG = f"{{{SVG_NS}}}"
# The maps.css palette has this many series colours (.color-0 ... .color-7); more series are folded into "other".
SERIES_COLOURS = 8
CACHE_SECONDS = 600
LABEL_CHARS = 28
_GEOMETRY = ("x", "y", "width", "height", "d", "transform", "rx", "ry")
_FLOAT = re.compile(r"-?\d+\.\d{2,}")

_svgs = Lru(256, CACHE_SECONDS)
# Font sizes pygal uses to lay out margins: maps.css sets the same ones.
STYLE = Style(font_family="system-ui, sans-serif", label_font_size=11, major_label_font_size=11,
              legend_font_size=12, title_font_size=14, value_font_size=11, tooltip_font_size=11)  # fmt: skip


def _config(**options: Any) -> dict[str, Any]:
    return {"js": [], "css": [], "disable_xml_declaration": True, "no_prefix": True, "style": STYLE,
            "show_y_guides": True, "margin": 8, "spacing": 6, "legend_box_size": 11, "truncate_legend": 36,
            "truncate_label": 40, "print_values": False, "no_data_text": "—", **options}  # fmt: skip


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def ticks(top: int, most: int = 6) -> list[int]:
    """Whole-number axis labels from 0 past `top`, at most `most` of them: counts have no 0.2 incidents."""
    step = 1
    while top / step > most - 1:
        step = next(s * 10**e for e in range(10) for s in (1, 2, 5) if s * 10**e > step)
    return list(range(0, top + step, step)) if top else [0, 1]


def _short(value: str) -> str:
    return _FLOAT.sub(lambda match: f"{float(match.group()):.1f}".rstrip("0").rstrip("."), value)


def clean_svg(svg: str, title: str, series: Sequence[str]) -> str:
    """pygal's SVG without scripts, styles, comments, ids or tooltips' scaffolding; one <title> per bar."""
    root = ET.fromstring(svg)  # noqa: S314 - pygal's output for our own numbers, not data from outside
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        css = element.get("class", "")
        if element.tag in (f"{_TAG}defs", f"{_TAG}script", f"{_TAG}style") or "overlay" in css:
            parents[element].remove(element)
            continue
        element.attrib.pop("id", None)
        element.attrib.pop("style", None)
        for name in _GEOMETRY:
            if name in element.attrib:
                element.set(name, _short(element.attrib[name]))
        if element.tag == f"{_TAG}g" and css.startswith("series serie-"):
            index = int(css.split()[1].removeprefix("serie-"))
            _titles(element, series[index] if index < len(series) and len(series) > 1 else "")
    for guide_title in root.findall(f".//{_TAG}g[@class='guides']/{_TAG}title"):
        parents[guide_title].remove(guide_title)  # the axis text already says it
    heading = root.find(f"{_TAG}title")
    if heading is not None:
        heading.text = title
    root.set("class", "pygal-chart chart")
    root.set("role", "img")
    root.set("aria-label", title)
    # Plain tags and an explicit xmlns rather than ElementTree's process-wide prefix map: other code (qrcode's
    # SVG images for 2FA) registers the "svg" prefix, which would turn every tag into <svg:svg>.
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_TAG):
            element.tag = element.tag.removeprefix(_TAG)
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.attrib.update({"xmlns": SVG_NS, **attributes})
    return ET.tostring(root, encoding="unicode")


def _titles(series: ET.Element, name: str) -> None:
    """Each bar becomes one bare <rect> with a <title>; zero bars (pygal stacks draw them) go away."""
    for bars in series.findall(f"{_TAG}g[@class='bars']"):
        for item in list(bars):
            descs = {d.get("class", ""): d.text or "" for d in item.findall(f"{_TAG}desc")}
            shape = item.find(f"{_TAG}rect")
            bars.remove(item)
            if shape is None or descs.get("value", "0") in ("0", ""):
                continue
            geometry = {key: _short(shape.attrib[key]) for key in ("x", "y", "width", "height")}
            rect = ET.SubElement(bars, f"{_TAG}rect", geometry)
            text = " · ".join(part for part in (name, descs.get("label") or descs.get("x_label", "")) if part)
            ET.SubElement(rect, f"{_TAG}title").text = f"{text}: {descs['value']}" if text else descs["value"]


def _cached(kind: str, payload: dict[str, Any], render: Any) -> SafeString:
    """Same data, same language, same SVG: render once every few minutes, not on every page view (a bounded
    memory: at most 256 charts of at most about 40 kB)."""
    raw = json.dumps([kind, get_language(), payload], sort_keys=True, default=str)
    key = hashlib.sha256(raw.encode()).hexdigest()
    svg = _svgs.get(key)
    if svg is None:
        svg = render()
        _svgs.put(key, svg)
    return mark_safe(svg)  # noqa: S308 - built by ElementTree from our own numbers and escaped labels


def bar_chart(title: str, items: Sequence[tuple[str, int]], *, horizontal: bool = True) -> SafeString:
    """One bar per category (label, count), in the order given from the top (pygal draws the first at the bottom).
    Long labels are shortened on the axis; each bar's title and the table beside the chart keep them whole."""
    ordered = list(reversed(items)) if horizontal else list(items)
    labels, values = [_clip(label, LABEL_CHARS) for label, _ in ordered], [value for _, value in ordered]
    points = [{"value": value, "label": label} for label, value in ordered]  # the whole label, for the bar's title

    def render() -> str:
        kind = pygal.HorizontalBar if horizontal else pygal.Bar
        height = max(120, 40 + 24 * len(items)) if horizontal else 220
        chart = kind(**_config(width=440, height=height, show_legend=False, title=None, show_x_guides=horizontal,
                               show_y_guides=not horizontal))  # fmt: skip
        chart.x_labels = labels
        chart.y_labels = ticks(max(values, default=0))
        chart.add(title, points)
        return clean_svg(chart.render(is_unicode=True), title, [title])

    return _cached("bar", {"title": title, "items": list(items), "horizontal": horizontal}, render)


def fold_series(series: Sequence[tuple[str, list[int]]], other: str,
                keep: int = SERIES_COLOURS - 1) -> list[tuple[str, list[int]]]:  # fmt: skip
    """The `keep` biggest series, the rest summed into one named `other` (a stack of 13 colours reads as noise)."""
    ranked = sorted(series, key=lambda item: -sum(item[1]))
    if len(ranked) <= keep + 1:
        return list(series)
    kept = [name for name, _ in ranked[:keep]]
    rest = [values for name, values in series if name not in kept]
    folded = [list(map(sum, zip(*rest, strict=True)))]
    return [(name, values) for name, values in series if name in kept] + [(other, folded[0])]


def stacked_chart(title: str, periods: Sequence[str], series: Sequence[tuple[str, list[int]]]) -> SafeString:
    """Counts per period stacked by series (event types or stage tags)."""

    def render() -> str:
        step = max(1, len(periods) // 8)
        chart = pygal.StackedBar(**_config(width=760, height=300, title=None, show_legend=False,
                                           x_labels_major_every=step, show_minor_x_labels=step == 1,
                                           show_x_guides=False))  # fmt: skip
        chart.x_labels = list(periods)
        chart.y_labels = ticks(max(map(sum, zip(*(values for _, values in series), strict=True)), default=0))
        for name, values in series:
            chart.add(name, [value or None for value in values])  # no empty rects for zeros
        return clean_svg(chart.render(is_unicode=True), title, [name for name, _ in series])

    return _cached("stacked", {"title": title, "periods": list(periods), "series": list(series)}, render)
