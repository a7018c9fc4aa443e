"""Monitoring pages: the rounds in the user's scope, and one office's questionnaire to fill in or review.
The pages only read the form into plain values and call the services (services.py), which check and write."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.errors import DomainError
from waspada.core.i18n import prefers_indonesian
from waspada.core.permissions import has_permission, requires
from waspada.core.scope import scope_of
from waspada.monitoring import board as boards
from waspada.monitoring import selectors, services
from waspada.monitoring.forms import ImportSubmissionsForm, OpenRoundForm
from waspada.monitoring.instruments import version_spec
from waspada.monitoring.models import Answer, Assignment, AssignmentStatus, RoundStatus
from waspada.monitoring.scoring import relevant_codes
from waspada.monitoring.services import EVIDENCE_TYPES
from waspada.monitoring.submissions_import import import_submissions
from waspada.regions.models import KABKOTA_LEVELS
from waspada.regions.selectors import layer_url, layer_versions


@requires("monitoring.view")
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = selectors.rounds_for(request.user).select_related("version__instrument")
    assignments = selectors.assignments_for(request.user).order_by("round", "kabkota_code")[:500]
    latest = next(iter(rounds), None)
    provinces = boards.board(request.user, latest).provinces if latest is not None else []
    return render(request, "monitoring/rounds.html", {"rounds": rounds, "assignments": assignments,
                                                      "latest": latest, "provinces": provinces,
                                                      "can_open": has_permission(request.user,
                                                                                 "monitoring.open_round")})  # fmt: skip


def _form_errors(form: Any, exc: DomainError) -> None:
    """A service's refusal shown on the form: by its field where the form has it, else above the form."""
    for key, message in exc.errors.items():
        field = key.split("[", 1)[0]
        form.add_error(field if field in form.fields else None, message)


@requires("monitoring.open_round")
def round_open(request: HttpRequest) -> HttpResponse:
    """The national desk (any kab/kota) or a province (its own) opens a round; services.open_round checks it."""
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(
                request.user, version=data["version"], title=data["title"], period_start=data["period_start"],
                period_end=data["period_end"], deadline=data["deadline"], regions=form.region_codes(),
                election=data["election"], stage=data["stage"],
            )  # fmt: skip
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The round was opened for %(count)d regencies/cities.")
                             % {"count": round_.assignments.count()})  # fmt: skip
            return redirect("monitoring:board", pk=round_.pk)
    return render(request, "monitoring/round_open.html", {"form": form}, status=422 if form.errors else 200)


@requires("monitoring.open_round")
def round_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A round manager imports a KoBoToolbox / ODK Central export on behalf of the offices in its scope; all rows
    or none (submissions_import.py names each row at fault)."""
    round_ = selectors.rounds_for(request.user).filter(pk=pk).select_related("version").first()
    if round_ is None:
        raise Http404
    form = ImportSubmissionsForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_submissions(request.user, round_, upload.read(), upload.name or "upload")
        except DomainError as exc:
            problems = list(exc.errors.values())
        else:
            messages.success(request, _("%(rows)d rows imported, %(answers)d answers saved.")
                             % {"rows": result["rows"], "answers": result["answers"]})  # fmt: skip
            return redirect("monitoring:board", pk=round_.pk)
    status = 422 if problems or form.errors else 200
    return render(request, "monitoring/round_import.html", {"round": round_, "form": form, "problems": problems},
                  status=status)  # fmt: skip


SORTS = {"status": "state", "provinsi": "province", "kode": "code"}


@requires("monitoring.view")
@require_GET
def board_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A round's completion board: the counts, a map and a table of the kab/kota in the user's scope by state,
    and the completion by province."""
    round_ = selectors.rounds_for(request.user).filter(pk=pk).first()
    if round_ is None:
        raise Http404
    result = boards.board(request.user, round_)
    sort = SORTS.get(request.GET.get("urut", "status"), "state")
    labels = {state: str(boards.STATE_LABELS[state]) for state in boards.STATES}
    rows = [{**vars(row), "label": labels[row.state]} for row in boards.sort_rows(result.rows, sort)]
    legend = [{"state": s, "label": labels[s], "colour": boards.STATE_COLOURS[s], "count": result.counts[s]}
              for s in boards.STATES]  # fmt: skip
    versions = layer_versions()
    layers = ([{"url": layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True,
                "levels": list(KABKOTA_LEVELS)}] if "national-kabkota" in versions else [])  # fmt: skip
    context = {"board": result, "rows": rows, "legend": legend, "sort": sort, "provinces": result.provinces,
               "legend_map": {item["state"]: {"label": item["label"], "colour": item["colour"]} for item in legend},
               "states": {row.kabkota_code: row.state for row in result.rows},
               "layers_json": json.dumps(layers) if layers else "",
               "domain": scope_of(request.user).region_code or ""}  # fmt: skip
    return render(request, "monitoring/board.html", context)


