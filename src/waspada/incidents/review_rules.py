"""The four-eyes rule per office (models.ReviewRule): reading it for an incident, and changing it.

Read: the incident's kab/kota office, else its province, else the national default, else on.
Write: the national admin for any office; a province officer for its province and the kab/kota in it. A
kab/kota office does not switch off the check on itself. Every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.scope import Role, scope_of
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import Incident, ReviewRule
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

DEFAULT_FOUR_EYES = True


def four_eyes_for(region_code: str | None) -> bool:
    """Whether the four-eyes rule holds for an item in this region (any level; its kab/kota and province
    decide)."""
    code = region_code or ""
    offices = [code[:5]] if code.count(".") >= 1 else []
    offices += [code[:2]] if code else []
    rows = dict(ReviewRule.objects.filter(region_code__in=[*offices, ""]).values_list("region_code", "four_eyes"))
    for office in [*offices, ""]:
        if office in rows:
            return rows[office]
    return DEFAULT_FOUR_EYES


def own_report_blocked(user: Any, incident: Incident) -> bool:
    """True when `user` reported `incident` and its office keeps the four-eyes rule: they may not verify it."""
    user_id = scope_of(user).user_id
    if user_id is None or incident.created_by_id != user_id:
        return False
    return four_eyes_for(incident.region_id or incident.kabkota_code or incident.province_code)


def office_error(region_code: str) -> str | None:
    """Why `region_code` names no office (None when it is a province, a kab/kota or "" for national)."""
    if not region_code:
        return None
    region = Region.objects.filter(code=region_code).only("level").first()
    if region is None or region.level not in (Level.PROVINCE, *KABKOTA_LEVELS):
        return _("%(code)s is not a province or kab/kota code.") % {"code": region_code}
    return None


def may_configure(user: Any, region_code: str) -> bool:
    scope = scope_of(user)
    if scope.role == Role.NATIONAL_ADMIN:
        return True
    return (scope.role == Role.PROVINCE_OFFICER and bool(region_code) and bool(scope.region_code)
            and region_code[:2] == scope.region_code)  # fmt: skip


def set_four_eyes(user: Any, region_code: str, four_eyes: bool, *, request: Any = None) -> ReviewRule:
    """Set one office's rule ("" = the national default), audited."""
    region_code = (region_code or "").strip()
    problem = office_error(region_code)
    if problem:
        raise Invalid({"region_code": problem})
    if not may_configure(user, region_code):
        raise Denied({"region_code": _("You may not change the review rule of %(office)s.") % {
            "office": region_code or _("the national default")}})  # fmt: skip
    with transaction.atomic():
        rule = ReviewRule.objects.select_for_update().filter(region_code=region_code).first()
        before = {"four_eyes": rule.four_eyes} if rule else None
        if rule is None:
            rule = ReviewRule(region_code=region_code)
        rule.four_eyes, rule.updated_at = four_eyes, timezone.now()
        rule.updated_by = user if getattr(user, "is_authenticated", False) else None
        rule.save()
        record(user, "incident.review_rule", rule, before=before, after={"four_eyes": four_eyes},
               request=request, region_code=region_code or None)  # fmt: skip
    return rule
