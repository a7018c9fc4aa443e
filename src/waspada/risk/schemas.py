"""The JSON shapes of /api/v1/index (risk/api.py): one run and the scores in the caller's scope."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from waspada.core.api.pagination import DEFAULT_PAGE_SIZE
from waspada.core.api.schemas import Out, choice
from waspada.risk.models import Category, Level, RunStatus, RunTrigger

QUERY_KEYS = frozenset({"round", "date", "level", "page", "page_size"})

AnswerValue = bool | int | float | str | list[str] | None


class IndexParams(Schema):
    round: int | None = Field(None, ge=1, le=2**31 - 1, description="A monitoring round's id: its run only.")
    date: str | None = Field(None, description="YYYY-MM-DD: the newest run as of that day (default: the newest).",
                             examples=["2026-12-01"])
    level: choice(Level.values) | None = None  # type: ignore[valid-type]
    page: int = Field(1, ge=1, description="Pages start at 1; past the last page is 422.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=500)


class RunOut(Out):
    id: int
    as_of: datetime.date
    round: int | None
    method_version: int
    status: choice(RunStatus.values)  # type: ignore[valid-type]
    trigger: choice(RunTrigger.values)  # type: ignore[valid-type]
    demo: bool
    previous: int | None = Field(description="The run the changes are measured against.")
    regions_scored: int = Field(ge=0)
    duration_s: float | None
    finished_at: datetime.datetime | None
    categories: dict[str, dict[str, int]] = Field(description="Per level, regions per category.")


class ContributionOut(Out):
    code: str
    kind: choice(["answer", "incident"])  # type: ignore[valid-type]
    label_id: str
    label_en: str
    value: AnswerValue = Field(description="The answer, or an incident type's weighted rate per 100,000.")
    score: float = Field(description="0-100.")
    weight: float = Field(description="Share of the composite the item carries per point of score.")
    points: float = Field(description="weight x score: the points of the composite it carries.")
    count: int | None = Field(None, description="Incidents of the type in the look-back window.")


class ReasonOut(Out):
    kind: choice(["answer", "incident", "coverage"])  # type: ignore[valid-type]
    code: str
    before: AnswerValue
    after: AnswerValue
    effect: float | None = Field(description="Points of the composite this change made (null for coverage).")
    text_id: str
    text_en: str


class ScoreOut(Out):
    region: str
    name: str
    level: choice(Level.values)  # type: ignore[valid-type]
    province_code: str
    kabkota_code: str
    composite: float | None = Field(description="0-100, higher = more vulnerable.")
    category: choice([*Category.values, ""])  # type: ignore[valid-type]
    provisional: bool = Field(description="Coverage below the method's minimum: the incident part only.")
    monitoring_score: float | None
    incident_score: float | None
    coverage: float = Field(ge=0, le=1)
    rank: int | None
    change: float | None
    dimensions: dict[str, float | None]
    subdimensions: dict[str, float | None]
    contributions: list[ContributionOut]
    reasons: list[ReasonOut]


class IndexOut(Out):
    run: RunOut | None = Field(description="Null when no computation matches.")
    count: int = Field(ge=0)
    next: str | None
    previous: str | None
    results: list[ScoreOut]