def _value_from(form: Any, ind: dict[str, Any]) -> Any:
    """The answer a form field carries, as the service takes it (a wrong one is left for the service to name)."""
    name = f"q_{ind['code']}"
    kind = ind["answer_type"]
    if kind == "multiple_choice":
        return form.getlist(name) or None
    raw = str(form.get(name, "")).strip()
    if raw == "":
        return None
    if kind == "yes_no":
        return {"1": True, "0": False}.get(raw, raw)
    if kind in {"scale", "number"}:
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            return raw
        return int(number) if number.is_integer() else number
    return raw


def _questions(assignment: Assignment, comments: dict[int, list[str]]) -> list[dict[str, Any]]:
    """Dimensions > sub-dimensions > questions with the stored answer, in the reader's language."""
    spec = version_spec(assignment.round.version)
    stored = {a.indicator_id: a for a in assignment.answers.all()}
    values = {ind["code"]: stored[ind["id"]].value for dim in spec["dimensions"] for sub in dim["subdimensions"]
              for ind in sub["indicators"] if ind["id"] in stored}  # fmt: skip
    indicators = [ind for dim in spec["dimensions"] for sub in dim["subdimensions"] for ind in sub["indicators"]]
    relevant = relevant_codes(indicators, values)
    lang = "id" if prefers_indonesian() else "en"
    dims = []
    for dim in spec["dimensions"]:
        subs = []
        for sub in dim["subdimensions"]:
            rows = []
            for ind in sub["indicators"]:
                answer = stored.get(ind["id"])
                value = answer.value if answer else None
                rule = ind["scoring"] or {}
                rows.append({
                    **ind, "text": ind[f"text_{lang}"], "help": ind[f"help_{lang}"], "value": value,
                    "note": answer.note if answer else "", "evidence": answer.evidence if answer else None,
                    "answer_id": answer.pk if answer else None,
                    "relevant": ind["code"] in relevant, "comments": comments.get(ind["id"], []),
                    "choices_shown": [{"code": c["code"], "label": c.get(f"label_{lang}") or c["code"],
                                       "checked": c["code"] in value if isinstance(value, list) else c["code"] == value}
                                      for c in ind["choices"]],
                    "scale": range(int(rule["min"]), int(rule["max"]) + 1) if ind["answer_type"] == "scale" else [],
                    "condition_json": json.dumps(ind["condition"]) if ind.get("condition") else "",
                    "answered": value not in (None, "", []),
                })  # fmt: skip
            subs.append({"name": sub[f"name_{lang}"], "questions": rows})
        dims.append({"name": dim[f"name_{lang}"], "subdimensions": subs,
                     **_progress([q for sub in subs for q in sub["questions"]])})  # fmt: skip
    return dims


def _progress(questions: list[dict[str, Any]]) -> dict[str, int]:
    """How many of the relevant required questions (conditions respected) have an answer."""
    required = [q for q in questions if q["required"] and q["relevant"]]
    return {"required": len(required), "answered": sum(1 for q in required if q["answered"])}


def _evidence_links(assignment: Assignment, files: Any) -> dict[str, str]:
    """{code: download address} of the evidence the request carried, for the autosave to show as attached."""
    codes = [name.removeprefix("evidence_") for name in files if name.startswith("evidence_")]
    held = Answer.objects.filter(assignment=assignment, indicator__code__in=codes).exclude(evidence="")
    return {code: reverse("monitoring:evidence", args=[pk]) for code, pk in held.values_list("indicator__code", "pk")}


