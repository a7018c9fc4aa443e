"""Audit events as sentences in the reader's language: "budi mengubah status insiden #123 dari Diajukan ke
Terverifikasi". Rendered at read time from the stored fields (actor name, action, object type and id, the
before/after snapshots), so the hash-chained record itself stays exactly as written (chain.py).

Object and field names come from the models' own verbose names and choices (looked up by the stored
`app_label.model` label, so core needs no domain app); the verbs are the table below, one line per action the
services record. An action missing from the table still reads as a sentence, never as its code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.core.audit.models import AuditEvent

# Action -> (short name for the filter list, sentence). %(actor)s and %(object)s are filled in; a status
# change always reads "changed the status of ... from ... to ..." whatever rule made it.
ACTIONS: dict[str, tuple[Promise, Promise]] = {
    "accounts.login": (gettext_lazy("Sign-in"), gettext_lazy("%(actor)s signed in")),
    "accounts.logout": (gettext_lazy("Sign-out"), gettext_lazy("%(actor)s signed out")),
    "accounts.login_failed": (gettext_lazy("Failed sign-in"),
                              gettext_lazy("Failed sign-in as “%(username)s”")),
    "accounts.user.create": (gettext_lazy("Account created"), gettext_lazy("%(actor)s created %(object)s")),
    "accounts.user.update": (gettext_lazy("Account changed"), gettext_lazy("%(actor)s changed %(object)s")),
    "accounts.user.enable": (gettext_lazy("Account enabled"), gettext_lazy("%(actor)s enabled %(object)s")),
    "accounts.user.disable": (gettext_lazy("Account disabled"), gettext_lazy("%(actor)s disabled %(object)s")),
    "accounts.user.password_reset": (gettext_lazy("Password reset sent"),
                                     gettext_lazy("%(actor)s sent a password reset link to %(object)s")),
    "accounts.user.set_password": (gettext_lazy("Password set"),
                                   gettext_lazy("%(actor)s set a new password for %(object)s")),
    "accounts.user.import": (gettext_lazy("Accounts imported"),
                             gettext_lazy("%(actor)s imported accounts from a spreadsheet")),
    "accounts.token.create": (gettext_lazy("API token created"), gettext_lazy("%(actor)s created %(object)s")),
    "accounts.token.revoke": (gettext_lazy("API token revoked"), gettext_lazy("%(actor)s revoked %(object)s")),
    "accounts.2fa.enable": (gettext_lazy("Two-factor sign-in turned on"),
                            gettext_lazy("%(actor)s turned on two-factor sign-in")),
    "accounts.2fa.disable": (gettext_lazy("Two-factor sign-in turned off"),
                             gettext_lazy("%(actor)s turned off two-factor sign-in")),
    "accounts.2fa.remove": (gettext_lazy("Two-factor device removed"),
                            gettext_lazy("%(actor)s removed the two-factor device of %(object)s")),
    "audit.export": (gettext_lazy("Audit trail exported"), gettext_lazy("%(actor)s exported the audit trail")),
    "incident.create": (gettext_lazy("Incident reported"), gettext_lazy("%(actor)s reported %(object)s")),
    "incident.update": (gettext_lazy("Incident edited"), gettext_lazy("%(actor)s edited %(object)s")),
    "incident.submit": (gettext_lazy("Incident submitted"), gettext_lazy("%(actor)s submitted %(object)s")),
    "incident.verify": (gettext_lazy("Incident verified"), gettext_lazy("%(actor)s verified %(object)s")),
    "incident.unverifiable": (gettext_lazy("Incident marked unverifiable"),
                              gettext_lazy("%(actor)s marked %(object)s as unverifiable")),
    "incident.reject": (gettext_lazy("Incident rejected"), gettext_lazy("%(actor)s rejected %(object)s")),
    "incident.duplicate": (gettext_lazy("Incident marked duplicate"),
                           gettext_lazy("%(actor)s marked %(object)s as a duplicate")),
    "incident.escalate": (gettext_lazy("Incident escalated"), gettext_lazy("%(actor)s escalated %(object)s")),
    "incident.handle": (gettext_lazy("Incident handled"), gettext_lazy("%(actor)s marked %(object)s as handled")),
    "incident.close": (gettext_lazy("Incident closed"), gettext_lazy("%(actor)s closed %(object)s")),
    "incident.reopen": (gettext_lazy("Incident reopened"), gettext_lazy("%(actor)s reopened %(object)s")),
    "incident.attachment_add": (gettext_lazy("Attachment added"),
                                gettext_lazy("%(actor)s attached a file to %(object)s")),
    "incident.followup_add": (gettext_lazy("Follow-up added"),
                              gettext_lazy("%(actor)s added a follow-up action to %(object)s")),
    "incident.followup_update": (gettext_lazy("Follow-up changed"),
                                 gettext_lazy("%(actor)s changed a follow-up action of %(object)s")),
    "incident.informant_view": (gettext_lazy("Informant details viewed"),
                                gettext_lazy("%(actor)s viewed the informant details of %(object)s")),
    "monitoring.instrument_load": (gettext_lazy("Instrument loaded"),
                                   gettext_lazy("%(actor)s loaded the monitoring instrument %(object)s")),
    "monitoring.version_publish": (gettext_lazy("Instrument version published"),
                                   gettext_lazy("%(actor)s published %(object)s")),
    "monitoring.version_create": (gettext_lazy("Instrument version created"),
                                  gettext_lazy("%(actor)s made a new draft version %(object)s")),
    "monitoring.indicator_update": (gettext_lazy("Instrument question changed"),
                                    gettext_lazy("%(actor)s changed a question of %(object)s")),
    "monitoring.round_open": (gettext_lazy("Monitoring round opened"), gettext_lazy("%(actor)s opened %(object)s")),
    "monitoring.round_close": (gettext_lazy("Monitoring round closed"), gettext_lazy("%(actor)s closed %(object)s")),
    "monitoring.answers_save": (gettext_lazy("Monitoring answers saved"),
                                gettext_lazy("%(actor)s saved answers of %(object)s")),
    "monitoring.answers_save_on_behalf": (
        gettext_lazy("Monitoring answers saved on behalf of the office"),
        gettext_lazy("%(actor)s saved answers of %(object)s on behalf of the office"),
    ),
    "monitoring.submit": (gettext_lazy("Monitoring questionnaire submitted"),
                          gettext_lazy("%(actor)s submitted %(object)s")),
    "monitoring.resubmit": (gettext_lazy("Monitoring questionnaire resubmitted"),
                            gettext_lazy("%(actor)s resubmitted %(object)s")),
    "monitoring.approve": (gettext_lazy("Monitoring questionnaire approved"),
                           gettext_lazy("%(actor)s approved %(object)s")),
    "monitoring.return": (gettext_lazy("Monitoring questionnaire returned"),
                          gettext_lazy("%(actor)s returned %(object)s with comments")),
    "monitoring.remind": (gettext_lazy("Monitoring reminders sent"),
                          gettext_lazy("%(actor)s sent reminders to offices with late monitoring questionnaires")),
    "monitoring.demo": (gettext_lazy("Demo monitoring rounds loaded"),
                        gettext_lazy("%(actor)s loaded the demo monitoring rounds")),
    "alerts.webhook_created": (gettext_lazy("Webhook receiver subscribed"),
                               gettext_lazy("%(actor)s subscribed the webhook receiver %(object)s")),
    "alerts.webhook_disabled": (gettext_lazy("Webhook receiver disabled"),
                                gettext_lazy("%(actor)s stopped sending to the webhook receiver %(object)s")),
    "alerts.ew_run": (gettext_lazy("Early-warning run"), gettext_lazy("%(actor)s ran the early-warning rules")),
    "alerts.escalate": (gettext_lazy("Alert escalated"),
                        gettext_lazy("%(actor)s escalated %(object)s to the next office")),
    "alerts.acknowledge": (gettext_lazy("Alert acknowledged"), gettext_lazy("%(actor)s acknowledged %(object)s")),
    "alerts.action_add": (gettext_lazy("Follow-up action added"),
                          gettext_lazy("%(actor)s added a follow-up action to %(object)s")),
    "alerts.close": (gettext_lazy("Alert closed"), gettext_lazy("%(actor)s closed %(object)s")),
    "alerts.forecast_model_trained": (gettext_lazy("Forecast model trained"),
                                      gettext_lazy("%(actor)s trained the forecast model %(object)s")),
    "alerts.forecast": (gettext_lazy("Forecasts written"), gettext_lazy("%(actor)s wrote the day's forecasts")),
    "alerts.digest": (gettext_lazy("Alert digest sent"), gettext_lazy("%(actor)s sent the daily alert digest")),
    "alerts.risk_create": (gettext_lazy("Risk added to the register"),
                           gettext_lazy("%(actor)s added %(object)s to the risk register")),
    "alerts.risk_update": (gettext_lazy("Risk register entry changed"), gettext_lazy("%(actor)s changed %(object)s")),
    "alerts.subscription_created": (gettext_lazy("Alert subscription created"),
                                    gettext_lazy("%(actor)s subscribed to alerts")),
    "alerts.subscription_changed": (gettext_lazy("Alert subscription changed"),
                                    gettext_lazy("%(actor)s changed an alert subscription")),
    "alerts.subscription_deleted": (gettext_lazy("Alert subscription deleted"),
                                    gettext_lazy("%(actor)s deleted an alert subscription")),
    "risk.compute": (gettext_lazy("Vulnerability index computed"),
                     gettext_lazy("%(actor)s computed the vulnerability index")),
    "risk.method": (gettext_lazy("Index method changed"),
                    gettext_lazy("%(actor)s put a new version of the index method in use")),
    "grants.agreement_create": (gettext_lazy("Grant agreement recorded"),
                                gettext_lazy("%(actor)s recorded %(object)s")),
    "grants.agreement_update": (gettext_lazy("Grant agreement changed"), gettext_lazy("%(actor)s changed %(object)s")),
    "grants.tranche_pay": (gettext_lazy("Grant payment recorded"),
                           gettext_lazy("%(actor)s recorded a payment on %(object)s")),
    "grants.document_attach": (gettext_lazy("Grant document attached"),
                               gettext_lazy("%(actor)s attached %(object)s")),
    "grants.import": (gettext_lazy("Grant agreements imported"),
                      gettext_lazy("%(actor)s imported grant agreements from a spreadsheet")),
    "grants.demo": (gettext_lazy("Demo grant agreements loaded"),
                    gettext_lazy("%(actor)s loaded the demo grant agreements")),
    "incidents.import": (gettext_lazy("Incidents imported"),
                         gettext_lazy("%(actor)s imported incidents from a spreadsheet")),
    "incidents.export": (gettext_lazy("Incidents exported"), gettext_lazy("%(actor)s exported incidents")),
    "incidents.demo": (gettext_lazy("Demo incidents loaded"), gettext_lazy("%(actor)s loaded the demo incidents")),
    "incidents.synthesize": (gettext_lazy("Synthetic history generated"),
                             gettext_lazy("%(actor)s generated the synthetic history")),
    "incidents.rotate_keys": (gettext_lazy("Encryption key rotated"),
                              gettext_lazy("%(actor)s encrypted the informant details with a new key")),
    "incidents.taxonomy_import": (gettext_lazy("Taxonomy imported"),
                                  gettext_lazy("%(actor)s imported the event taxonomy")),
    "intake.channel_add": (gettext_lazy("Gateway channel added"), gettext_lazy("%(actor)s added %(object)s")),
    "intake.channel_rotate": (gettext_lazy("Gateway secret renewed"),
                              gettext_lazy("%(actor)s renewed the secret of %(object)s")),
    "intake.channel_enable": (gettext_lazy("Gateway channel enabled"), gettext_lazy("%(actor)s enabled %(object)s")),
    "intake.channel_disable": (gettext_lazy("Gateway channel disabled"),
                               gettext_lazy("%(actor)s disabled %(object)s")),
    "intake.process": (gettext_lazy("Gateway messages processed"),
                       gettext_lazy("%(actor)s processed messages from the SMS/WhatsApp gateway")),
    "elections.import": (gettext_lazy("Election calendar imported"),
                         gettext_lazy("%(actor)s imported the election calendar")),
    "elections.cycle_create": (gettext_lazy("Election cycle entered"),
                               gettext_lazy("%(actor)s entered the election cycle %(object)s")),
    "elections.cycle_update": (gettext_lazy("Election cycle changed"),
                               gettext_lazy("%(actor)s changed the election cycle %(object)s")),
    "elections.cycle_confirm": (gettext_lazy("Election dates confirmed"),
                                gettext_lazy("%(actor)s confirmed the dates of %(object)s")),
    "elections.stage_save": (gettext_lazy("Election stage saved"),
                             gettext_lazy("%(actor)s saved a stage of %(object)s")),
    "elections.stage_delete": (gettext_lazy("Election stage removed"),
                               gettext_lazy("%(actor)s removed a stage of %(object)s")),
    "elections.stage_sheet": (gettext_lazy("Election stages imported"),
                              gettext_lazy("%(actor)s imported stages of %(object)s from a spreadsheet")),
    "regions.import": (gettext_lazy("Regions imported"), gettext_lazy("%(actor)s imported the official regions")),
    "risk.reference_load": (gettext_lazy("Published index editions loaded"),
                            gettext_lazy("%(actor)s loaded the published index editions")),
    "accounts.email_change.request": (gettext_lazy("E-mail change requested"),
                                      gettext_lazy("%(actor)s asked to change the e-mail address of %(object)s")),
    "accounts.user.email_change": (gettext_lazy("E-mail changed"),
                                   gettext_lazy("%(actor)s confirmed a new e-mail address for %(object)s")),
    "accounts.user.password_change": (gettext_lazy("Password changed"),
                                      gettext_lazy("%(actor)s changed their own password")),
    "incident.review_rule": (gettext_lazy("Four-eyes rule changed"),
                             gettext_lazy("%(actor)s changed the four-eyes rule of %(object)s")),
    "incidents.informants.purge": (gettext_lazy("Informant data erased"),
                                   gettext_lazy("%(actor)s erased old informant personal data")),
    "education.activity_create": (gettext_lazy("Political-education activity recorded"),
                                  gettext_lazy("%(actor)s recorded %(object)s")),
    "education.photo_add": (gettext_lazy("Activity photos added"),
                            gettext_lazy("%(actor)s added photos to %(object)s")),
    "education.import": (gettext_lazy("Political-education activities imported"),
                         gettext_lazy("%(actor)s imported political-education activities from a spreadsheet")),
    "education.demo": (gettext_lazy("Demo political-education activities loaded"),
                       gettext_lazy("%(actor)s loaded the demo political-education activities")),
}  # fmt: skip

STATUS_CHANGE = gettext_lazy("%(actor)s changed the status of %(object)s from %(from)s to %(to)s")
FIELDS_CHANGED = gettext_lazy("%(sentence)s (changed: %(fields)s)")
SOMEONE_ACTED = gettext_lazy("%(actor)s made a change to %(object)s")
SOMEONE_ACTED_ALONE = gettext_lazy("%(actor)s made a change")
THE_SYSTEM = gettext_lazy("The system")
FIELDS_SHOWN = 6


def action_label(action: str) -> str:
    """The short name of an action (filter lists, export); an unknown one reads as a generic change."""
    entry = ACTIONS.get(action)
    return str(entry[0]) if entry else _("Other change")


def _model(object_type: str) -> type[models.Model] | None:
    if "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name_plural) if model is not None else _("Other records")


def object_label(event: AuditEvent) -> str:
    """"incident #123", "user budi"; a batch names its kind only."""
    model = _model(event.object_type)
    if model is None:
        return ""
    name = str(model._meta.verbose_name)
    if not event.object_id:
        return name
    if model._meta.label_lower == settings.AUTH_USER_MODEL.lower() and event.object_repr:
        return f"{name} {event.object_repr}"
    return f"{name} #{event.object_id}"


def changed_fields(event: AuditEvent) -> list[str]:
    """The verbose names of the fields an edit changed (those the model knows; internal keys are left out)."""
    before, after = event.before, event.after
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        return []
    model = _model(event.object_type)
    if model is None:
        return []
    names: list[str] = []
    for key in after:
        if key in before and before[key] == after[key]:
            continue
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        label = str(getattr(field, "verbose_name", "") or "")
        if label and label not in names:
            names.append(label)
    return names


def actor_label(event: AuditEvent) -> str:
    """Who acted: the account's user name; no account is the system itself, or nobody known for a failed
    sign-in (the name that was tried is in the sentence)."""
    if event.actor_id is not None:
        return event.actor_name
    return "—" if event.action == "accounts.login_failed" else str(THE_SYSTEM)


def _status_change(event: AuditEvent, before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[str, str] | None:
    """(from, to) labels when the event moved the object itself to another status of its own model (a
    follow-up's status, recorded on its incident, is not the incident's)."""
    if "status" not in before or "status" not in after or before["status"] == after["status"]:
        return None
    model = _model(event.object_type)
    if model is None or "followup" in event.action:
        return None
    try:
        choices = dict(model._meta.get_field("status").flatchoices)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return None
    if before["status"] not in choices or after["status"] not in choices:
        return None
    return str(choices[before["status"]]), str(choices[after["status"]])


def describe(event: AuditEvent) -> str:
    """One sentence in the active language."""
    obj = object_label(event)
    values = {"actor": actor_label(event), "object": obj}
    before = event.before if isinstance(event.before, Mapping) else {}
    after = event.after if isinstance(event.after, Mapping) else {}
    change = _status_change(event, before, after)
    if change is not None:
        return str(STATUS_CHANGE) % {**values, "from": change[0], "to": change[1]}
    entry = ACTIONS.get(event.action)
    if entry is not None:
        sentence = str(entry[1]) % {**values, "username": str(after.get("username", ""))}
    else:
        sentence = str(SOMEONE_ACTED if obj else SOMEONE_ACTED_ALONE) % values
    if event.action.endswith(".update"):
        fields = changed_fields(event)
        if fields:
            shown = ", ".join(fields[:FIELDS_SHOWN]) + ("…" if len(fields) > FIELDS_SHOWN else "")
            sentence = str(FIELDS_CHANGED) % {"sentence": sentence, "fields": shown}
    return sentence
