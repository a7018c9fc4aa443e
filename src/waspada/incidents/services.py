"""Every write to an incident: validate, place, tag, write, audit (DESIGN.md §3: the only place that mutates).

Callers pass plain dicts (the API's schema or a form's cleaned data); problems come back as `Invalid` with
one message per field and nothing written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.scope import NATIONAL_ROLES, Role, Sensitivity, scope_of
from waspada.elections.models import ElectionImport
from waspada.elections.selectors import Calendar, local_today
from waspada.incidents import access, crypto, group_commit, refcache
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.idempotency import Claim
from waspada.incidents.models import (
    PERSON_KINDS,
    ActorSide,
    GeoPrecision,
    HandlingLevel,
    Incident,
    IncidentActor,
    IncidentSource,
    IncidentStage,
    Reliability,
    SourceKind,
    Status,
    TimePrecision,
    Transition,
)
from waspada.nlp.text import norm_key
from waspada.regions.models import KABKOTA_LEVELS, VILLAGE_LEVELS, Level, Region

# Indonesia's extent with a margin for the outer islands (Sabang to Merauke, Miangas to Rote).
INDONESIA_BOUNDS = {"lng": (94.0, 141.5), "lat": (-11.5, 6.5)}
EARLIEST_DATE = dt.date(2000, 1, 1)
MAX_COUNT = 10_000_000  # dead, injured, people involved: far above any real count, well inside the database's range
MAX_URL = 500  # IncidentSource.url
SCALAR_FIELDS = (
    "title", "narrative", "occurred_on", "occurred_time", "time_precision", "region", "kecamatan", "desa", "lat",
    "lng", "geo_precision", "event_type", "event_subtype", "secondary_types", "dead", "injured", "people_involved",
    "damage", "severity", "sensitivity",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Stage tags: the elections calendar, loaded once per process and reloaded after a new elections import.

_calendar_lock = threading.Lock()
_calendar_cache: dict[str, Any] = {}
CALENDAR_RECHECK_SECONDS = 30.0  # a new elections import reaches running processes within this time


def _forget_calendar(**_kwargs: Any) -> None:
    with _calendar_lock:
        _calendar_cache.clear()


post_save.connect(_forget_calendar, sender=ElectionImport, dispatch_uid="incidents.services.calendar")


def calendar() -> Calendar:
    now = time.monotonic()
    with _calendar_lock:
        if "calendar" in _calendar_cache and now - _calendar_cache["checked"] < CALENDAR_RECHECK_SECONDS:
            return _calendar_cache["calendar"]  # type: ignore[no-any-return]
        version = ElectionImport.objects.order_by("-started_at").values_list("id", "started_at").first()
        if "calendar" not in _calendar_cache or _calendar_cache.get("version") != version:
            _calendar_cache["calendar"] = Calendar.load()
            _calendar_cache["version"] = version
        _calendar_cache["checked"] = now
        return _calendar_cache["calendar"]  # type: ignore[no-any-return]


def stage_situation(region: Region | None, day: dt.date, cal: Calendar | None = None) -> tuple[str | None, list[str]]:
    """(election code, stage tags) of a local date in a region; the election of the first active stage."""
    situation = (cal or calendar()).at(region, day)
    election = situation.stages[0].election_id if situation.stages else None
    return election, situation.tags


# ---------------------------------------------------------------------------------------------------------
# Validation and placement


def _int_or_none(value: Any, field: str, errors: dict[str, str], *, low: int = 0, high: int | None = None) -> Any:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = _("Enter a whole number.")
        return None
    if number < low or (high is not None and number > high):
        errors[field] = (_("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high} if high
                         else _("Enter a number of at least %(low)d.") % {"low": low})  # fmt: skip
        return None
    return number


def _choice(value: Any, choices: Any, field: str, errors: dict[str, str], default: str = "") -> str:
    if value in (None, ""):
        return default
    if value not in choices.values:
        errors[field] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}
        return default
    return str(value)


def _regions(data: dict[str, Any], errors: dict[str, str]) -> tuple[Region | None, Region | None, Region | None]:
    codes = {key: str(data.get(key) or "").strip() for key in ("region", "kecamatan", "desa")}
    found = refcache.regions([code for code in codes.values() if code])
    region, kecamatan, desa = (found.get(codes[key]) for key in ("region", "kecamatan", "desa"))
    for key, levels, what in (("region", KABKOTA_LEVELS, _("a regency or city (kab/kota)")),
                              ("kecamatan", (Level.KECAMATAN,), _("a kecamatan")),
                              ("desa", VILLAGE_LEVELS, _("a desa or kelurahan"))):  # fmt: skip
        code, obj = codes[key], found.get(codes[key])
        if code and obj is None:
            errors[key] = _("Unknown region code %(code)s.") % {"code": code}
        elif obj is not None and obj.level not in levels:
            errors[key] = _("%(code)s is a %(level)s, not %(what)s.") % {
                "code": code, "level": obj.get_level_display(), "what": what}  # fmt: skip
    if errors:
        return None, None, None
    if kecamatan and region and kecamatan.kabkota_code != region.code:
        errors["kecamatan"] = _("Kecamatan %(code)s is not in %(region)s.") % {"code": kecamatan.code,
                                                                             "region": region.code}  # fmt: skip
    if desa and kecamatan and not desa.code.startswith(kecamatan.code + "."):
        errors["desa"] = _("Desa %(code)s is not in kecamatan %(kec)s.") % {"code": desa.code, "kec": kecamatan.code}
    elif desa and region and desa.kabkota_code != region.code:
        errors["desa"] = _("Desa %(code)s is not in %(region)s.") % {"code": desa.code, "region": region.code}
    if kecamatan is None and desa is not None and desa.parent_id:
        kecamatan = refcache.region(desa.parent_id)
    if region is None and (kecamatan or desa):
        region = refcache.region((kecamatan or desa).kabkota_code)  # type: ignore[union-attr]
    return region, kecamatan, desa


def _locate(lng: float, lat: float) -> Any:
    from waspada.regions.locate import locate
    from waspada.regions.models import RegionBoundary

    if not RegionBoundary.objects.filter(region__level__in=KABKOTA_LEVELS).exists():
        return None  # no boundaries imported: nothing to place against
    return locate(lng, lat)


def _point(data: dict[str, Any], errors: dict[str, str]) -> tuple[float | None, float | None]:
    lat, lng = data.get("lat"), data.get("lng")
    if lat in (None, "") and lng in (None, ""):
        return None, None
    if lat in (None, "") or lng in (None, ""):
        errors["lat" if lat in (None, "") else "lng"] = _("Give both latitude and longitude, or neither.")
        return None, None
    try:
        lat_f, lng_f = float(lat), float(lng)  # type: ignore[arg-type]  # checked for None above
    except (TypeError, ValueError):
        errors["lat"] = _("Latitude and longitude must be decimal degrees.")
        return None, None
    for field, value in (("lat", lat_f), ("lng", lng_f)):
        low, high = INDONESIA_BOUNDS[field]
        if not low <= value <= high:
            errors[field] = _("The point (%(lat).4f, %(lng).4f) is outside Indonesia.") % {"lat": lat_f, "lng": lng_f}
            return None, None
    return lat_f, lng_f


def _apply(incident: Incident, data: dict[str, Any], user: Any, *, creating: bool) -> dict[str, Any]:
    """Validate `data` (only the keys present when updating) and set the fields; raise Invalid on any problem.
    Returns related data (actors, sources) still to write."""
    errors: dict[str, str] = {}
    scope = scope_of(user)
    values = {key: data[key] for key in SCALAR_FIELDS if key in data}
    if creating:
        values = {key: data.get(key) for key in SCALAR_FIELDS}
    if "title" in values:
        title = str(values["title"] or "").strip()
        if not title:
            errors["title"] = _("Give the incident a short title.")
        elif len(title) > 200:
            errors["title"] = _("Keep the title under 200 characters.")
        incident.title = title[:200]
    for key in ("narrative", "damage"):
        if key in values:
            setattr(incident, key, str(values[key] or "").strip())
    region_keys = {"region", "kecamatan", "desa", "lat", "lng"}
    old_region = incident.region_id
    if creating or region_keys & values.keys():
        merged = {
            "region": incident.region_id, "kecamatan": incident.kecamatan_id, "desa": incident.desa_id,
            "lat": incident.lat, "lng": incident.lng,
        } | {key: values[key] for key in region_keys if key in values}  # fmt: skip
        _place(incident, merged, scope, errors)
    if "occurred_on" in values or creating:
        day = values.get("occurred_on")
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                day = None
        if not isinstance(day, dt.date):
            errors["occurred_on"] = _("Give the date as YYYY-MM-DD.")
        else:
            incident.occurred_on = day
    if isinstance(incident.occurred_on, dt.date) and "occurred_on" not in errors and "region" not in errors:
        today = local_today(incident.region)
        if incident.occurred_on > today:
            errors["occurred_on"] = _("%(day)s is in the future (today is %(today)s in %(zone)s).") % {
                "day": incident.occurred_on.isoformat(), "today": today.isoformat(),
                "zone": incident.region.timezone if incident.region else settings.TIME_ZONE}  # fmt: skip
        elif incident.occurred_on < EARLIEST_DATE:
            errors["occurred_on"] = _("Dates before %(day)s are not accepted.") % {"day": EARLIEST_DATE.isoformat()}
    if "occurred_time" in values:
        moment = values["occurred_time"]
        if isinstance(moment, str) and moment:
            try:
                moment = dt.time.fromisoformat(moment)
            except ValueError:
                errors["occurred_time"] = _("Give the local time as HH:MM.")
                moment = None
        incident.occurred_time = moment or None
    if not creating:  # on update, a null choice would fall back to a default: never a silent downgrade
        for key in ("time_precision", "geo_precision", "sensitivity"):
            if key in values and (values[key] is None or values[key] == "" and key != "geo_precision"):
                errors[key] = _("Choose one of: %(choices)s.") % {
                    "choices": ", ".join({"time_precision": TimePrecision, "geo_precision": GeoPrecision,
                                          "sensitivity": Sensitivity}[key].values)}  # fmt: skip
    if "time_precision" in values or creating:
        incident.time_precision = _choice(values.get("time_precision"), TimePrecision, "time_precision", errors,
                                          TimePrecision.DAY)  # fmt: skip
    if "geo_precision" in values or creating:
        default = GeoPrecision.EXACT if incident.lat is not None else ""
        incident.geo_precision = _choice(values.get("geo_precision"), GeoPrecision, "geo_precision", errors, default)
        if incident.lat is None and incident.geo_precision in (GeoPrecision.EXACT, GeoPrecision.NEAR_PLACE):
            incident.geo_precision = ""
    _type_fields(incident, values, errors, creating)
    for key in ("dead", "injured", "people_involved"):
        if key in values:
            setattr(incident, key, _int_or_none(values[key], key, errors, high=MAX_COUNT))
    if "severity" in values or creating:
        severity = _int_or_none(values.get("severity"), "severity", errors, low=1, high=5)
        if severity is None and "severity" not in errors:
            errors["severity"] = _("Choose a severity from 1 to 5 (see the rubric).")
        incident.severity = severity or incident.severity
    if "sensitivity" in values or creating:
        incident.sensitivity = _choice(values.get("sensitivity"), Sensitivity, "sensitivity", errors,
                                       Sensitivity.INTER_AGENCY)  # fmt: skip
    related = {
        "actors": _actors(data["actors"], errors) if data.get("actors") is not None else None,
        "sources": _sources(data.get("sources") or data.get("add_sources") or [], errors,
                            "sources" if "sources" in data else "add_sources"),
    }  # fmt: skip
    if errors:
        raise Invalid(errors)
    _derive(incident, user, region_changed=creating or old_region != incident.region_id)
    return related


def _place(incident: Incident, merged: dict[str, Any], scope: Any, errors: dict[str, str]) -> None:
    region, kecamatan, desa = _regions(merged, errors)
    lat, lng = _point(merged, errors)
    if errors:
        return
    incident.placed_from_point, incident.location_review, incident.location_note = False, False, ""
    if lat is not None and lng is not None:
        placement = _locate(lng, lat)
        if placement is not None and region is None:
            if placement.kabkota is None:
                errors["lat"] = _("The point (%(lat).4f, %(lng).4f) is outside every kab/kota boundary.") % {
                    "lat": lat, "lng": lng}  # fmt: skip
                return
            region = Region.objects.get(code=placement.kabkota)
            if kecamatan is None and placement.kecamatan:
                kecamatan = Region.objects.filter(code=placement.kecamatan).first()
            incident.placed_from_point = True
        elif placement is not None and region is not None:
            inside = region.code in (placement.candidates.get("kabkota") or [])
            if not inside:
                incident.location_review = True
                incident.location_note = (
                    _("The point lies in %(found)s, not in the stated region %(region)s.")
                    % {"found": placement.kabkota, "region": region.code}
                    if placement.kabkota else _("The point lies outside every kab/kota boundary.")
                )  # fmt: skip
    if region is None and scope.role is not None and scope.role not in NATIONAL_ROLES:
        if scope.region_code and scope.region_code.count(".") == 1:
            region = refcache.region(scope.region_code)  # a kab/kota office reports its own
        else:
            errors["region"] = _("Give the regency or city (kab/kota) where it happened.")
            return
    if region is not None and scope.role is not None and not region_in_scope_user(scope, region.code):
        errors["region"] = _("%(code)s is outside your scope.") % {"code": region.code}
        return
    incident.region, incident.kecamatan, incident.desa = region, kecamatan, desa
    incident.lat, incident.lng = lat, lng


def region_in_scope_user(scope: Any, code: str) -> bool:
    return scope.region_code is None or code == scope.region_code or code.startswith(scope.region_code + ".")


def _type_fields(incident: Incident, values: dict[str, Any], errors: dict[str, str], creating: bool) -> None:
    changing_type = "event_type" in values or creating
    changing_sub = "event_subtype" in values or creating
    if changing_type or changing_sub:
        type_code = str(values.get("event_type") or "") if changing_type else incident.event_type_id
        if changing_sub:
            sub_code = str(values.get("event_subtype") or "")
        else:  # the type changed alone: keep the sub-type only if it belongs to the new type
            sub_code = incident.event_subtype.code if incident.event_subtype_id else ""  # type: ignore[union-attr]
        subtype = None
        if type_code and sub_code:  # the sub-type carries its type
            subtype = refcache.event_subtype(type_code, sub_code)
        event_type = subtype.event_type if subtype else refcache.event_type(type_code)
        if event_type is None:
            errors["event_type"] = (_("Unknown event type %(code)s.") % {"code": type_code} if type_code
                                    else _("Choose an event type."))  # fmt: skip
            return
        if sub_code and subtype is None and changing_sub:
            errors["event_subtype"] = _("%(code)s is not a sub-type of %(type)s.") % {"code": sub_code,
                                                                                    "type": type_code}  # fmt: skip
        incident.event_type, incident.event_subtype = event_type, subtype
    if "secondary_types" in values:
        codes = [str(code) for code in values.get("secondary_types") or [] if code]
        known = refcache.known_event_types(codes) if codes else set()
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors["secondary_types"] = _("Unknown event types: %(codes)s.") % {"codes": ", ".join(unknown)}
        incident.secondary_types = sorted({code for code in codes if code != incident.event_type_id})


def _actors(items: list[dict[str, Any]], errors: dict[str, str]) -> list[IncidentActor]:
    if not items:
        return []
    codes = {str(item.get("actor_type") or "") for item in items}
    known = refcache.known_actor_types(codes)
    actors = []
    for index, item in enumerate(items):
        code = str(item.get("actor_type") or "")
        if code not in known:
            errors[f"actors.{index}.actor_type"] = _("Unknown actor type %(code)s.") % {"code": code}
        side = _choice(item.get("side"), ActorSide, f"actors.{index}.side", errors, ActorSide.INITIATOR)
        actors.append(IncidentActor(actor_type_id=code, side=side, name=str(item.get("name") or "").strip()[:200]))
    return actors


def _independence_key(kind: str, name: str, url: str, informant: str) -> str:
    if url:
        parts = urlsplit(url.strip().lower())
        basis = f"url:{parts.netloc.removeprefix('www.')}{parts.path.rstrip('/')}"
    elif informant:
        basis = f"person:{norm_key(informant)}"
    elif name and kind not in PERSON_KINDS:
        basis = f"{kind}:{norm_key(name)}"
    else:
        import uuid

        return f"u:{uuid.uuid4().hex}"  # an anonymous person: independent of every other source
    # Keyed, so the stored key does not let anyone test guesses of an informant's name.
    return hmac.new(settings.SECRET_KEY.encode(), basis.encode(), hashlib.sha256).hexdigest()


def _sources(items: list[dict[str, Any]], errors: dict[str, str], field: str) -> list[IncidentSource]:
    sources = []
    for index, item in enumerate(items):
        where = f"{field}.{index}"
        kind = _choice(item.get("kind"), SourceKind, f"{where}.kind", errors, "")
        if not kind and f"{where}.kind" not in errors:
            errors[f"{where}.kind"] = _("Choose the kind of source.")
        reliability = _choice(item.get("reliability"), Reliability, f"{where}.reliability", errors, Reliability.F)
        url = str(item.get("url") or "").strip()
        if len(url) > MAX_URL:
            errors[f"{where}.url"] = _("Keep the web address to %(max)d characters or fewer.") % {"max": MAX_URL}
        elif url and not url.lower().startswith(("http://", "https://")):
            errors[f"{where}.url"] = _("Give a full web address starting with http:// or https://.")
        if kind == SourceKind.MEDIA and not url:
            errors[f"{where}.url"] = _("A media source needs the article's URL.")
        informant_name = str(item.get("informant_name") or "").strip()
        informant_contact = str(item.get("informant_contact") or "").strip()
        anonymous = bool(item.get("anonymous"))
        if (informant_name or informant_contact) and kind and kind not in PERSON_KINDS:
            errors[f"{where}.informant_name"] = _("Only a person (field officer, FKDM, public) has an informant.")
        if anonymous and (informant_name or informant_contact):
            errors[f"{where}.anonymous"] = _("An anonymous source has no name or contact.")
        name = str(item.get("name") or "").strip()[:200]
        sources.append(IncidentSource(
            kind=kind, reliability=reliability, name=name, url=url, anonymous=anonymous,
            informant_name_enc=crypto.encrypt(informant_name[:200]),
            informant_contact_enc=crypto.encrypt(informant_contact[:200]),
            independence_key=_independence_key(kind, name, url, f"{informant_name}|{informant_contact}".strip("|")),
        ))  # fmt: skip
    return sources


def _derive(incident: Incident, user: Any, *, region_changed: bool) -> None:
    region = incident.region
    incident.province_code = region.province_code if region else ""
    incident.kabkota_code = region.code if region else ""
    incident.place_code = (incident.desa or incident.kecamatan or region).code if region else ""  # type: ignore[union-attr]
    if region_changed:
        creator_scope = scope_of(incident.created_by) if incident.created_by_id else scope_of(user)
        if creator_scope.role == Role.PROVINCE_OFFICER and region is not None:
            incident.owner_code = region.province_code
        else:
            incident.owner_code = incident.kabkota_code
    early = incident.status in (Status.DRAFT, Status.SUBMITTED)
    if region is None and early:
        incident.handling_level = HandlingLevel.NATIONAL  # untriaged: the national desk places it
    elif region is not None and early and region_changed:
        incident.handling_level = HandlingLevel.KABKOTA


def _search_text(incident: Incident, actors: list[IncidentActor] | None = None) -> str:
    parts = [incident.title, incident.narrative, incident.damage]
    for region in (incident.region, incident.kecamatan, incident.desa):
        if region is not None:
            parts.append(region.name)
    parts += [incident.event_type.label_id, incident.event_type.label_en]
    if incident.event_subtype is not None:
        parts += [incident.event_subtype.label_id, incident.event_subtype.label_en]
    if actors is None and incident.pk:
        actors = list(incident.actors.all())
    parts += [actor.name for actor in actors or []]
    return " " + norm_key(" ".join(part for part in parts if part)) + " "


def _tag(incident: Incident) -> list[str]:
    """Set the election from the calendar and return the stage tags (written after the incident is saved)."""
    election, tags = stage_situation(incident.region, incident.occurred_on)
    incident.election_id = election
    return tags


def _write_stages(incident: Incident, tags: list[str], *, replace: bool = True) -> list[IncidentStage]:
    if replace:
        IncidentStage.objects.filter(incident=incident).delete()
    return IncidentStage.objects.bulk_create([IncidentStage(incident=incident, tag_id=tag) for tag in tags])


def refresh_corroboration(incident: Incident) -> int:
    count = IncidentSource.objects.filter(incident=incident).values("independence_key").distinct().count()
    Incident.objects.filter(pk=incident.pk).update(corroboration=count)
    incident.corroboration = count
    return count


def snapshot(incident: Incident) -> dict[str, Any]:
    """What the audit trail keeps of an incident: fields and counts, never informant identities."""
    fields = {key: getattr(incident, key if key not in {"region", "kecamatan", "desa", "event_type", "event_subtype"}
                           else key + "_id") for key in SCALAR_FIELDS}  # fmt: skip
    return fields | {
        "status": incident.status, "handling_level": incident.handling_level, "election": incident.election_id,
        "province_code": incident.province_code, "owner_code": incident.owner_code,
        "location_review": incident.location_review, "corroboration": incident.corroboration,
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Create and update


def create_incident(user: Any, data: dict[str, Any], request: HttpRequest | None = None, *, submit: bool = True,
                    on_write: Callable[[Incident], None] | None = None) -> Incident:  # fmt: skip
    """A new incident, submitted (or kept as a draft). Raises Invalid/Denied with nothing written.

    Validation reads run before the write transaction, so the database's write lock (SQLite: the whole file)
    is held only for the inserts. `on_write(incident)` runs inside that transaction (the idempotency key).
    The written rows are left on `incident.created_related`, so the caller can answer without reading back."""
    if not access.can_create_in(user):
        raise Denied({"request": _("Your role cannot report incidents.")})
    return _insert(user, data, request, submit=submit, on_write=on_write)


@dataclass(frozen=True)
class GatewayActor:
    """Who reports through an SMS/WhatsApp gateway (issue 6): a channel and one of its deliveries, no user."""

    channel: str
    delivery: str


def create_gateway_report(actor: GatewayActor, data: dict[str, Any], *, location_note: str = "",
                          on_write: Callable[[Incident], None] | None = None) -> Incident:  # fmt: skip
    """An unverified public report from a gateway channel. There is no signed-in user: the channel's HMAC
    signature was the gate, so there is no role check and no scope limit on the region; the report is submitted
    (verification stays with the offices), nobody is `created_by`, and the audit event (actor: system) names
    the channel and the delivery. `location_note` says how the region was found, for triage."""
    audit = {"intake_channel": actor.channel, "intake_delivery": actor.delivery}
    comment = _("Received through gateway channel %(channel)s.") % {"channel": actor.channel}
    return _insert(None, data, None, submit=True, on_write=on_write, audit=audit, comment=comment,
                   location_note=location_note)  # fmt: skip


def _insert(user: Any, data: dict[str, Any], request: HttpRequest | None, *, submit: bool,
            on_write: Callable[[Incident], None] | None, audit: dict[str, str] | None = None, comment: str = "",
            location_note: str = "") -> Incident:  # fmt: skip
    claim = on_write if isinstance(on_write, Claim) else None
    new = prepare_new(user, data, request, submit=submit, claim=claim, audit=audit, comment=comment,
                      location_note=location_note)  # fmt: skip
    if group_commit.applies(on_write):
        group_commit.commit(new)
        if new.outcome == group_commit.KEY_TAKEN:  # as on the single path: the caller answers with the winner
            raise IntegrityError("The Idempotency-Key was claimed by a concurrent request.")
        if new.outcome == group_commit.UNSURE:  # no key to make a retry safe: the reporter resends
            raise DatabaseError("The database did not confirm the write; send the report again.")
    if new.outcome != group_commit.WRITTEN:  # inside the caller's transaction, or the group commit failed
        _write_alone(new, on_write)
    incident = new.incident
    incident.created_related = {  # type: ignore[attr-defined]
        "actors": new.actors, "sources": new.sources, "attachments": [], "transitions": [new.step],
        "followups": [], "stage_tags": new.links, "merged": [],
    }  # fmt: skip
    return incident


def prepare_new(user: Any, data: dict[str, Any], request: HttpRequest | None, *, submit: bool,
                claim: Claim | None = None, audit: dict[str, str] | None = None, comment: str = "",
                location_note: str = "") -> group_commit.NewIncident:  # fmt: skip
    """Check a new report and build every row it needs, writing nothing. Raises Invalid on any problem.
    All this happens before the write lock is taken; only the ids are missing."""
    creator = user if getattr(user, "is_authenticated", False) else None
    incident = Incident(created_by=creator)
    incident.status = Status.SUBMITTED if submit else Status.DRAFT
    related = _apply(incident, data, user, creating=True)
    if location_note:
        incident.location_note = " ".join(part for part in (incident.location_note, location_note) if part)[:300]
    actors, sources = related["actors"] or [], related["sources"]
    incident.search_text = _search_text(incident, actors)
    incident.corroboration = len({source.independence_key for source in sources})
    tags = _tag(incident)
    after = snapshot(incident) | {"stage_tags": tags} | (audit or {})
    for source in sources:
        source.created_by = creator
    step = Transition(from_status="", to_status=incident.status, actor=creator, to_level=incident.handling_level,
                      comment=comment or _("Reported."))  # fmt: skip
    return group_commit.NewIncident(incident, tags, actors, sources, step, user, after, request, claim)


def _write_alone(new: group_commit.NewIncident, on_write: Callable[[Incident], None] | None) -> None:
    incident, step = new.incident, new.step
    with transaction.atomic():
        incident.save(force_insert=True)
        new.links = _write_stages(incident, new.tags, replace=False)
        group_commit.attach(new, timezone.now())
        IncidentActor.objects.bulk_create(new.actors)
        IncidentSource.objects.bulk_create(new.sources)
        step.save(force_insert=True)
        record(new.user, "incident.create", incident, after=new.after, request=new.request)
        if on_write is not None:
            on_write(incident)
    new.outcome = group_commit.WRITTEN


def _store_sources(incident: Incident, sources: list[IncidentSource], user: Any) -> None:
    creator = user if getattr(user, "is_authenticated", False) else None
    for source in sources:
        source.incident, source.created_by = incident, creator
    IncidentSource.objects.bulk_create(sources)
    refresh_corroboration(incident)


def update_incident(
    user: Any, incident: Incident, data: dict[str, Any], request: HttpRequest | None = None
) -> Incident:
    """PATCH: only the keys present change; `actors` replaces the list, `add_sources` appends sources."""
    if not access.can_change(user, incident):
        raise Denied({"request": _("You may not change incident %(id)s now.") % {"id": incident.pk}})
    with transaction.atomic():
        locked = (
            Incident.objects.select_for_update(of=("self",))
            .select_related("region", "kecamatan", "desa")
            .get(pk=incident.pk)
        )
        before = snapshot(locked)
        related = _apply(locked, data, user, creating=False)
        actors = related["actors"]
        if actors is not None:
            IncidentActor.objects.filter(incident=locked).delete()
            for actor in actors:
                actor.incident = locked
            IncidentActor.objects.bulk_create(actors)
        locked.search_text = _search_text(locked)
        locked.updated_at = timezone.now()
        tags = None
        if {"occurred_on", "region", "kecamatan", "desa", "lat", "lng"} & data.keys():
            tags = _tag(locked)  # the date or the place moved: stages follow
        locked.save()
        if tags is not None:
            _write_stages(locked, tags)
        if related["sources"]:
            _store_sources(locked, related["sources"], user)
        after = snapshot(locked) | ({"stage_tags": tags} if tags is not None else {})
        record(user, "incident.update", locked, before=before, after=after, request=request)
    return locked


# ---------------------------------------------------------------------------------------------------------
# Informants


def reveal_informants(user: Any, incident: Incident, request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """Decrypted informant identities, for the owning office and national roles only; every call audited."""
    if not access.can_see_informants(user, incident):
        raise Denied({"informants": _("Only the owning office and national roles see informants.")})
    sources = [source for source in incident.sources.all() if source.has_informant]
    record(user, "incident.informant_view", incident, after={"sources": [source.pk for source in sources]},
           request=request)  # fmt: skip
    return [{"source": source.pk, "kind": source.kind, "informant_name": crypto.decrypt(source.informant_name_enc),
             "informant_contact": crypto.decrypt(source.informant_contact_enc)} for source in sources]  # fmt: skip


def rotate_informant_keys(batch_size: int = 500) -> int:
    """Re-encrypt every informant field under the current key. One audit event for the batch."""
    import uuid

    from waspada.core.audit import record_batch

    done = 0
    queryset = IncidentSource.objects.exclude(informant_name_enc="", informant_contact_enc="").order_by("pk")
    last = 0
    while True:
        with transaction.atomic():
            rows = list(queryset.filter(pk__gt=last).select_for_update()[:batch_size])
            if not rows:
                break
            for row in rows:
                row.informant_name_enc = crypto.rotate(row.informant_name_enc)
                row.informant_contact_enc = crypto.rotate(row.informant_contact_enc)
            IncidentSource.objects.bulk_update(rows, ["informant_name_enc", "informant_contact_enc"])
            done += len(rows)
            last = rows[-1].pk
    record_batch(None, "incidents.rotate_keys", object_type="incidents.incidentsource", job_id=uuid.uuid4().hex,
                 counts={"sources": done})  # fmt: skip
    return done


def status_counts(queryset: Any) -> dict[str, int]:
    return dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