@requires("monitoring.view")
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.get_assignment(request.user, pk)
    if assignment is None:
        raise Http404
    open_round = assignment.round.status == RoundStatus.OPEN
    can_fill = (open_round and has_permission(request.user, "monitoring.fill")
                and assignment.status in services.FILLABLE)  # fmt: skip
    can_review = (open_round and has_permission(request.user, "monitoring.review")
                  and assignment.status == AssignmentStatus.SUBMITTED)  # fmt: skip
    errors: dict[str, str] = {}
    status = 422
    if request.method == "POST":
        action = request.POST.get("action", "")
        spec = version_spec(assignment.round.version)
        indicators = [ind for dim in spec["dimensions"] for sub in dim["subdimensions"] for ind in sub["indicators"]]
        try:
            if action in {"save", "submit"} and can_fill:
                # Only the questions the form showed (each carries a `shown_<code>` marker): an unchecked box
                # clears its answer, a question the form did not hold is left as it was.
                shown = [ind for ind in indicators if f"shown_{ind['code']}" in request.POST]
                services.save_answers(
                    request.user, assignment, {ind["code"]: _value_from(request.POST, ind) for ind in shown},
                    notes={ind["code"]: request.POST[f"note_{ind['code']}"] for ind in shown
                           if f"note_{ind['code']}" in request.POST},
                    evidence={ind["code"]: request.FILES.get(f"evidence_{ind['code']}") for ind in indicators
                              if f"evidence_{ind['code']}" in request.FILES},
                )  # fmt: skip
                if action == "save" and request.headers.get("X-Requested-With") == "fetch":
                    assignment.refresh_from_db(fields=["status"])
                    return JsonResponse({"ok": True, "status": assignment.status,
                                         "evidence": _evidence_links(assignment, request.FILES)})  # fmt: skip
                if action == "submit":
                    services.submit(request.user, assignment)
                    messages.success(request, _("Questionnaire submitted for review."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("monitoring:assignment", pk=assignment.pk)
            if action == "approve" and can_review:
                services.approve(request.user, assignment, request.POST.get("review_note", ""))
                messages.success(request, _("Questionnaire approved."))
                return redirect("monitoring:assignment", pk=assignment.pk)
            if action == "return" and can_review:
                written = {ind["code"]: request.POST.get(f"comment_{ind['code']}", "") for ind in indicators}
                services.return_assignment(request.user, assignment, {c: t for c, t in written.items() if t.strip()},
                                           request.POST.get("review_note", ""))  # fmt: skip
                messages.success(request, _("Questionnaire returned to the office with your comments."))
                return redirect("monitoring:assignment", pk=assignment.pk)
            errors["action"] = _("This questionnaire cannot take that action now.")
        except DomainError as exc:
            errors, status = exc.errors, exc.status
        if request.headers.get("X-Requested-With") == "fetch":  # the questionnaire's autosave (questionnaire.js)
            return JsonResponse({"ok": False, "errors": errors}, status=status)
    comments: dict[int, list[str]] = {}
    for comment in assignment.comments.filter(resolved=False):
        comments.setdefault(comment.indicator_id, []).append(comment.text)
    dimensions = _questions(assignment, comments)
    every = [q for dim in dimensions for sub in dim["subdimensions"] for q in sub["questions"]]
    context = {"assignment": assignment, "dimensions": dimensions, "errors": errors, "progress": _progress(every),
               "can_fill": can_fill, "can_review": can_review, "evidence_max_bytes": services.evidence_limit(),
               "score": services.assignment_score(assignment).score}  # fmt: skip
    return render(request, "monitoring/assignment.html", context, status=422 if errors else 200)


@requires("monitoring.view")
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An answer's evidence file, for those whose scope reaches its questionnaire (404 otherwise)."""
    answer = Answer.objects.filter(pk=pk).exclude(evidence="").first()
    if answer is None or selectors.get_assignment(request.user, answer.assignment_id) is None:
        raise Http404
    extension = answer.evidence.name.rsplit(".", 1)[-1]
    content_type = next((mime for mime, ext in EVIDENCE_TYPES.items() if ext == extension), "application/octet-stream")
    response = FileResponse(answer.evidence.open("rb"), content_type=content_type)
    disposition = "inline" if content_type.startswith("image/") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="bukti-{answer.pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _shown(ind: Any, value: Any, lang: str) -> str:
    """An answer as a reader sees it: yes/no in words, choices by their label."""
    if value is None or value == "" or value == []:
        return "—"
    if ind.answer_type == "yes_no" and isinstance(value, bool):
        return _("Yes") if value else _("No")
    labels = {c["code"]: c.get(f"label_{lang}") or c["code"] for c in ind.choices or []}
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value)
    return str(labels.get(value, value)) if isinstance(value, str) else str(value)


@requires("monitoring.view")
@require_GET
def answer_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of one answer, oldest first: when, by whom, from where (page, API, import, demo), on behalf of
    the office or not, and what it said. Within scope only (404 otherwise)."""
    answer = Answer.objects.select_related("indicator").filter(pk=pk).first()
    assignment = selectors.get_assignment(request.user, answer.assignment_id) if answer is not None else None
    if answer is None or assignment is None:
        raise Http404
    lang = "id" if prefers_indonesian() else "en"
    rows = [{"when": h.changed_at, "who": h.changed_by, "source": h.get_source_display() if h.source else "",
             "on_behalf": h.on_behalf, "value": _shown(answer.indicator, h.value, lang), "note": h.note,
             "evidence": bool(h.evidence)}
            for h in answer.history.select_related("changed_by").order_by("changed_at", "id")]  # fmt: skip
    context = {"answer": answer, "assignment": assignment, "rows": rows,
               "question": getattr(answer.indicator, f"text_{lang}")}  # fmt: skip
    return render(request, "monitoring/answer_history.html", context)
