"""POST /api/v1/analyze: the news analysis for texts sent by other systems or the web form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from waspada.core.api.errors import invalid
from waspada.core.api.schemas import Out, choice, refusals
from waspada.core.api.throttling import SettingRateThrottle
from waspada.news.gazetteer import get_classifier, get_gazetteer
from waspada.nlp.analyze import MAX_CHARS, analyze_item

router = Router()
MAX_ITEMS = 100


class NewsItem(Schema):
    id: str | int | None = None
    title: str | None = Field(default=None, max_length=2_000)
    text: str = Field(max_length=MAX_CHARS)
    url: str | None = Field(default=None, max_length=2_000)
    published_at: str | None = None
    source: str | None = Field(default=None, max_length=200)


class AnalyzeRequest(Schema):
    items: list[NewsItem] = Field(min_length=1, max_length=MAX_ITEMS)


Field_ = choice(["title", "text"])


class MentionOut(Out):
    field: Field_  # type: ignore[valid-type]
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class EvidenceOut(MentionOut):
    source: str | None = None
    phrase: str | None = None


class PlaceOut(Out):
    code: str
    name: str
    level: str
    confidence: float


class LocationOut(PlaceOut):
    is_main: bool
    mentions: list[MentionOut]


class EventTypeOut(Out):
    code: str
    score: float
    evidence: list[EvidenceOut]


class ActorOut(Out):
    type: str
    name: str


class CasualtiesOut(Out):
    dead: int | None
    injured: int | None


class AnalyzeResult(Out):
    """One item's analysis; an item that could not be analysed has only source, id and error."""

    source: str
    id: str | int | None
    error: str | None = None
    language: str | None = None
    main_location: PlaceOut | None = None
    locations: list[LocationOut] | None = None
    relevant: bool | None = None
    relevance: float | None = None
    event_types: list[EventTypeOut] | None = None
    actors: list[ActorOut] | None = None
    casualties: CasualtiesOut | None = None
    event_date: str | None = Field(None, description="YYYY-MM-DD")
    severity_hint: int | None = Field(None, ge=1, le=5)
    model_version: str | None = None


class AnalyzeResponse(Out):
    results: list[AnalyzeResult]


# Up to 100 texts per request, each costing milliseconds of CPU: a runaway script must not starve the server.
@router.post("", response={200: AnalyzeResponse, **refusals(400, 413, 422, 429)}, summary="Analyse news items",
             exclude_unset=True,  # an item's result has the keys analyze_item gives it, no others
             throttle=[SettingRateThrottle("WASPADA_ANALYZE_RATE", "analyze")])  # fmt: skip
def analyze(request: HttpRequest, payload: AnalyzeRequest) -> dict[str, Any]:
    """One result per item, in order; an item that cannot be analysed carries `error` instead."""
    if not payload.items:
        raise invalid("items", _("Send at least one item."))
    if len(payload.items) > MAX_ITEMS:
        raise invalid("items", _("Send at most %(max)d items per request.") % {"max": MAX_ITEMS})
    gazetteer, classifier = get_gazetteer(), get_classifier()
    results = [
        analyze_item(item.model_dump(), gazetteer, source=item.source or "api", classifier=classifier)
        for item in payload.items
    ]
    return {"results": results}
