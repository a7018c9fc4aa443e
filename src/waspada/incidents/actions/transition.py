"""Moving an incident through the workflow (the rules: incidents.workflow): a Transition row and one audit
event each, and the reporter told (actions/status_notice.py). Denied (403) when the role or scope may not,
Invalid (422) for a bad request."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.scope import Role
from waspada.incidents import access
from waspada.incidents.actions.derived import snapshot
from waspada.incidents.actions.merge import merge_sources, merge_target
from waspada.incidents.actions.status_notice import tell
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import HandlingLevel, Incident, Status, Transition
from waspada.incidents.workflow import NEXT_LEVEL, allowed, own_verification, rule_for


def transition_incident(writer: Writer, incident: Incident, to_status: str, comment: str = "", *,
                        duplicate_of: int | None = None) -> Incident:  # fmt: skip
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if not access.can_read(writer.scope, locked):  # a redacted item: 403 that does not tell its status
            raise Denied({"to": _("You may not act on incident %(id)s.") % {"id": locked.pk}})
        if to_status not in Status.values:
            raise Invalid({"to": _("Unknown status %(status)s.") % {"status": to_status}})
        rule = rule_for(locked.status, to_status)
        if rule is None:
            raise Invalid({"to": _("An incident that is %(from)s cannot become %(to)s.") % {
                "from": Status(locked.status).label, "to": Status(to_status).label}})  # fmt: skip
        if not allowed(writer.scope, locked, rule, four_eyes=False):
            raise Denied({"to": _("Your role and scope do not allow “%(action)s” on incident %(id)s.") % {
                "action": rule.label, "id": locked.pk}})  # fmt: skip
        if own_verification(writer.scope, locked, rule):
            raise Denied({"to": _("Four-eyes rule: you reported incident %(id)s, so another officer must verify "
                                  "it.") % {"id": locked.pk}})  # fmt: skip
        if rule.comment_required and not comment:
            raise Invalid({"comment": _("Say why (a comment is required for “%(action)s”).") % {"action": rule.label}})
        if rule.name == "verify" and not locked.kabkota_code:
            raise Invalid({"region": _("Place the incident in a kab/kota before verifying it.")})
        before = snapshot(locked)
        master = merge_target(writer.scope, locked, duplicate_of) if rule.name == "duplicate" else None
        from_level = locked.handling_level
        if rule.name == "escalate":  # a province passes straight to the national desk
            from_province = writer.scope.role == Role.PROVINCE_OFFICER
            locked.handling_level = HandlingLevel.NATIONAL if from_province else NEXT_LEVEL[HandlingLevel(from_level)]
        locked.status = rule.target
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "handling_level", "duplicate_of", "updated_at"])
        if master is not None:
            merge_sources(locked, master)
        Transition.objects.create(incident=locked, from_status=before["status"], to_status=locked.status,
                                  from_level=from_level, to_level=locked.handling_level, actor=writer.user,
                                  comment=comment)  # fmt: skip
        record(writer.user, f"incident.{rule.name}", locked, before=before,
               after=snapshot(locked) | {"comment": comment}, request=writer.request)  # fmt: skip
        tell(locked, before["status"], writer.creator, comment)  # the reporter and the region's subscribers
    return locked
