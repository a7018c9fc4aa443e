"""The user guides, one per role, written in Indonesian as Markdown in `web/guides/` (listed in docs/guide/)
and shown by the help page linked from every page's menu."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown

from waspada.core.scope import Role, scope_of

FOLDER = Path(__file__).resolve().parent / "guides"


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str  # the guide's own heading: the guides are Indonesian in either interface language


GUIDES = (
    Guide("panduan-petugas-kabkota", "Panduan petugas kabupaten/kota"),
    Guide("panduan-petugas-provinsi", "Panduan petugas provinsi"),
    Guide("panduan-admin-nasional", "Panduan admin nasional"),
)
BY_SLUG = {guide.slug: guide for guide in GUIDES}
_BY_ROLE: dict[str, str] = {
    Role.NATIONAL_ADMIN: "panduan-admin-nasional",
    Role.NATIONAL_ANALYST: "panduan-admin-nasional",
    Role.PROVINCE_OFFICER: "panduan-petugas-provinsi",
    Role.KABKOTA_OFFICER: "panduan-petugas-kabkota",
    Role.FIELD_MONITOR: "panduan-petugas-kabkota",
}


def guide_for(user: Any) -> Guide:
    """The guide of the user's role; a viewer gets the guide of its office's level (province or kab/kota)."""
    scope = scope_of(user)
    slug = _BY_ROLE.get(scope.role or "")
    if slug is None:
        region = scope.region_code or ""
        slug = "panduan-petugas-kabkota" if "." in region else "panduan-petugas-provinsi"
    return BY_SLUG[slug]


@lru_cache(maxsize=len(GUIDES))
def guide_html(slug: str) -> str:
    """The guide as HTML. The files ship with the package and are ours, so their HTML is trusted."""
    text = (FOLDER / f"{BY_SLUG[slug].slug}.md").read_text(encoding="utf-8")
    return markdown.markdown(text, extensions=["tables"], output_format="html")
