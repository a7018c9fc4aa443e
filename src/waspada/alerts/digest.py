"""The daily digest (issue 18, Notifications): each morning (`alerts.digest`, 06:00, after the 05:00 run) every
user with a digest subscription gets ONE inbox message (and e-mail when a subscription asks for it) summarising
the live alerts its digest subscriptions cover: new ones, levels raised, escalations, follow-up actions past
their due date. Nothing is sent when none of these changed since the user's previous digest, and a digest is
written once per user and date (AlertDigest), so a rerun of the day sends nothing twice.
`waspada ew digest [--date D] [--json]` runs the same for one date."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from waspada.alerts import subscriptions
from waspada.alerts.models import (
    ActionStatus,
    Alert,
    AlertAction,
    AlertDigest,
    AlertLevel,
    AlertNotice,
    AlertStatus,
    AlertSubscription,
    NoticeRoute,
)
from waspada.core.audit import record_batch
from waspada.core.notifications.services import notify

log = logging.getLogger(__name__)

KIND = "digest.daily"
SECTIONS = ("new", "raised", "escalated", "overdue")
LIVE = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
MAX_LINES = 30  # per section in the message; the counts are always complete


def _covered(subs: list[AlertSubscription], alert: Alert) -> bool:
    return any(alert.level >= sub.min_level and subscriptions.covers(sub, alert.kabkota_code) for sub in subs)


def _raised_on(alert: Alert, since: dt.date, day: dt.date) -> bool:
    """Did a run dated in (since, day] raise the alert's level over the run before it?"""
    previous = None
    for entry in sorted(alert.history, key=lambda e: e["date"]):
        date = dt.date.fromisoformat(entry["date"])
        if previous is not None and since < date <= day and entry["level"] > previous:
            return True
        previous = entry["level"]
    return False


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def gather(subs: list[AlertSubscription], alerts: list[Alert], overdue: dict[int, list[AlertAction]],
           day: dt.date) -> dict[str, list[Any]]:  # fmt: skip
    """The digest of one user for `day`: alert ids per section (and overdue action ids), changes dated the day
    before or the day itself (the previous digests' items are left out by `news`). An alert opened in the window
    and raised since is listed under both; `news` decides which is still to tell."""
    since = day - dt.timedelta(days=2)
    found: dict[str, list[Any]] = {name: [] for name in (*SECTIONS, "live")}
    for alert in alerts:
        if not _covered(subs, alert):
            continue
        found["live"].append(alert.pk)
        if since < alert.opened_on <= day:
            found["new"].append(alert.pk)
        if _raised_on(alert, since, day):
            found["raised"].append(alert.pk)
        escalated = _local_date(alert.escalated_at)
        if escalated is not None and since < escalated <= day:
            found["escalated"].append(alert.pk)
        found["overdue"].extend(action.pk for action in overdue.get(alert.pk, []))
    return found


def _lines(section: str, ids: list[Any], alerts: dict[int, Alert], actions: dict[int, AlertAction]) -> list[str]:
    lines = []
    for pk in ids[:MAX_LINES]:
        if section == "overdue":
            action = actions[pk]
            lines.append(_("- %(region)s: %(action)s (due %(due)s, owner %(owner)s)") % {
                "region": action.alert.region.name, "action": action.description[:80],
                "due": action.due_on.isoformat(), "owner": action.owner.get_username()})  # fmt: skip
        else:
            alert = alerts[pk]
            lines.append(_("- %(level)s: %(region)s (%(code)s), handled at %(handling)s, since %(opened)s") % {
                "level": AlertLevel(alert.level).label, "region": alert.region.name, "code": alert.kabkota_code,
                "handling": alert.get_handling_level_display().lower(),
                "opened": alert.opened_on.isoformat()})  # fmt: skip
    if len(ids) > MAX_LINES:
        lines.append(_("- and %(n)d more") % {"n": len(ids) - MAX_LINES})
    return lines


def compose(found: dict[str, list[Any]], day: dt.date, alerts: dict[int, Alert], actions: dict[int, AlertAction],
            language: str) -> tuple[str, str]:  # fmt: skip
    with override(language):
        headings = {"new": _("New alerts (%(n)d):"), "raised": _("Level raised (%(n)d):"),
                    "escalated": _("Escalated (%(n)d):"),
                    "overdue": _("Follow-up actions past due (%(n)d):")}  # fmt: skip
        title = _("Early-warning digest, %(date)s") % {"date": date_format(day, "j F Y")}
        parts = []
        for section in SECTIONS:
            if found[section]:
                parts.append("\n".join([headings[section] % {"n": len(found[section])},
                                        *_lines(section, found[section], alerts, actions)]))  # fmt: skip
        parts.append(_("Live alerts in your subscriptions: %(n)d.") % {"n": len(found["live"])})
        return title[:200], "\n\n".join(parts)


