"""GET /api/v1/index/references: the published index editions with their sources and what each published per
level and approach (docs/index-references.md). Reference data: every role reads it whole."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import Field

from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, choice, page_of, refusals
from waspada.risk.compare import approaches_of
from waspada.risk.models import Level, ReferenceEdition
from waspada.risk.reference import source_links
from waspada.risk.selectors import reference_editions

router = Router()


class ReferenceSourceOut(Out):
    url: str
    label: str = Field(description="The title, the cited instrument or the site's host.")
    note: str


class ReferenceListOut(Out):
    level: choice(Level.values)  # type: ignore[valid-type]
    approach: str = Field(description="provincial_input, kabkota_aggregate, kabkota_direct, tahap_N, ... or empty.")
    regions: int = Field(ge=0, description="Published figures in this list.")


class ReferenceEditionOut(Out):
    code: str
    publisher: str
    name: str
    theme: str
    release_date: str | None = Field(description="YYYY-MM-DD")
    higher_is_more_vulnerable: bool
    sources: list[ReferenceSourceOut]
    lists: list[ReferenceListOut]
    page: str = Field(description="The page comparing the edition with Waspada's index.")


def edition_summary(edition: ReferenceEdition) -> dict[str, Any]:
    return {
        "code": edition.code,
        "publisher": edition.publisher,
        "name": edition.name,
        "theme": edition.theme,
        "release_date": edition.release_date.isoformat() if edition.release_date else None,
        "higher_is_more_vulnerable": edition.higher_is_more_vulnerable,
        "sources": source_links(edition.sources),
        "lists": [{"level": lv, "approach": ap, "regions": n} for lv, ap, n in approaches_of(edition)],
        "page": f"/index/references/{edition.code}/",
    }


@router.get("", summary="Published index editions (Bawaslu, Polri)",
            response={200: page_of(ReferenceEditionOut), **refusals(422)})  # fmt: skip
def list_references(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, reference_editions(), params.page, params.page_size, edition_summary)
