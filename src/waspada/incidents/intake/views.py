"""Import pages: upload with this office's history, the templates, and one run with its error table. Thin: the
importer checks and writes, history.py scopes what is listed."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.core.permissions import requires
from waspada.incidents.errors import Invalid
from waspada.incidents.intake import history
from waspada.incidents.intake.datasets.importer import import_history
from waspada.incidents.intake.forms import HistoryForm, ImportForm
from waspada.incidents.intake.importer import MAX_BYTES, import_file
from waspada.incidents.intake.template import template_csv, template_xlsx
from waspada.incidents.models import ImportKind, ImportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HISTORY_PAGE = 25


@requires("incidents.import")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = import_file(request.user, upload.read(MAX_BYTES + 1), upload.name, form.cleaned_data["kind"],
                              request=request)  # fmt: skip
        run = outcome.run
        if outcome.committed:
            messages.success(request, _("%(count)d incidents imported from %(file)s.")
                             % {"count": run.rows_created, "file": run.file_name})  # fmt: skip
        elif run.status == ImportStatus.REJECTED:
            messages.error(request, _("%(file)s was refused: %(count)d problems, nothing was imported.")
                           % {"file": run.file_name, "count": run.error_count})  # fmt: skip
        else:
            messages.error(request, _("The import of %(file)s failed; nothing was imported.") % {"file": run.file_name})
        return redirect("incidents:import_detail", pk=run.pk)
    page = Paginator(history.runs_for(request.user), HISTORY_PAGE).get_page(request.GET.get("page"))
    status = 422 if form.errors else 200
    return render(request, "incidents/intake/import.html", {"form": form, "page": page, "kinds": ImportKind.choices},
                  status=status)  # fmt: skip


@requires("incidents.import")
@require_http_methods(["GET", "POST"])
def history_page(request: HttpRequest) -> HttpResponse:
    """An ACLED or UCDP export as downloaded (docs/history.md); the run's page shows what was placed and refused."""
    form = HistoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = import_history(request.user, upload.read(MAX_BYTES + 1), upload.name,
                                     form.cleaned_data["source"], request=request)  # fmt: skip
        except Invalid as invalid:
            form.add_error("source", " ".join(str(message) for message in invalid.errors.values()))
        else:
            run = outcome.run
            if outcome.committed:
                messages.success(request, _("%(placed)d events placed in a kab/kota, %(province)d at province level, "
                                            "%(refused)d refused.") % {
                                     "placed": run.summary.get("placed", 0),
                                     "province": run.summary.get("province_only", 0),
                                     "refused": run.summary.get("refused", 0)})  # fmt: skip
            else:
                messages.error(request, _("%(file)s was refused: %(count)d problems, nothing was imported.")
                               % {"file": run.file_name, "count": run.error_count})  # fmt: skip
            return redirect("incidents:import_detail", pk=run.pk)
    status = 422 if form.errors else 200
    return render(request, "incidents/intake/history.html", {"form": form}, status=status)


@requires("incidents.import")
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    kind, file_format = request.GET.get("kind") or ImportKind.INCIDENTS, request.GET.get("format") or "xlsx"
    if kind not in ImportKind.values or file_format not in ("xlsx", "csv"):
        return HttpResponseBadRequest(_("Ask for kind=incidents or kind=events, and format=xlsx or format=csv."))
    if file_format == "xlsx":
        response = HttpResponse(template_xlsx(kind, request.user), content_type=XLSX)
    else:
        response = HttpResponse(template_csv(kind, request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="waspada-import-{kind}.{file_format}"'
    return response


@requires("incidents.import")
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = history.run_for(request.user, pk)
    if run is None:
        raise Http404(_("No import %(id)s for your office.") % {"id": pk})
    return render(request, "incidents/intake/detail.html", {"run": run, "errors": run.errors,
                                                            "more": run.error_count - len(run.errors)})  # fmt: skip
