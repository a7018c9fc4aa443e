"""Grant pages: the status board with its map, one agreement with its tranches and documents, and the XLSX
import and export. The pages read the form into plain values and call the services, which check and write."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from waspada.core.errors import DomainError
from waspada.core.i18n import prefers_indonesian
from waspada.core.permissions import has_permission, requires
from waspada.core.scope import scope_of
from waspada.elections.models import Election
from waspada.grants import board as boards
from waspada.grants import compliance, memo, selectors, services, spreadsheet
from waspada.grants.models import AgreementDocument, DocumentKind, Recipient
from waspada.grants.present import agreement_json, problem_label
from waspada.regions.models import KABKOTA_LEVELS, Level, Region
from waspada.regions.selectors import layer_url, layer_versions

SIGNING_LABELS = {compliance.ON_TIME: gettext_lazy("Signed on time"), compliance.LATE: gettext_lazy("Late"),
                  compliance.NOT_YET: gettext_lazy("Not signed yet")}  # fmt: skip
DISBURSEMENT_LABELS = {compliance.PAID: gettext_lazy("Paid in full"), compliance.OVERDUE_STATE: gettext_lazy("Overdue"),
                       compliance.NOT_DUE_STATE: gettext_lazy("Not due yet"),
                       compliance.NO_TRANCHES: gettext_lazy("No tranches")}  # fmt: skip
TRANCHE_LABELS = {compliance.NOT_DUE: gettext_lazy("Not due yet"),
                  compliance.PAID_ON_TIME: gettext_lazy("Paid on time"),
                  compliance.PAID_LATE: gettext_lazy("Paid late"),
                  compliance.OVERDUE_UNPAID: gettext_lazy("Overdue, unpaid"),
                  compliance.OVERDUE_PART: gettext_lazy("Overdue, paid in part")}  # fmt: skip


def _elections(user: Any) -> list[Election]:
    codes = selectors.agreements_for(user).order_by().values_list("election_id", flat=True).distinct()
    return list(Election.objects.filter(code__in=codes).order_by("-voting_day"))


def _table(result: boards.Board) -> SafeString:
    """The table body as HTML built in Python: a template loop, or format_html per cell, over 545 regions and 2,000
    agreements cost most of the national board's time. Every text is escaped here (labels once, names per row);
    the rest are integers and the reversed URL."""
    signing = {code: escape(str(label)) for code, label in SIGNING_LABELS.items()}
    disbursement = {code: escape(str(label)) for code, label in DISBURSEMENT_LABELS.items()}
    states = {code: escape(str(label)) for code, label in boards.MAP_LABELS.items()}
    link = escape(reverse("grants:agreement", args=[0]).removesuffix("0/"))
    lines = []
    for row in result.rows:
        cells = "".join(
            f'<td><a href="{link}{int(c.agreement)}/">{signing[c.signing]} · {disbursement[c.disbursement]}</a></td>'
            if c else "<td>–</td>" for c in row.cell_list()
        )  # fmt: skip
        lines.append(f'<tr data-state="{escape(row.state)}"><td>{escape(row.name)}</td>'
                     f"<td>{escape(row.province_name)}</td><td>{states[row.state]}</td>{cells}</tr>")  # fmt: skip
    return mark_safe("\n".join(lines))  # noqa: S308 - built above from escaped texts and integers only


@requires("grants.view")
@require_GET
def board_page(request: HttpRequest) -> HttpResponse:
    """Signed on time or late, disbursed or overdue, by recipient, for the regions in the user's scope; a national
    user may narrow it to one province (`provinsi`)."""
    elections = _elections(request.user)
    chosen = next((e for e in elections if e.code == request.GET.get("pemilihan")), elections[0] if elections else None)
    agreements = selectors.agreements_for(request.user)
    if chosen is not None:
        agreements = agreements.filter(election=chosen)
    province = request.GET.get("provinsi", "")
    if province:
        agreements = agreements.filter(province_code=province)
    as_of = timezone.localdate()
    filters = (chosen.code if chosen else "", province)
    result = memo.board(request.user, filters, as_of, lambda: boards.build(agreements, as_of))
    map_counts = result.map_counts
    legend = [{"state": s, "label": str(boards.MAP_LABELS[s]), "colour": boards.MAP_COLOURS[s], "count": map_counts[s]}
              for s in boards.MAP_STATES]  # fmt: skip
    recipients = [{"code": code, "label": label, **result.by_recipient[code],
                   "agreed_rp": result.amounts[code]["agreed"], "paid_rp": result.amounts[code]["paid"]}
                  for code, label in Recipient.choices]  # fmt: skip
    versions = layer_versions()
    layers = ([{"url": layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True,
                "levels": list(KABKOTA_LEVELS)}] if "national-kabkota" in versions else [])  # fmt: skip
    provinces = (Region.objects.filter(level=Level.PROVINCE).order_by("code")
                 if scope_of(request.user).region_code is None else [])  # fmt: skip
    context = {"board": result, "table": _table(result), "legend": legend, "recipients": recipients,
               "elections": elections,
               "chosen": chosen, "province": province, "provinces": provinces,
               "states": {row.code: row.state for row in result.rows if "." in row.code},
               "legend_map": {item["state"]: {"label": item["label"], "colour": item["colour"]} for item in legend},
               "layers_json": json.dumps(layers) if layers else "", "domain": scope_of(request.user).region_code or "",
               "can_manage": has_permission(request.user, "grants.manage"),
               "summary": result.summary}  # fmt: skip
    return render(request, "grants/board.html", context)


@requires("grants.view")
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    if agreement is None:
        raise Http404
    can_manage = has_permission(request.user, "grants.manage")
    errors: dict[str, str] = {}
    if request.method == "POST" and can_manage:
        try:
            upload = request.FILES.get("file")
            if upload is None:
                errors["file"] = _("Choose a file.")
            else:
                services.attach_document(request.user, agreement, upload, request.POST.get("kind", DocumentKind.NPHD))
                messages.success(request, _("Document attached."))
                return redirect("grants:agreement", pk=agreement.pk)
        except DomainError as exc:
            errors = exc.errors
    shown = agreement_json(agreement, list(agreement.tranches.order_by("seq")), timezone.localdate())
    indonesian = prefers_indonesian()
    tranches = [{**t, "label": str(TRANCHE_LABELS[t["state"]])} for t in shown["tranches"]]
    context = {"agreement": agreement, "shown": shown, "tranches": tranches, "can_manage": can_manage,
               "signing": str(SIGNING_LABELS[shown["signing"]]),
               "disbursement": str(DISBURSEMENT_LABELS[shown["disbursement"]]),
               "problems": [problem_label(c, indonesian) for c in shown["problems"]],
               "derived": [problem_label(c, indonesian) for c in shown["derived_problems"]],
               "documents": agreement.documents.all(), "kinds": DocumentKind.choices, "errors": errors}  # fmt: skip
    return render(request, "grants/agreement.html", context, status=422 if errors else 200)


@requires("grants.view")
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = AgreementDocument.objects.filter(pk=pk).first()
    if document is None or selectors.get_agreement(request.user, document.agreement_id) is None:
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    content_type = next((m for m, e in services.DOCUMENT_TYPES.items() if e == extension), "application/octet-stream")
    response = FileResponse(document.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dokumen-hibah-{document.pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires("grants.view")
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The agreements and tranches in the user's scope (one election when `pemilihan` is given) as XLSX."""
    rows = selectors.agreements_for(request.user, "export").order_by("election_id", "region_id", "recipient")
    if request.GET.get("pemilihan"):
        rows = rows.filter(election_id=request.GET["pemilihan"])
    agreements = list(rows)
    grouped = selectors.tranches_by_agreement([a.pk for a in agreements])
    content = spreadsheet.export_workbook(agreements, grouped, timezone.localdate())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="hibah-pilkada.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires("grants.manage")
@require_POST
def import_xlsx(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("grants:board")
    result = spreadsheet.import_workbook(request.user, upload.read())
    if result.committed:
        messages.success(
            request,
            _("%(created)s agreements created and %(updated)s updated; %(payments)s payments.")
            % {"created": result.created, "updated": result.updated, "payments": result.payments},
        )
        return redirect("grants:board")
    return render(request, "grants/import_errors.html", {"errors": [str(e) for e in result.errors[:200]],
                                                          "total": len(result.errors)}, status=422)  # fmt: skip
