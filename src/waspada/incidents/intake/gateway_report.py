"""From a gateway message to an unverified public report: where, what, how bad, when (issue 6).

Where, strongest evidence first (the first that gives one kab/kota wins; each step says so in the incident's
location note, so triage sees how the place was found and never trusts it blindly):
1. the body's `region` field (a code the gateway already knows);
2. a dotted Kemendagri code in the text ("32.73", "32.73.01"), unless it reads as a clock time ("jam 14.05",
   "14.05 WIB") and only when every code found lies in the same kab/kota;
3. the shared location (`lat`/`lng`), placed by point-in-polygon as single reports are;
4. a place name, through the news place resolver (waspada.nlp, gazetteer built from the imported regions), taken
   only at MIN_PLACE_CONFIDENCE or above: a bare name that a kota and a kabupaten share ("Bandung", "Malang")
   scores 0.5 or less and is left for triage, a name with its level word ("Kab. Garut") about 0.95;
5. none: no region; the report is national-only and waits at the national desk until someone places it.
A `region` field naming no region at all (no such code, or one no longer in force) is never silently dropped:
the report is kept, placed by the steps after it if they can, and flagged for review with the reason ("wilayah
'X' tidak dikenal"), which the national desk's queue shows (issue 15).
What: the resolver's event type when it finds the message election-related, with its severity hint; else the
taxonomy's catch-all `other_election` / `unclassified` ("review and move to a specific type once the facts are
known") at that type's default severity (1, "low" on the rubric): an unverified, unclassified message should not
page anyone before a person has read it.
When: the local date of `sent_at` (or of the moment received) in the region's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from waspada.core.scope import Sensitivity
from waspada.elections.selectors import local_date_for
from waspada.incidents import refcache
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.intake.webhook_message import GatewayMessage
from waspada.incidents.models import IntakeChannel, SourceKind
from waspada.regions.models import KABKOTA_LEVELS, VILLAGE_LEVELS, Level, Region

MIN_PLACE_CONFIDENCE = 0.6
MAX_CODE_IN_REASON = 40
FALLBACK_TYPE, FALLBACK_SUBTYPE = "other_election", "unclassified"
TITLE_WORDS, TITLE_CHARS = 10, 80
LOCATION_KEYS = ("region", "kecamatan", "desa", "lat", "lng")
_CODE_IN_TEXT = re.compile(r"(?<![\d.])(\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)(?!\d|\.\d)")
_CLOCK_BEFORE = re.compile(r"(?:jam|pukul|pkl|jm)\.?\s*$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"^\s*(?:wib|wita|wit)\b", re.IGNORECASE)


@dataclass
class ReportPlan:
    """The incident to create (actions.create.create_gateway_report's input) and how its place was found."""

    data: IncidentInput
    notes: list[str] = field(default_factory=list)
    review_reason: str = ""  # why a person must look at it (flagged in the national desk's queue)

    @property
    def note(self) -> str:
        return " ".join(self.notes)


def analyse(text: str) -> dict[str, Any] | None:
    """The news analysis of the text (places, event types, severity hint); None when it reports an error."""
    from waspada.news.gazetteer import get_classifier, get_gazetteer
    from waspada.nlp.analyze import analyze_item

    result = analyze_item({"id": None, "title": "", "text": text}, get_gazetteer(), source="gateway",
                          classifier=get_classifier())  # fmt: skip
    return None if "error" in result else result


def title_of(text: str) -> str:
    words = text.split()
    title = ""
    for word in words[:TITLE_WORDS]:
        if len(title) + len(word) + 1 > TITLE_CHARS:
            break
        title = f"{title} {word}".strip()
    title = title or text.strip()[:TITLE_CHARS]
    return title + ("…" if len(title) < len(" ".join(words)) else "")


def codes_in(text: str) -> list[str]:
    """Dotted region codes written in the text, leaving out clock times ("jam 14.05", "14.05 WIB")."""
    found = []
    for match in _CODE_IN_TEXT.finditer(text):
        before, after = text[max(0, match.start() - 8) : match.start()], text[match.end() : match.end() + 6]
        if _CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(after):
            continue
        found.append(match.group(1))
    return found


def _fields_for(region: Region | None) -> dict[str, str] | None:
    """Incident region fields for a region at kab/kota level or below; None for a province or an unknown code."""
    if region is None or not region.is_active:
        return None
    if region.level in KABKOTA_LEVELS:
        return {"region": region.code}
    if region.level == Level.KECAMATAN and region.kabkota_code:
        return {"region": region.kabkota_code, "kecamatan": region.code}
    if region.level in VILLAGE_LEVELS and region.kabkota_code:
        return {"region": region.kabkota_code, "desa": region.code}
    return None


def _from_text_codes(text: str, notes: list[str]) -> dict[str, str] | None:
    codes = codes_in(text)
    if not codes:
        return None
    found = refcache.regions(codes)
    placed = [(code, fields) for code in codes if (fields := _fields_for(found.get(code))) is not None]
    kabkota = {fields["region"] for _code, fields in placed}
    if len(kabkota) == 1:
        finest = max(len(code) for code, _fields in placed)
        precise = {code: fields for code, fields in placed if len(code) == finest}
        if len(precise) > 1:  # two kecamatan (or desa) of one kab/kota: only the kab/kota is sure
            precise = {(only := kabkota.pop()): {"region": only}}
        code, fields = next(iter(precise.items()))
        notes.append(_("Region from the code %(code)s in the message.") % {"code": code})
        return fields
    if len(kabkota) > 1:
        codes_found = ", ".join(sorted(kabkota))
        notes.append(_("The message gives codes in several kab/kota (%(codes)s).") % {"codes": codes_found})
    return None


def _point_kabkota(message: GatewayMessage) -> str | None:
    if message.lat is None or message.lng is None:
        return None
    from waspada.regions.locate import locate

    return locate(message.lng, message.lat).kabkota


def _from_name(analysis: dict[str, Any] | None, notes: list[str]) -> dict[str, str] | None:
    main = (analysis or {}).get("main_location")
    if not main:
        return None
    values = {"name": main["name"], "confidence": main["confidence"]}
    fields = _fields_for(refcache.region(main["code"]))
    if fields is None:
        notes.append(_("The message names %(name)s, which is not a kab/kota.") % values)
        return None
    if main["confidence"] < MIN_PLACE_CONFIDENCE:
        notes.append(_("The place name %(name)s in the message may mean more than one kab/kota "
                       "(confidence %(confidence).2f).") % values)  # fmt: skip
        return None
    notes.append(_("Region from the place name %(name)s in the message (confidence %(confidence).2f).") % values)
    return fields


def unknown_region_reason(message: GatewayMessage) -> str:
    """The review reason when the message's region field names no region in force, else ""; written in the
    product's language (settings.LANGUAGE_CODE) whatever language the gateway asked in, for the national desk."""
    if not message.region:
        return ""
    region = refcache.region(message.region)
    if region is not None and region.is_active:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return (_("region '%(code)s' is unknown") % {"code": message.region[:MAX_CODE_IN_REASON]})[:300]


def placement(message: GatewayMessage, analysis: dict[str, Any] | None) -> tuple[dict[str, Any], list[str], str]:
    """(incident location fields, notes, kab/kota code or ""): see the module docstring for the order."""
    notes: list[str] = []
    point = _point(message)
    if message.region:
        fields = _fields_for(refcache.region(message.region))
        if fields is not None:
            notes.append(_("Region from the gateway's region field %(code)s.") % {"code": message.region})
            return fields | point, notes, fields["region"]
        notes.append(_("The gateway's region field %(code)s is not a known kab/kota or a place inside one.")
                     % {"code": message.region})  # fmt: skip
    fields = _from_text_codes(message.text, notes)
    if fields is None and (kabkota := _point_kabkota(message)):
        notes.append(_("Region from the shared location."))
        return point, notes, kabkota  # the service places the point itself and marks it so
    if fields is None:
        fields = _from_name(analysis, notes)
    if fields is not None:
        return fields | point, notes, fields["region"]
    notes.append(_("No kab/kota found in the message: place it during triage."))
    return point, notes, ""


def _point(message: GatewayMessage) -> dict[str, Any]:
    return {"lat": message.lat, "lng": message.lng} if message.lat is not None else {}


def classification(analysis: dict[str, Any] | None) -> dict[str, Any]:
    """Event type, secondary types and severity: the analysis's when it found the message election-related."""
    analysis = analysis or {}
    types = [item["code"] for item in analysis.get("event_types", [])] if analysis.get("relevant") else []
    known = [code for code in types if refcache.event_type(code) is not None]
    if known:
        severity = int(analysis.get("severity_hint") or 1)
        return {"event_type": known[0], "event_subtype": None, "secondary_types": known[1:],
                "severity": min(max(severity, 1), 5)}  # fmt: skip
    fallback = refcache.event_type(FALLBACK_TYPE)
    subtype = FALLBACK_SUBTYPE if refcache.event_subtype(FALLBACK_TYPE, FALLBACK_SUBTYPE) is not None else None
    return {"event_type": FALLBACK_TYPE, "event_subtype": subtype, "secondary_types": [],
            "severity": fallback.default_severity if fallback is not None else 1}  # fmt: skip


def plan_report(message: GatewayMessage, channel: IntakeChannel, received_at: dt.datetime,
                analysis: dict[str, Any] | None) -> ReportPlan:  # fmt: skip
    location, notes, kabkota = placement(message, analysis)
    moment = message.sent_at if message.sent_at is not None and message.sent_at <= received_at else received_at
    source = {"kind": SourceKind.PUBLIC_REPORT, "reliability": "F", "name": channel.name[:200],
              "anonymous": not message.sender, "informant_contact": message.sender}  # fmt: skip
    data = IncidentInput.of({
        "title": title_of(message.text), "narrative": message.text,
        "occurred_on": local_date_for(refcache.region(kabkota), moment), "time_precision": "day",
        "sensitivity": Sensitivity.INTER_AGENCY, "sources": [source], **location, **classification(analysis),
    })  # fmt: skip
    return ReportPlan(data, notes, unknown_region_reason(message))


def without_location(plan: ReportPlan, problems: dict[str, str]) -> ReportPlan:
    """The same report left unplaced, when the place found was refused (a point outside every boundary)."""
    data = plan.data.without(LOCATION_KEYS)
    reason = "; ".join(f"{key}: {message}" for key, message in problems.items())
    note = _("The location in the message could not be used (%(reason)s): place it during triage.") % {"reason": reason}
    return ReportPlan(data, [note], plan.review_reason)
