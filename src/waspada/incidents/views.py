"""Incident pages: list with filters and search, report form (also a phone's offline-resend target), detail
with history, transitions, informants (audited reveal), follow-ups and attachments, and the review queue.
Thin: actions write, selectors read, the scope filter decides."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.core.permissions import requires
from waspada.core.scope import Sensitivity
from waspada.elections.models import StageTag
from waspada.incidents import access, forms_place, idempotency, selectors, serialize, workflow
from waspada.incidents.actions import attach, followup
from waspada.incidents.actions.create import create_incident
from waspada.incidents.actions.results import CreateResult
from waspada.incidents.actions.reveal import reveal_informants
from waspada.incidents.actions.transition import transition_incident
from waspada.incidents.actions.update import update_incident
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import IncidentError, Invalid
from waspada.incidents.forms import AttachmentForm, FollowUpForm, FollowUpUpdateForm, IncidentForm
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import ActionStatus, Attachment, FollowUpAction, HandlingLevel, Incident, Status
from waspada.regions.selectors import kabkota_name

PAGE_SIZE = 50


def _incident(request: HttpRequest, pk: int) -> Incident:
    incident = selectors.incident_for(request.user, pk)
    if incident is None:
        raise Http404(_("No incident %(id)s in your scope.") % {"id": pk})
    return incident


def _readable(request: HttpRequest, pk: int) -> Incident:
    incident = _incident(request, pk)
    if not access.can_read(request.user, incident):
        raise Http404(_("No incident %(id)s in your scope.") % {"id": pk})
    return incident


# Fields the form shows under another name: a kecamatan or desa is typed by name, its code is hidden.
_SHOWN_AS = {"kecamatan": "kecamatan_name", "desa": "desa_name"}


def _errors_to_form(form: Any, error: IncidentError) -> None:
    for field, message in error.errors.items():
        name = field.split(".")[0]
        name = _SHOWN_AS.get(name, name)
        form.add_error(name if name in form.fields else None, message)


@requires("incidents.view")
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    flt = selectors.IncidentFilter.parse(request.GET.dict())
    # A region outside the work area says so instead of answering an empty list.
    refusal = selectors.region_refusal(request.user, flt.region) if not flt.errors else None
    refused = refusal[1] if refusal else ""
    rows = selectors.incidents_for(request.user, flt if not flt.errors else selectors.IncidentFilter())
    if refused:
        rows = rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    stage_tags = list(StageTag.objects.all())
    labels = {tag.code: tag.label for tag in stage_tags}
    # Stage tags show their labels in the user's language, not their codes; redacted rows name their kab/kota
    # (never the finer place, nor a bare code).
    items = [
        (incident, access.is_redacted(request.user, incident), [labels.get(link.tag_id, link.tag_id)
                                                                 for link in incident.stage_links.all()],
         kabkota_name(incident.kabkota_code))
        for incident in page
    ]  # fmt: skip
    query: dict[str, str] = {key: str(value) for key, value in request.GET.items() if key != "page" and value}
    return render(request, "incidents/list.html", {
        "page": page, "items": items, "filters": request.GET, "errors": flt.errors, "refused": refused,
        "query": urlencode(query),
        "event_types": selectors.event_types(), "stage_tags": stage_tags, "statuses": Status.choices,
        "sensitivities": Sensitivity.choices, "levels": HandlingLevel.choices,
        "can_report": access.can_create_in(request.user),
    })  # fmt: skip


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _body_for_hash(inp: IncidentInput, uploads: list[Any], submit: bool) -> dict[str, Any]:
    return {"data": inp.as_dict(), "files": [(upload.name, upload.size) for upload in uploads], "submit": submit}


@requires("incidents.report")
@require_http_methods(["GET", "POST"])
def incident_create(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        submit = request.POST.get("action") != "draft"
        if form.is_valid():
            uploads = form.cleaned_data.get("files") or []
            writer, inp = Writer.of(request.user, request), form.incident_input()

            def create(claim: Any) -> CreateResult:
                for upload in uploads:
                    attach.validate_upload(upload, "files")  # every file checked before anything is written
                    upload.seek(0)
                with transaction.atomic():
                    result = create_incident(writer, inp, submit=submit, claim=claim)
                    for upload in uploads:
                        attach.add_attachment(writer, result.incident, upload, field="files")
                return result

            try:
                incident = idempotency.once(request.user, form.cleaned_data.get("idempotency_key"),
                                            _body_for_hash(inp, uploads, submit), create).incident  # fmt: skip
            except IncidentError as error:
                _errors_to_form(form, error)
            else:
                url = reverse("incidents:detail", args=[incident.pk])
                messages.success(request, _saved_message(incident.pk, submit))  # also after a phone's fetch
                if _wants_json(request):
                    return JsonResponse({"id": incident.pk, "url": url}, status=201)
                return redirect(url)
        if _wants_json(request):
            errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=422)
    return render(request, "incidents/form.html", {"form": form, "creating": True,
                                                   "rubric": selectors.severity_rubric(),
                                                   **forms_place.form_map(form)})  # fmt: skip


def _saved_message(pk: int, submit: bool) -> str:
    if submit:
        return _("Report #%(id)s saved and sent for verification.") % {"id": pk}
    return _("Report #%(id)s saved as a draft: it goes for verification once you submit it.") % {"id": pk}


def _initial(current: IncidentInput) -> dict[str, Any]:
    initial = {key: value for key, value in current.as_dict().items() if key != "actors"}
    for prefix, actor in zip(("actor", "actor2"), current.actors or (), strict=False):  # the form shows two
        initial |= {f"{prefix}_type": actor.actor_type, f"{prefix}_side": actor.side, f"{prefix}_name": actor.name}
    return initial


@requires("incidents.report")
@require_http_methods(["GET", "POST"])
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _readable(request, pk)
    if not access.can_change(request.user, incident):
        raise Http404(_("No incident %(id)s that you may change.") % {"id": pk})
    current = IncidentInput.current(incident)
    form = IncidentForm(request.POST or None, user=request.user, editing=True, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            inp = form.incident_input()
            if inp.actors is not None:  # the form shows two actors: keep the ones after them
                inp = replace(inp, actors=inp.actors + tuple((current.actors or ())[2:]))
            update_incident(Writer.of(request.user, request), incident, inp)
        except IncidentError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Incident %(id)s saved.") % {"id": incident.pk})
            return redirect("incidents:detail", incident.pk)
    return render(request, "incidents/form.html", {"form": form, "creating": False, "incident": incident,
                                                   "rubric": selectors.severity_rubric(),
                                                   **forms_place.form_map(form)})  # fmt: skip


@requires("incidents.view")
@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    if access.is_redacted(request.user, incident):
        return render(request, "incidents/detail_redacted.html", {
            "incident": incident, "kabkota_name": kabkota_name(incident.kabkota_code)})  # fmt: skip
    related = selectors.detail_related(incident)
    point = serialize._point(request.user, incident)
    return render(request, "incidents/detail.html", {
        "incident": incident, **related, "point": point, "place_map": forms_place.detail_map(incident, point),
        "transitions_allowed": workflow.available(request.user, incident),
        "can_change": access.can_change(request.user, incident),
        "can_see_informants": access.can_see_informants(request.user, incident),
        "has_informants": any(source.has_informant for source in related["sources"]),
        "can_followup": access.can_manage_followups(request.user, incident),
        "followup_form": FollowUpForm(), "attachment_form": AttachmentForm(), "action_statuses": ActionStatus.choices,
        "severity": selectors.SeverityLevel.objects.filter(level=incident.severity).first(),
    })  # fmt: skip


@requires("incidents.view")
@require_POST
def incident_transition(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    duplicate_of = request.POST.get("duplicate_of", "").strip()
    try:
        if duplicate_of and not duplicate_of.isdigit():
            raise Invalid({"duplicate_of": _("Give the number of the original incident.")})
        transition_incident(Writer.of(request.user, request), incident, request.POST.get("to", ""),
                            request.POST.get("comment", ""), duplicate_of=int(duplicate_of) if duplicate_of else None)
    except IncidentError as error:
        messages.error(request, " ".join(error.errors.values()))
        return (
            redirect("incidents:detail", pk) if access.can_read(request.user, incident) else redirect("incidents:list")
        )
    messages.success(request, _("Incident %(id)s is now %(status)s.") % {
        "id": pk, "status": Status(Incident.objects.get(pk=pk).status).label})  # fmt: skip
    return redirect("incidents:detail", pk)


@requires("incidents.view")
@require_POST
def incident_informants(request: HttpRequest, pk: int) -> HttpResponse:
    """POST, not GET: a reveal is an audited act, never a prefetch or a crawler's visit."""
    incident = _readable(request, pk)
    try:
        informants = reveal_informants(Writer.of(request.user, request), incident)
    except IncidentError as error:
        return HttpResponse(" ".join(error.errors.values()), status=403)
    return render(request, "incidents/_informants.html", {"informants": informants, "incident": incident})


