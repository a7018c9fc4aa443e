"""Geometry of the timeline chart: one server-rendered SVG, no script, printable.

The template only writes the numbers computed here. The x axis runs from the first to the last dated
day of the shown elections (whole months); the y axis has one row per stage, grouped by election.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import date_format

from waspada.elections.models import Election, Stage
from waspada.elections.selectors import ACTIVE, POSSIBLE_HORIZON, stage_status, with_floors

WIDTH = 1200
LABEL_WIDTH = 400
CHART_X = LABEL_WIDTH + 10
CHART_WIDTH = WIDTH - CHART_X - 10
AXIS_HEIGHT = 34
ROW_HEIGHT = 18
GROUP_HEIGHT = 28
MIN_BAR = 3.0
LABEL_CHARS = 58


@dataclass
class Bar:
    x: float
    width: float
    css: str  # "dated", "possible", "not-held", "contingent"


@dataclass
class Row:
    stage: Stage
    y: float
    label: str
    bars: list[Bar]
    active: bool
    undated: bool

    @property
    def text_y(self) -> float:
        return self.y + 13

    @property
    def bar_y(self) -> float:
        return self.y + 4


@dataclass
class Group:
    election: Election
    y: float
    rows: list[Row] = field(default_factory=list)
    voting_x: float | None = None

    @property
    def text_y(self) -> float:
        return self.y + 19

    @property
    def rows_top(self) -> float:
        return self.y + GROUP_HEIGHT

    @property
    def rows_bottom(self) -> float:
        return self.rows_top + ROW_HEIGHT * len(self.rows)


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Chart:
    start: dt.date
    end: dt.date
    height: float
    ticks: list[Tick]
    groups: list[Group]
    today: dt.date
    today_x: float | None
    today_side: str  # "", "before", "after": where today lies when it is off the axis
    selected: dt.date | None = None
    selected_x: float | None = None  # the date asked about, when it is not today and lies on the axis
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    chart_x: int = CHART_X
    chart_width: int = CHART_WIDTH
    chart_end: int = CHART_X + CHART_WIDTH
    axis_height: int = AXIS_HEIGHT
    row_height: int = ROW_HEIGHT


def _known_dates(elections: list[Election]) -> list[dt.date]:
    dates = [e.voting_day for e in elections if e.voting_day]
    for election in elections:
        for stage in election.stages.all():
            dates += [d for d in (stage.start, stage.end) if d]
    return dates


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


class _Scale:
    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end, self.span = start, end, (end - start).days

    def x(self, day: dt.date) -> float:
        clamped = min(max(day, self.start), self.end)
        return round(CHART_X + CHART_WIDTH * (clamped - self.start).days / self.span, 1)

    def bar(self, first: dt.date, last: dt.date, css: str) -> Bar:
        left, right = self.x(first), self.x(last + dt.timedelta(days=1))
        return Bar(left, round(max(right - left, MIN_BAR), 1), css)


def build_chart(elections: list[Election], today: dt.date, selected: dt.date | None = None) -> Chart | None:
    """Rows for every stage of `elections`; rows active on `selected` (default today) are marked."""
    dates = _known_dates(elections)
    if not dates:
        return None
    scale = _Scale(_month_start(min(dates)), _next_month(max(dates)))
    ticks = []
    month = scale.start
    while month <= scale.end:
        major = month.month == 1
        label = str(month.year) if major else date_format(month, "M") if month.month in (4, 7, 10) else ""
        ticks.append(Tick(scale.x(month), label, major))
        month = _next_month(month)
    groups, y = [], float(AXIS_HEIGHT)
    for election in elections:
        group = Group(election, y, voting_x=scale.x(election.voting_day) if election.voting_day else None)
        y += GROUP_HEIGHT
        for stage, floor in with_floors(election.stages.all()):
            active = stage_status(stage, selected or today, floor) == ACTIVE
            undated = stage.start is None and stage.end is None
            group.rows.append(Row(stage, y, _shorten(stage.name), _bars(stage, scale, floor), active, undated))
            y += ROW_HEIGHT
        groups.append(group)
    side = "before" if today < scale.start else "after" if today >= scale.end else ""
    chart = Chart(scale.start, scale.end, y + 6, ticks, groups, today, None if side else scale.x(today), side)
    if selected is not None and selected != today and scale.start <= selected < scale.end:
        chart.selected, chart.selected_x = selected, scale.x(selected)
    return chart


def _bars(stage: Stage, scale: _Scale, floor: dt.date | None) -> list[Bar]:
    """The known window as a bar; the unknown side of a half-dated stage as a faint "possible" bar."""
    first, last = stage.start or stage.end, stage.end or stage.start
    if first is None or last is None:
        return []
    css = "not-held" if stage.optional and stage.held is False else "contingent" if stage.optional else "dated"
    bars = [scale.bar(first, last, css)]
    if stage.start is None and last > scale.start:
        earliest = max(scale.start, last - POSSIBLE_HORIZON, floor or scale.start)
        bars.insert(0, scale.bar(earliest, last - dt.timedelta(days=1), "possible"))
    if stage.end is None and first < scale.end:
        bars.append(scale.bar(first + dt.timedelta(days=1), min(scale.end, first + POSSIBLE_HORIZON), "possible"))
    return bars
