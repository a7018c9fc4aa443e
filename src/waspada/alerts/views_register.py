"""The risk and action register pages: the list per scope with filters and its CSV/XLSX export, one entry with its
change history, and the form to add or change an entry. The pages read the form into plain values and call
alerts/register.py, which checks and writes (and audits)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.alerts import register, register_export
from waspada.alerts.models import RiskEntry
from waspada.alerts.register_choices import BAND_LABELS, BANDS, SCALE, MitigationKind, RiskStatus, band_of
from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission, requires
from waspada.core.scope import scope_of
from waspada.incidents.models.taxonomy import EventType
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

PAGE = 50
FIELD_LABELS = {
    "region": gettext_lazy("Region"), "risk": gettext_lazy("Risk"), "category": gettext_lazy("Category"),
    "likelihood": gettext_lazy("Likelihood"), "impact": gettext_lazy("Impact"), "owner": gettext_lazy("Owner"),
    "mitigation_kind": gettext_lazy("Mitigation"), "mitigation": gettext_lazy("Mitigation plan"),
    "status": gettext_lazy("Status"), "due_on": gettext_lazy("Due"), "outcome": gettext_lazy("Outcome"),
    "alert": gettext_lazy("Alert"),
}  # fmt: skip


def _filters(request: HttpRequest) -> register.Filters:
    status = request.GET.get("status", "open")
    kind = request.GET.get("kind", "")
    band = request.GET.get("band", "")
    region = request.GET.get("region", "").strip()
    return register.Filters(
        status=status if status in ("open", *RiskStatus.values) else "",
        kind=kind if kind in MitigationKind.values else "",
        band=band if band in {name for name, _low, _high in BANDS} else "",
        region=region if region.replace(".", "").isdigit() else "",
        owner=request.user.pk if request.GET.get("mine") == "1" else None)  # fmt: skip


def _regions(user: Any) -> list[Region]:
    """The provinces and kab/kota the user may put a risk in (its own area)."""
    code = scope_of(user).region_code
    rows = Region.objects.filter(level__in=[Level.PROVINCE, *KABKOTA_LEVELS], is_active=True)
    if code:
        rows = rows.filter(code=code) | rows.filter(code__startswith=code + ".")
    return list(rows.order_by("code").only("code", "name", "level"))


@requires("alerts.view")
def register_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    rows = register.filtered(request.user, filters)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "alerts/register_list.html", {
        "page": page, "entries": [(e, band_of(e.rating)) for e in page.object_list], "filters": filters,
        "statuses": RiskStatus.choices, "kinds": MitigationKind.choices,
        "bands": [(name, BAND_LABELS[name]) for name, _low, _high in BANDS], "query": query.urlencode(),
        "can_write": has_permission(request.user, "alerts.respond"), "today": timezone.localdate()})  # fmt: skip


@requires("alerts.view")
def register_export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@requires("alerts.view")
def register_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = list(register.filtered(request.user, _filters(request))[:20000])
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(register_export.as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(register_export.as_xlsx(rows), content_type=register_export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="waspada-register-{stamp}.{fmt}"'
    return response


@requires("alerts.view")
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = register.get_entry(request.user, pk)
    if entry is None:
        raise Http404(_("No such register entry in your area."))
    changes = [{"change": c, "fields": [(FIELD_LABELS.get(f, f), v[0], v[1]) for f, v in c.changes.items()]}
               for c in register.history(entry)]  # fmt: skip
    return render(request, "alerts/register_detail.html", {
        "entry": entry, "band": band_of(entry.rating), "band_label": BAND_LABELS[band_of(entry.rating)],
        "changes": changes, "can_write": has_permission(request.user, "alerts.respond")})  # fmt: skip


def _form_values(request: HttpRequest) -> dict[str, Any]:
    return {field: request.POST.get(field, "") for field in register.FIELDS}


def _entry_values(entry: RiskEntry) -> dict[str, Any]:
    return {"region": entry.region_id, "risk": entry.risk, "category": entry.category_id or "",
            "likelihood": entry.likelihood, "impact": entry.impact, "owner": entry.owner_id,
            "mitigation_kind": entry.mitigation_kind, "mitigation": entry.mitigation, "status": entry.status,
            "due_on": entry.due_on.isoformat() if entry.due_on else "", "outcome": entry.outcome,
            "alert": entry.alert_id or ""}  # fmt: skip


def _form(request: HttpRequest, values: dict[str, Any], errors: dict[str, str], entry: RiskEntry | None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    region_code = str(values.get("region") or "") or None
    return render(request, "alerts/register_form.html", {
        "entry": entry, "values": values, "errors": errors, "regions": _regions(request.user),
        "categories": EventType.objects.order_by("position", "code"), "scale": list(SCALE),
        "owners": register.owners_for(request.user, region_code if region_code else None),
        "kinds": MitigationKind.choices, "statuses": RiskStatus.choices}, status=status)  # fmt: skip


@requires("alerts.respond")
def register_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        values = {"region": request.GET.get("region", scope_of(request.user).region_code or ""),
                  "alert": request.GET.get("alert", ""), "owner": request.user.pk, "likelihood": 3, "impact": 3,
                  "status": RiskStatus.IDENTIFIED}  # fmt: skip
        return _form(request, values, {}, None)
    values = _form_values(request)
    try:
        entry = register.create(request.user, values)
    except DomainError as error:
        return _form(request, values, error.errors, None, status=error.status)
    messages.success(request, _("Risk added to the register."))
    return redirect("alerts:register_detail", pk=entry.pk)


@requires("alerts.respond")
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = register.get_entry(request.user, pk)
    if entry is None:
        raise Http404(_("No such register entry in your area."))
    if request.method != "POST":
        return _form(request, _entry_values(entry), {}, entry)
    values = _form_values(request)
    try:
        register.update(request.user, entry, values)
    except DomainError as error:
        return _form(request, values, error.errors, entry, status=error.status)
    messages.success(request, _("Register entry saved."))
    return redirect("alerts:register_detail", pk=entry.pk)
