"""The grant rule sets of data/domain/grants_rules.yaml: which set governs an election, and the due dates it gives.

A due date is an expression `anchor [+|- amount unit]` (grammar in the file's header): `days` and `months` are
calendar arithmetic, `working_days` counts with the holiday calendar (workdays.py). Each set has a version; the
grant services store it with every due date they compute, so a new regulation becomes a new set and earlier
computations stay explainable."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from waspada.grants.workdays import holidays

FILE_NAME = "grants_rules.yaml"
ANCHORS = frozenset({"nphd_signed", "voting_day", "proposal_to_appoint_elected", "letter_date"})
_EXPRESSION = re.compile(r"^\s*([a-z_]+)\s*(?:([+-])\s*(\d+)\s*(days|working_days|months))?\s*$")


class RuleError(ValueError):
    """An expression or rule set the program cannot evaluate (a fault in the data file)."""


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool  # a working-day count crossed a year whose holiday decree is not in the data yet


@dataclass(frozen=True)
class TrancheRule:
    seq: int
    min_pct: int
    due: str
    remainder: bool  # takes what the earlier tranches leave (the "rest")


@dataclass(frozen=True)
class RuleSet:
    version: int
    basis: str
    elections: tuple[str, ...]
    election_kinds: tuple[str, ...]
    first_tranche_unit: str
    fiscal_year_split: tuple[tuple[int, int], ...]  # (offset from the voting year, minimum %)
    options: Mapping[str, tuple[TrancheRule, ...]]
    signing_target: dt.date | None
    refund_due: str

    def tranches(self, mechanism: str) -> tuple[TrancheRule, ...]:
        if mechanism not in self.options:
            raise RuleError(f"rule set {self.version} has no disbursement option {mechanism!r}")
        return self.options[mechanism]

    def tranche_due(self, rule: TrancheRule) -> str:
        """The tranche's due expression with the configured unit of the 14-day limit (days or working days)."""
        if rule.due.startswith("nphd_signed") and self.first_tranche_unit == "working_days":
            return rule.due.replace(" days", " working_days")
        return rule.due


@dataclass(frozen=True)
class Rules:
    rule_sets: tuple[RuleSet, ...]
    problem_codes: Mapping[str, tuple[str, str]]  # code -> (label_id, label_en)
    recipients: Mapping[str, tuple[str, str]]

    def for_election(self, code: str, kind: str) -> RuleSet | None:
        """The newest set naming the election, else the newest set for its kind; None when no set governs it."""
        named = [s for s in self.rule_sets if code in s.elections]
        by_kind = [s for s in self.rule_sets if kind in s.election_kinds]
        chosen = named or by_kind
        return max(chosen, key=lambda s: s.version) if chosen else None

    def version(self, number: int) -> RuleSet | None:
        return next((s for s in self.rule_sets if s.version == number), None)


def shift_months(day: dt.date, months: int) -> dt.date:
    """Move the calendar month and keep the day, or the month's last day when it is shorter (31 Mar - 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def evaluate(expression: str, anchors: Mapping[str, dt.date | None]) -> DueDate | None:
    """The date an expression gives; None when its anchor is not known yet (no signing date, no proposal)."""
    match = _EXPRESSION.match(expression)
    if not match or match.group(1) not in ANCHORS:
        raise RuleError(f"cannot evaluate due-date expression {expression!r}")
    anchor, sign, amount, unit = match.groups()
    start = anchors.get(anchor)
    if start is None:
        return None
    if not sign:
        return DueDate(start, False)
    count = int(amount) * (1 if sign == "+" else -1)
    if unit == "days":
        return DueDate(start + dt.timedelta(days=count), False)
    if unit == "months":
        return DueDate(shift_months(start, count), False)
    day, provisional = holidays().add_working_days(start, count)
    return DueDate(day, provisional)


def _rule_set(raw: Mapping[str, Any]) -> RuleSet:
    options = {str(o["code"]): tuple(TrancheRule(int(t["seq"]), int(t.get("min_pct", t.get("pct", 0))), str(t["due"]),
                                                 bool(t.get("remainder", False))) for t in o["tranches"])
               for o in raw["options"]}  # fmt: skip
    unit = str(raw.get("first_tranche_unit", "days"))
    if unit not in {"days", "working_days"}:
        raise RuleError(f"rule set {raw.get('version')}: first_tranche_unit must be days or working_days")
    target = raw.get("signing_target")
    rule_set = RuleSet(
        version=int(raw["version"]), basis=str(raw.get("basis", "")), elections=tuple(raw.get("elections") or ()),
        election_kinds=tuple(raw.get("election_kinds") or ()), first_tranche_unit=unit,
        fiscal_year_split=tuple((int(s["offset"]), int(s["min_pct"])) for s in raw.get("fiscal_year_split") or ()),
        options=options, signing_target=dt.date.fromisoformat(str(target)) if target else None,
        refund_due=str(raw["refund_due"]),
    )  # fmt: skip
    for tranches in options.values():  # every expression must evaluate: fail on load, not on a user's save
        for tranche in tranches:
            evaluate(rule_set.tranche_due(tranche), dict.fromkeys(ANCHORS))
    evaluate(rule_set.refund_due, dict.fromkeys(ANCHORS))
    return rule_set


def _parse(path: Path) -> Rules:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    sets = tuple(_rule_set(raw) for raw in document.get("rule_sets") or [])
    if len({s.version for s in sets}) != len(sets):
        raise RuleError(f"{path.name}: two rule sets share a version")
    listed = [*(document.get("problem_codes") or []), *((document.get("statuses") or {}).get("compliance_rules") or [])]
    problems = {str(p["code"]): (str(p.get("label_id") or p["code"]), str(p.get("label_en") or p["code"]))
                for p in listed}  # fmt: skip
    recipients = {str(r["code"]): (str(r["label_id"]), str(r["label_en"])) for r in document.get("recipients") or []}
    return Rules(sets, problems, recipients)


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Rules:
    return _parse(Path(path))


def rules(domain_dir: Path | None = None) -> Rules:
    """The rules of the domain folder in use (re-read when the file changes)."""
    path = Path(domain_dir or settings.DOMAIN_DIR) / FILE_NAME
    return _cached(str(path), path.stat().st_mtime)
