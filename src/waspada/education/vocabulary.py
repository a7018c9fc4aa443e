"""The closed lists an activity uses (activity types, facilitation forms, target groups), read from
data/domain/education.yaml: codes are stored, labels shown in the reader's language and accepted by imports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from waspada.core.i18n import prefers_indonesian
from waspada.datafiles import parse_yaml

FILE_NAME = "education.yaml"
KINDS = ("activity_types", "facilitation_forms", "target_groups")


@dataclass(frozen=True)
class Term:
    code: str
    label_id: str
    label_en: str

    @property
    def label(self) -> str:
        return self.label_id if prefers_indonesian() else self.label_en


@dataclass(frozen=True)
class Vocabulary:
    activity_types: tuple[Term, ...]
    facilitation_forms: tuple[Term, ...]
    target_groups: tuple[Term, ...]

    def terms(self, kind: str) -> tuple[Term, ...]:
        return tuple(getattr(self, kind))

    def codes(self, kind: str) -> list[str]:
        return [term.code for term in self.terms(kind)]

    def label(self, kind: str, code: str) -> str:
        """The label in the reader's language, or the code itself when the file no longer lists it."""
        return next((term.label for term in self.terms(kind) if term.code == code), code)

    def lookup(self, kind: str, text: str) -> str | None:
        """The code a spreadsheet cell means: the code or either label, case and spacing ignored."""
        wanted = " ".join(str(text).split()).casefold()
        for term in self.terms(kind):
            if wanted in {term.code.casefold(), term.label_id.casefold(), term.label_en.casefold()}:
                return term.code
        return None


@cache
def _load(path: Path) -> Vocabulary:
    document = parse_yaml(path.read_text(encoding="utf-8"))
    lists = {kind: tuple(Term(str(item["code"]), str(item["label_id"]), str(item["label_en"]))
                         for item in document[kind]) for kind in KINDS}  # fmt: skip
    return Vocabulary(**lists)


def vocabulary() -> Vocabulary:
    return _load(Path(settings.DOMAIN_DIR) / FILE_NAME)
