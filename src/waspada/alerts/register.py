"""The risk and action register (issue 18, Alerts): write and read entries per region. Every write checks the
caller's scope and each field (a DomainError naming the field, nothing written), keeps one change row with the
fields it changed and appends one audit event, in one transaction. Pages and the API only read the form or the
JSON into plain values and call here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.alerts.models import Alert, RiskEntry, RiskEntryChange
from waspada.alerts.register_choices import SCALE, MitigationKind, RiskStatus, band_minimum, rating_of
from waspada.core.audit import record
from waspada.core.errors import DomainError
from waspada.core.scope import NATIONAL_ROLES, OFFICE_ROLES, region_in_scope, scope_of
from waspada.incidents.models.taxonomy import EventType
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

# Who may write the register: the offices and the national desk (the roles that respond to alerts).
WRITERS = frozenset({*OFFICE_ROLES, *NATIONAL_ROLES})
FIELDS = ("region", "risk", "category", "likelihood", "impact", "owner", "mitigation_kind", "mitigation", "status",
          "due_on", "outcome", "alert")  # fmt: skip
MAX_TEXT = 4000


class Refused(DomainError):
    status = 403


def _invalid(field: str, message: str) -> DomainError:
    return DomainError({field: message})


def entries_for(user: Any) -> QuerySet[RiskEntry]:
    """The entries the user's scope reaches: a province office its province and its kab/kota, a kab/kota office
    only its own, the national desk everything."""
    return (RiskEntry.objects.restrict(user)  # type: ignore[attr-defined, no-any-return]
            .select_related("region", "owner", "category", "alert"))  # fmt: skip


@dataclass(frozen=True)
class Filters:
    status: str = ""  # a RiskStatus value, "open" (all but closed) or "" (all)
    kind: str = ""
    band: str = ""  # this rating band or higher
    region: str = ""  # a region code prefix
    owner: int | None = None


def filtered(user: Any, filters: Filters) -> QuerySet[RiskEntry]:
    rows = entries_for(user)
    if filters.status == "open":
        rows = rows.exclude(status=RiskStatus.CLOSED)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(mitigation_kind=filters.kind)
    if filters.band:
        rows = rows.filter(rating__gte=band_minimum(filters.band))
    if filters.region:
        rows = rows.filter(Q(region__code=filters.region) | Q(region__code__startswith=filters.region + "."))
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    return rows


def get_entry(user: Any, pk: int) -> RiskEntry | None:
    return entries_for(user).filter(pk=pk).first()


def owners_for(user: Any, region_code: str | None = None) -> list[Any]:
    """Active office and national-desk accounts that work in the region (or, without one, in the user's scope)."""
    code = region_code or scope_of(user).region_code
    users = get_user_model().objects.filter(is_active=True, role__in=list(WRITERS))
    if code:
        ancestors = [code[:2], code[:5]] if len(code) >= 5 else [code[:2]]
        users = users.filter(Q(role__in=list(NATIONAL_ROLES)) | Q(scope_region_id__in=ancestors)
                             | Q(scope_region__code__startswith=code + "."))  # fmt: skip
    return [u for u in users.order_by("username")[:500] if not code or region_in_scope(u, code)]


def history(entry: RiskEntry) -> list[RiskEntryChange]:
    return list(entry.changes.select_related("changed_by"))


# ---------------------------------------------------------------------------------------------------------
# Checking the fields


def _region(user: Any, code: Any) -> Region:
    code = str(code or "").strip()
    if not code:
        raise _invalid("region", _("Choose the regency/city or province the risk is in."))
    region = Region.objects.filter(code=code, is_active=True).first()
    if region is None or region.level not in (Level.PROVINCE, *KABKOTA_LEVELS):
        raise _invalid("region", _("Region %(code)s is not an active province or regency/city.") % {"code": code})
    if not region_in_scope(user, region.code):
        raise Refused({"region": _("Region %(code)s is outside your area.") % {"code": code}})
    return region


def _text(field: str, value: Any, *, required: bool, message: str = "") -> str:
    text = str(value or "").strip()
    if required and not text:
        raise _invalid(field, message)
    if len(text) > MAX_TEXT:
        raise _invalid(field, _("At most %(n)s characters.") % {"n": MAX_TEXT})
    return text


def _score(field: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in SCALE:
        raise _invalid(field, _("Give a whole number from 1 to 5."))
    return number


def _category(value: Any) -> EventType | None:
    code = str(value or "").strip()
    if not code:
        return None
    category = EventType.objects.filter(code=code).first()
    if category is None:
        raise _invalid("category", _("Unknown event type “%(code)s”.") % {"code": code})
    return category


def _owner(value: Any, region: Region) -> Any:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise _invalid("owner", _("Choose who owns this risk.")) from None
    owner = get_user_model().objects.filter(pk=pk, is_active=True, role__in=list(WRITERS)).first()
    if owner is None or not region_in_scope(owner, region.code):
        raise _invalid("owner", _("Choose an active office account that works in %(region)s.")
                       % {"region": region.name})  # fmt: skip
    return owner


def _choice(field: str, value: Any, choices: Iterable[str]) -> str:
    text = str(value or "").strip()
    if text not in choices:
        raise _invalid(field, _("Unknown value “%(value)s”.") % {"value": text})
    return text


def _due(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _invalid("due_on", _("Give the due date as a date (YYYY-MM-DD).")) from None


def _alert(user: Any, value: Any, region: Region) -> Alert | None:
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise _invalid("alert", _("Give the alert's number.")) from None
    alert = Alert.objects.restrict(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    if alert is None:
        raise _invalid("alert", _("No alert %(id)s in your area.") % {"id": pk})
    if not (alert.kabkota_code == region.code or alert.province_code == region.code):
        raise _invalid("alert", _("Alert %(id)s is about another region.") % {"id": pk})
    return alert  # type: ignore[no-any-return]


def _checked(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Every field of a whole entry, checked in the order a form shows them; the first problem is raised."""
    region = _region(user, data.get("region"))
    status = _choice("status", data.get("status") or RiskStatus.IDENTIFIED, RiskStatus.values)
    values = {
        "region": region,
        "risk": _text("risk", data.get("risk"), required=True, message=_("Describe the risk.")),
        "category": _category(data.get("category")),
        "likelihood": _score("likelihood", data.get("likelihood")),
        "impact": _score("impact", data.get("impact")),
        "owner": _owner(data.get("owner"), region),
        "mitigation_kind": _choice("mitigation_kind", data.get("mitigation_kind"), MitigationKind.values),
        "mitigation": _text("mitigation", data.get("mitigation"), required=False),
        "status": status,
        "due_on": _due(data.get("due_on")),
        "outcome": _text(
            "outcome",
            data.get("outcome"),
            required=status == RiskStatus.CLOSED,
            message=_("Say how it ended before closing the risk."),
        ),  # fmt: skip
        "alert": _alert(user, data.get("alert"), region),
    }
    return values


def _may_write(user: Any) -> None:
    if scope_of(user).role not in WRITERS:
        raise Refused({"register": _("Your role cannot change the risk register.")})


def _plain(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in ("region", "category", "owner", "alert"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _current(entry: RiskEntry) -> dict[str, Any]:
    return {"region": entry.region, "risk": entry.risk, "category": entry.category, "likelihood": entry.likelihood,
            "impact": entry.impact, "owner": entry.owner, "mitigation_kind": entry.mitigation_kind,
            "mitigation": entry.mitigation, "status": entry.status, "due_on": entry.due_on, "outcome": entry.outcome,
            "alert": entry.alert}  # fmt: skip


def _apply(entry: RiskEntry, values: dict[str, Any]) -> None:
    for field, value in values.items():
        setattr(entry, field, value)
    entry.province_code = entry.region.province_code
    entry.kabkota_code = entry.region.code if entry.region.level in KABKOTA_LEVELS else ""
    entry.rating = rating_of(entry.likelihood, entry.impact)
    entry.updated_at = timezone.now()
    if entry.status == RiskStatus.CLOSED:
        entry.closed_on = entry.closed_on or timezone.localdate()
    else:
        entry.closed_on = None


def create(user: Any, data: dict[str, Any]) -> RiskEntry:
    _may_write(user)
    values = _checked(user, data)
    with transaction.atomic():
        entry = RiskEntry(created_by=user)
        _apply(entry, values)
        entry.save()
        after = {field: _plain(field, value) for field, value in values.items()}
        RiskEntryChange.objects.create(entry=entry, changed_by=user,
                                       changes={field: [None, value] for field, value in after.items()
                                                if value not in (None, "")})  # fmt: skip
        record(user, "alerts.risk_create", entry, after=after, region_code=entry.region_id)
    return entry


def update(user: Any, entry: RiskEntry, data: dict[str, Any]) -> RiskEntry:
    """Change some fields (those in `data`; the others keep their value). A change of region stays within the
    caller's scope; nothing is written when nothing changed."""
    _may_write(user)
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise _invalid(unknown[0], _("This field cannot be changed."))
    before = {field: _plain(field, value) for field, value in _current(entry).items()}
    merged = {**before, **data}
    values = _checked(user, merged)
    after = {field: _plain(field, value) for field, value in values.items()}
    changed = {field: [before[field], after[field]] for field in FIELDS if before[field] != after[field]}
    if not changed:
        return entry
    with transaction.atomic():
        _apply(entry, values)
        entry.save()
        RiskEntryChange.objects.create(entry=entry, changed_by=user, changes=changed)
        record(user, "alerts.risk_update", entry, before={f: v[0] for f, v in changed.items()},
               after={f: v[1] for f, v in changed.items()}, region_code=entry.region_id)  # fmt: skip
    return entry
