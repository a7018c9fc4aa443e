"""Language helpers shared by every app (the interface language itself is chosen by LanguageMiddleware)."""

from __future__ import annotations

from django.utils.translation import get_language


def prefers_indonesian() -> bool:
    """True when the active language is Indonesian: official terms then show their Indonesian label."""
    return (get_language() or "").lower().startswith("id")