@requires("incidents.view")
@require_POST
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _readable(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            followup.add_followup(Writer.of(request.user, request), incident, form.cleaned_data)
        except IncidentError as error:
            messages.error(request, " ".join(error.errors.values()))
        else:
            messages.success(request, _("Follow-up action added."))
    else:
        messages.error(request, " ".join(str(m) for msgs in form.errors.values() for m in msgs))
    return redirect("incidents:detail", pk)


@requires("incidents.view")
@require_POST
def followup_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(FollowUpAction.objects.select_related("incident"), pk=pk)
    incident = _readable(request, action.incident_id)
    form = FollowUpUpdateForm(request.POST)
    if form.is_valid():
        try:
            followup.update_followup(Writer.of(request.user, request), action, form.cleaned_data)
        except IncidentError as error:
            messages.error(request, " ".join(error.errors.values()))
        else:
            messages.success(request, _("Follow-up action saved."))
    return redirect("incidents:detail", incident.pk)


@requires("incidents.report")
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _readable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attach.add_attachment(Writer.of(request.user, request), incident, form.cleaned_data["file"])
        except IncidentError as error:
            messages.error(request, " ".join(error.errors.values()))
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("incidents:detail", pk)


@requires("incidents.view")
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    _readable(request, attachment.incident_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    disposition = "inline" if attachment.content_type.startswith("image/") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{attachment.sha256[:12]}.{attachment.extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires("incidents.view")
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    rows = selectors.review_queue(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    followups = selectors.open_followups(request.user)[:50]
    return render(request, "incidents/queue.html", {"page": page, "followups": followups})
