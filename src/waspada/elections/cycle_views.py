"""The cycle pages of national admins: enter a cycle and its stages, import the stages from XLSX, confirm dates.

Views only turn the request into the services' inputs (elections/cycles.py) and their refusals into form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.core.permissions import requires
from waspada.elections import cycles
from waspada.elections.forms import CycleForm, SheetForm, StageForm
from waspada.elections.models import Election, Stage

MAX_SHEET_BYTES = 2 * 1024 * 1024


def _apply_errors(form: forms.Form, error: cycles.CycleError) -> None:
    """Field errors on their field; the rest (a sheet's "row 4, column start") keep their place in the message."""
    for name, message in error.errors.items():
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, f"{name}: {message}")


@requires("elections.manage")
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    elections = Election.objects.select_related("confirmed_by").order_by("voting_day", "code")
    return render(request, "elections/cycles.html", {"elections": elections})


@requires("elections.manage")
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = cycles.save_cycle(request.user, form.to_input(), request=request)
        except cycles.CycleError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Cycle saved. Add its stages below."))
            return redirect("elections:cycle_edit", code=election.code)
    return render(request, "elections/cycle_form.html", {"form": form, "election": None})


def _cycle_context(election: Election, **forms_: Any) -> dict[str, Any]:
    stages = election.stages.select_related("tag").order_by("position", "code")
    return {"election": election, "stages": stages, "form": forms_.get("form") or CycleForm.for_election(election),
            "stage_form": forms_.get("stage_form") or StageForm(), "sheet_form": forms_.get("sheet_form")
            or SheetForm()}  # fmt: skip


@requires("elections.manage")
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, code: str) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    if request.method == "POST":
        form = CycleForm(request.POST)
        if form.is_valid():
            try:
                cycles.save_cycle(request.user, form.to_input(), election=election, request=request)
            except cycles.CycleError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Cycle saved."))
                return redirect("elections:cycle_edit", code=election.code)
        return render(request, "elections/cycle_form.html", _cycle_context(election, form=form), status=422)
    return render(request, "elections/cycle_form.html", _cycle_context(election))


@requires("elections.manage")
@require_POST
def cycle_confirm(request: HttpRequest, code: str) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    try:
        cycles.confirm_cycle(request.user, election, request=request)
    except cycles.CycleError as error:
        messages.error(request, "; ".join(error.errors.values()))
    else:
        messages.success(request, _("The dates of %(name)s are confirmed.") % {"name": election.name})
    return redirect("elections:cycle_edit", code=election.code)


@requires("elections.manage")
@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    stage = get_object_or_404(Stage, election=election, pk=pk) if pk is not None else None
    if request.method == "GET":
        if stage is None:
            raise Http404
        return render(request, "elections/stage_form.html", {"election": election, "stage": stage,
                                                              "stage_form": StageForm.for_stage(stage)})  # fmt: skip
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            cycles.save_stage(request.user, election, form.to_input(), stage=stage, request=request)
        except cycles.CycleError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Stage saved."))
            return redirect("elections:cycle_edit", code=election.code)
    if stage is not None:
        return render(request, "elections/stage_form.html", {"election": election, "stage": stage,
                                                             "stage_form": form}, status=422)  # fmt: skip
    return render(request, "elections/cycle_form.html", _cycle_context(election, stage_form=form), status=422)


@requires("elections.manage")
@require_POST
def stage_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    stage = get_object_or_404(Stage, election_id=code, pk=pk)
    cycles.delete_stage(request.user, stage, request=request)
    messages.success(request, _("Stage removed."))
    return redirect("elections:cycle_edit", code=code)


@requires("elections.manage")
@require_POST
def stage_sheet(request: HttpRequest, code: str) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    form = SheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_SHEET_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            try:
                result = cycles.import_stage_sheet(request.user, election, upload.read(), request=request)
            except cycles.CycleError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("%(n)s stages imported; the cycle is provisional until confirmed.")
                                 % {"n": result.stages})  # fmt: skip
                return redirect("elections:cycle_edit", code=election.code)
    return render(request, "elections/cycle_form.html", _cycle_context(election, sheet_form=form), status=422)


@requires("elections.manage")
@require_GET
def stage_sheet_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(cycles.stage_sheet_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="tahapan-pemilihan.xlsx"'
    return response
