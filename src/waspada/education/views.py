"""Political-education pages: the list of activities in scope, recording one, its detail and photos, the coverage
map and table against the vulnerability index, and the spreadsheet import, template and export. The pages read
input and call the services, selectors and coverage; they decide nothing themselves."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission, requires
from waspada.core.scope import Action, can, code_within, scope_of
from waspada.education import coverage as coverages
from waspada.education import selectors, services, spreadsheet
from waspada.education.forms import ActivityForm, ImportForm
from waspada.education.vocabulary import vocabulary
from waspada.regions.models import KABKOTA_LEVELS, Level, Region
from waspada.regions.selectors import layer_url, layer_versions
from waspada.risk.models import Category

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Map states of a kab/kota in the coverage view, in legend order.
STATES = ("gap", "high_reached", "reached", "none")
STATE_COLOURS = {"gap": "#d7301f", "high_reached": "#fdae61", "reached": "#1a9850", "none": "#d9d9d9"}


# The risk categories as this page names them (the index's own labels are the risk app's).
CATEGORY_LABELS: dict[str, Any] = {
    Category.RENDAH: gettext_lazy("Low risk"),
    Category.SEDANG: gettext_lazy("Medium risk"),
    Category.TINGGI: gettext_lazy("High risk"),
}


def _labels() -> dict[str, str]:
    return {"gap": _("High risk, no activity"), "high_reached": _("High risk, reached"),
            "reached": _("Reached"), "none": _("No activity")}  # fmt: skip


def _describe(activity: Any) -> dict[str, Any]:
    terms = vocabulary()
    return {"activity": activity, "type": terms.label("activity_types", activity.activity_type),
            "form": terms.label("facilitation_forms", activity.facilitation_form),
            "groups": [terms.label("target_groups", code) for code in activity.group_codes]}  # fmt: skip


@requires("education.view")
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.activities_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "items": [_describe(activity) for activity in page.object_list],
               "can_record": has_permission(request.user, services.RECORD)}  # fmt: skip
    return render(request, "education/list.html", context)


def _form_errors(form: ActivityForm, error: DomainError) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


@requires("education.record")
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(request.user, form.to_input(), form.cleaned_data["photos"],
                                                request=request)  # fmt: skip
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("education:detail", pk=activity.pk)
    status = 422 if form.errors else 200
    return render(request, "education/form.html", {"form": form}, status=status)


@requires("education.view")
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(request.user, pk)
    if activity is None:
        raise Http404
    context = {**_describe(activity), "photos": list(activity.photos.all()),
               "can_add_photos": has_permission(request.user, services.RECORD)
               and can(request.user, Action.CHANGE, activity)}  # fmt: skip
    return render(request, "education/detail.html", context)


@requires("education.record")
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(request.user, pk)
    if activity is None:
        raise Http404
    try:
        services.add_photos(request.user, activity, request.FILES.getlist("photos"), request=request)
    except DomainError as error:
        for message in error.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, _("Photos added."))
    return redirect("education:detail", pk=activity.pk)


@requires("education.view")
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.get_photo(request.user, pk)
    if found is None:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="foto-{found.pk}.{found.extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _weeks(raw: str | None) -> int:
    try:
        weeks = int(raw or coverages.DEFAULT_WEEKS)
    except ValueError:
        return coverages.DEFAULT_WEEKS
    return weeks if 1 <= weeks <= coverages.MAX_WEEKS else coverages.DEFAULT_WEEKS


def _chosen_region(request: HttpRequest) -> Region | None:
    """The region asked for (?wilayah=), which must be a province or kab/kota inside the user's scope."""
    code = (request.GET.get("wilayah") or "").strip()
    if not code:
        return None
    region = Region.objects.filter(code=code, level__in=(Level.PROVINCE, *KABKOTA_LEVELS)).first()
    if region is None:
        raise Http404
    scope = scope_of(request.user).region_code
    if scope is not None and not code_within(code, scope):
        raise PermissionDenied(_("%(code)s is outside your scope.") % {"code": code})
    return region


@requires("education.view")
@require_GET
def coverage_page(request: HttpRequest) -> HttpResponse:
    region = _chosen_region(request)
    group = request.GET.get("sasaran") or None
    if group not in (None, *vocabulary().codes("target_groups")):
        group = None
    result = coverages.coverage(request.user, weeks=_weeks(request.GET.get("minggu")),
                                region=region.code if region else None, target_group=group)  # fmt: skip
    labels = _labels()
    states = {row.code: ("gap" if row.gap else "high_reached" if row.high_risk else
                         "reached" if row.activities else "none") for row in result.rows}  # fmt: skip
    shown = [s for s in STATES if result.index_available or s not in {"gap", "high_reached"}]
    counts = {s: sum(1 for value in states.values() if value == s) for s in shown}
    legend = [{"state": s, "label": labels[s], "colour": STATE_COLOURS[s], "count": counts[s]} for s in shown]
    versions = layer_versions()
    layers = ([{"url": layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True,
                "levels": list(KABKOTA_LEVELS)}] if "national-kabkota" in versions else [])  # fmt: skip
    terms = vocabulary()
    figures = {row.code: {"activities": row.activities, "per_100k": row.per_100k} for row in result.rows}
    context = {
        "result": result, "region": region, "weeks_choices": coverages.WEEK_CHOICES, "group": group,
        "groups": [{"code": t.code, "label": t.label, "count": result.groups.get(t.code, 0)}
                   for t in terms.terms("target_groups")],
        "group_label": terms.label("target_groups", group) if group else "",
        "legend": legend, "states": states, "figures": figures,
        "legend_map": {item["state"]: {"label": item["label"], "colour": item["colour"]} for item in legend},
        "layers_json": json.dumps(layers) if layers else "",
        "domain": result.region_code or "",
        "rows": [{"row": row, "category": CATEGORY_LABELS.get(row.category or "", "–")} for row in result.rows],
        "can_record": has_permission(request.user, services.RECORD),
    }  # fmt: skip
    return render(request, "education/coverage.html", context)


@requires("education.record")
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[spreadsheet.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(spreadsheet.MAX_BYTES + 1)
        try:
            result = spreadsheet.import_activities(request.user, content, str(upload.name), request=request)
        except spreadsheet.ImportFailed as failed:
            errors = failed.errors
        except DomainError as error:
            errors = [spreadsheet.RowError(0, name, message) for name, message in error.errors.items()]
        else:
            messages.success(request, _("%(count)d activities imported.") % {"count": len(result.created)})
            return redirect("education:list")
    status = 422 if errors or form.errors else 200
    return render(request, "education/import.html", {"form": form, "errors": errors[:200],
                                                     "more": max(0, len(errors) - 200)}, status=status)  # fmt: skip


@requires("education.record")
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(spreadsheet.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-pendidikan-politik.xlsx"'
    return response


@requires("education.view")
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Every activity the user may export, as XLSX (default) or CSV (?format=csv)."""
    activities = selectors.activities_for(request.user, Action.EXPORT)
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "csv":
        response = HttpResponse(spreadsheet.export_csv(activities), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pendidikan-politik-{stamp}.csv"'
    else:
        response = HttpResponse(spreadsheet.export_xlsx(activities), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="pendidikan-politik-{stamp}.xlsx"'
    return response
