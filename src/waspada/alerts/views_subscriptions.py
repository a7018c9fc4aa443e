"""/alerts/subscriptions/: the signed-in user's own alert subscriptions (list, add, edit, delete). The page reads
the form into a SubscriptionInput and calls alerts/subscriptions.py, which checks (the region must lie in the
user's area) and writes, audited; another user's subscription is simply not found."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.alerts import subscriptions
from waspada.alerts.models import AlertLevel, AlertSubscription
from waspada.core.errors import DomainError
from waspada.core.permissions import requires
from waspada.core.scope import scope_of
from waspada.regions.models import KABKOTA_LEVELS, Level, Region


def _regions(user: Any) -> list[Region]:
    """The provinces and kab/kota of the user's area, for the region choice (a kecamatan-scoped viewer: none,
    its whole area only)."""
    code = scope_of(user).region_code
    rows = Region.objects.filter(is_active=True, level__in=[Level.PROVINCE, *KABKOTA_LEVELS])
    if code is not None:
        if "." not in code:
            rows = rows.filter(province_code=code)
        elif code.count(".") == 1:
            rows = rows.filter(code=code)
        else:
            return []
    return list(rows.order_by("code").only("code", "name", "level"))


def _input(request: HttpRequest) -> subscriptions.SubscriptionInput:
    post = request.POST
    try:
        level = int(post.get("min_level", AlertLevel.WASPADA))
    except ValueError:
        level = 0
    channels = ["inbox", "email"] if post.get("email") else ["inbox"]
    return subscriptions.SubscriptionInput(
        region_code=post.get("region", "").strip(), min_level=level, kinds=post.getlist("kinds"),
        channels=channels, digest=bool(post.get("digest")), language=post.get("language", "id"))  # fmt: skip


def _own(request: HttpRequest, pk: int) -> AlertSubscription:
    sub = subscriptions.own(request.user).filter(pk=pk).first()
    if sub is None:
        raise Http404(_("No such subscription among yours."))
    return sub  # type: ignore[no-any-return]


def _page(request: HttpRequest, editing: AlertSubscription | None, errors: dict[str, str], status: int = 200,
          values: subscriptions.SubscriptionInput | None = None) -> HttpResponse:  # fmt: skip
    subs = list(subscriptions.own(request.user))
    regions = _regions(request.user)
    names = {r.code: r.name for r in regions} | dict(
        Region.objects.filter(code__in={s.region_code for s in subs if s.region_code}).values_list("code", "name")
    )
    if values is None:
        values = (subscriptions.SubscriptionInput(
            region_code=editing.region_code, min_level=editing.min_level, kinds=editing.kinds,
            channels=["inbox", "email"] if editing.email else ["inbox"], digest=editing.digest,
            language=editing.language) if editing else subscriptions.SubscriptionInput())  # fmt: skip
    rows = [{"sub": s, "region": names.get(s.region_code, s.region_code) if s.region_code else None,
             "level": AlertLevel(s.min_level).label,
             "kinds": [subscriptions.KIND_LABELS[k] for k in s.kinds if k in subscriptions.KIND_LABELS]}
            for s in subs]  # fmt: skip
    return render(request, "alerts/subscriptions.html", {
        "rows": rows, "editing": editing, "errors": errors, "values": values, "regions": regions,
        "levels": [(level, AlertLevel(level).label) for level in (1, 2, 3)],
        "kinds": list(subscriptions.KIND_LABELS.items()), "scope_label": getattr(request.user, "scope_label", "")},
        status=status)  # fmt: skip


@requires("alerts.subscribe")
def subscription_list(request: HttpRequest) -> HttpResponse:
    """The list and the form to add one; POST adds."""
    if request.method == "POST":
        data = _input(request)
        try:
            subscriptions.create(request.user, data)
        except DomainError as exc:
            return _page(request, None, dict(exc.errors), status=422, values=data)
        messages.success(request, _("Subscription saved."))
        return redirect("alerts:subscriptions")
    return _page(request, None, {})


@requires("alerts.subscribe")
def subscription_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    if request.method == "POST":
        data = _input(request)
        try:
            subscriptions.update(request.user, sub, data)
        except DomainError as exc:
            return _page(request, sub, dict(exc.errors), status=422, values=data)
        messages.success(request, _("Subscription saved."))
        return redirect("alerts:subscriptions")
    return _page(request, sub, {})


@require_POST
@requires("alerts.subscribe")
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscriptions.delete(request.user, _own(request, pk))
    messages.success(request, _("Subscription deleted."))
    return redirect("alerts:subscriptions")