def send(day: dt.date) -> dict[str, Any]:
    """Send the digests of `day`; returns counts (users considered, sent, nothing new, already sent)."""
    subs_of: dict[int, list[AlertSubscription]] = defaultdict(list)
    for sub in AlertSubscription.objects.filter(digest=True, user__is_active=True).select_related("user"):
        subs_of[sub.user_id].append(sub)
    counts: dict[str, Any] = {"date": day.isoformat(), "users": len(subs_of), "sent": 0, "nothing_new": 0,
                              "already_sent": 0}  # fmt: skip
    if not subs_of:
        return counts
    alerts = {a.pk: a for a in Alert.objects.filter(status__in=LIVE).select_related("region")}
    overdue: dict[int, list[AlertAction]] = defaultdict(list)
    actions = {}
    for action in (AlertAction.objects.filter(alert_id__in=list(alerts), status=ActionStatus.PLANNED, due_on__lt=day)
                   .select_related("alert__region", "owner")):  # fmt: skip
        overdue[action.alert_id].append(action)
        actions[action.pk] = action
    done = set(AlertDigest.objects.filter(date=day, user_id__in=list(subs_of)).values_list("user_id", flat=True))
    earlier = told_before(list(subs_of), day)
    failed: list[tuple[int, Exception]] = []
    for user_id, subs in subs_of.items():
        if user_id in done:
            counts["already_sent"] += 1
            continue
        found = news(gather(subs, list(alerts.values()), overdue, day), earlier.get(user_id, {}), alerts, day)
        if not any(found[section] for section in SECTIONS):
            counts["nothing_new"] += 1
            continue
        try:
            sent = _send_one(subs, found, day, alerts, actions)
        except Exception as exc:  # noqa: BLE001 - one user's failure must not keep the others' digests back
            log.exception("digest %s for user %s failed", day.isoformat(), user_id)
            failed.append((user_id, exc))
            continue
        counts["sent" if sent else "already_sent"] += 1
    if counts["sent"]:
        record_batch(None, "alerts.digest", object_type="alerts.alertdigest", job_id=f"digest-{day.isoformat()}",
                     counts={k: v for k, v in counts.items() if isinstance(v, int)},
                     details={"date": day.isoformat()})  # fmt: skip
    if failed:  # nothing was written for these users, so a rerun of the day sends theirs (and no other twice)
        users, first = ", ".join(str(pk) for pk, _error in failed), failed[0][1]
        raise DigestFailed(f"Digest {day.isoformat()}: {len(failed)} of {counts['users']} users failed (users "
                           f"{users}; first error: {type(first).__name__}: {first}); {counts['sent']} sent. "
                           "Rerun the day to retry.") from first  # fmt: skip
    return counts


class DigestFailed(RuntimeError):
    """Some users' digests could not be written (not a duplicate: a real failure); the others were sent."""


def told_before(user_ids: list[int], day: dt.date) -> dict[int, dict[str, dict[Any, dt.date]]]:
    """Per user and section, what its digests of the two days before `day` listed, with the latest date each
    item was listed: the digests are merged, so one day's never hides the other's."""
    told: dict[int, dict[str, dict[Any, dt.date]]] = defaultdict(lambda: defaultdict(dict))
    for user_id, date, summary in AlertDigest.objects.filter(
            date__gte=day - dt.timedelta(days=2), date__lt=day, user_id__in=user_ids).values_list(
            "user_id", "date", "summary"):  # fmt: skip
        for section in SECTIONS:
            listed = told[user_id][section]
            for pk in (summary or {}).get(section, []):
                if pk not in listed or listed[pk] < date:
                    listed[pk] = date
    return told


def news(found: dict[str, list[Any]], before: dict[str, dict[Any, dt.date]], alerts: dict[int, Alert],
         day: dt.date) -> dict[str, list[Any]]:  # fmt: skip
    """`found` less what the previous digests (`before`, from `told_before`) told: an item already listed in its
    section is not news. A raise is news when the level went up in a run dated after the last digest that
    listed the alert (as new or raised): an alert told as new yesterday and raised today is reported raised,
    and one raised again is told again. An alert still new today is not repeated as raised."""
    result = dict(found)
    for section in ("new", "escalated", "overdue"):
        result[section] = [pk for pk in found[section] if pk not in before.get(section, {})]
    fresh = set(result["new"])
    raised = []
    for pk in found["raised"]:
        if pk in fresh:
            continue
        listed = [before[s][pk] for s in ("new", "raised") if pk in before.get(s, {})]
        if not listed or _raised_on(alerts[pk], max(listed), day):
            raised.append(pk)
    result["raised"] = raised
    return result


def _send_one(subs: list[AlertSubscription], found: dict[str, list[Any]], day: dt.date, alerts: dict[int, Alert],
              actions: dict[int, AlertAction]) -> bool:  # fmt: skip
    user = subs[0].user
    title, body = compose(found, day, alerts, actions, subs[0].language)
    try:
        with transaction.atomic():
            digest = AlertDigest.objects.create(user=user, date=day, summary=found)  # unique: a rerun stops here
            [row] = notify([user], KIND, title, body, link=reverse("alerts:list"), email=any(sub.email for sub in subs))
            digest.notification = row
            digest.save(update_fields=["notification"])
            told = set(found["new"] + found["raised"] + found["escalated"])
            told |= {actions[pk].alert_id for pk in found["overdue"]}
            AlertNotice.objects.bulk_create([AlertNotice(alert_id=pk, notification=row, route=NoticeRoute.DIGEST)
                                             for pk in sorted(told)])  # fmt: skip
    except IntegrityError:
        # Only another worker having written this user's digest of the day first is "already sent"; any other
        # integrity failure (the inbox row, a notice) is a real one and goes up.
        if AlertDigest.objects.filter(user=user, date=day).exists():
            return False
        raise
    return True


def run_today() -> str:
    """The scheduler's entry point: today's digests, one line for its log."""
    result = send(timezone.localdate())
    return f"digests sent {result['sent']}, nothing new {result['nothing_new']}, already sent {result['already_sent']}"
