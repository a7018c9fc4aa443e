"""/api/v1/instruments and /api/v1/rounds: the monitoring instruments, the rounds in scope and their
questionnaires. Thin: the services write and refuse (errors.py: 403, 409, 422 naming the field or question, answered
by the API's one error handler), the selectors read within the user's scope; a round or region outside it is the
same 404 as a missing one."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja import Status as Answer
from ninja.files import UploadedFile

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import PageParams, page_of, refusals
from waspada.monitoring import instruments, selectors, services
from waspada.monitoring.errors import Conflict, Invalid
from waspada.monitoring.models import (
    Answer as AnswerRow,
)
from waspada.monitoring.models import (
    AnswerSource,
    Assignment,
    AssignmentStatus,
    Instrument,
    InstrumentVersion,
    Round,
)
from waspada.monitoring.schemas import (
    AnswerOut,
    InstrumentIn,
    InstrumentOut,
    RoundDetailOut,
    RoundIn,
    RoundOut,
    SubmissionIn,
    SubmissionOut,
    VersionOut,
    instrument_data,
)
from waspada.monitoring.scoring import Score

router = Router()

RoundPage = page_of(RoundOut)
SubmissionPage = page_of(SubmissionOut)


# --- Instruments ---------------------------------------------------------------------------------------------


def _instrument_json(instrument: Instrument) -> dict[str, Any]:
    versions = instrument.versions.annotate(n=Count("indicators")).order_by("number")
    return {"code": instrument.code, "name_id": instrument.name_id, "name_en": instrument.name_en,
            "versions": [{"number": v.number, "status": v.status, "published_at": v.published_at, "note": v.note,
                          "indicators": v.n} for v in versions]}  # fmt: skip


@router.get("/instruments", summary="Monitoring instruments with their versions",
            auth=api_auth("monitoring.view"), response={200: list[InstrumentOut], **refusals()})  # fmt: skip
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    return [_instrument_json(i) for i in Instrument.objects.order_by("code")]


@router.get("/instruments/{code}/versions/{number}", summary="One instrument version, every question in full",
            auth=api_auth("monitoring.view"), response={200: VersionOut, **refusals(404, 422)})  # fmt: skip
def get_version(request: HttpRequest, code: str, number: int) -> dict[str, Any]:
    version = (InstrumentVersion.objects.select_related("instrument")
               .filter(instrument__code=code, number=number).first())  # fmt: skip
    if version is None:
        raise not_found(_("No version %(number)s of instrument “%(code)s”.") % {"number": number, "code": code})
    spec = instruments.version_spec(version)
    dims = [{**{k: dim[k] for k in ("code", "name_id", "name_en", "weight")},
             "subdimensions": [{**{k: sub[k] for k in ("code", "name_id", "name_en", "weight")},
                                "indicators": [_indicator_json(ind) for ind in sub["indicators"]]}
                               for sub in dim["subdimensions"]]}
            for dim in spec["dimensions"]]  # fmt: skip
    return {"instrument": version.instrument.code, "name_id": version.instrument.name_id,
            "name_en": version.instrument.name_en, "number": version.number, "status": version.status,
            "published_at": version.published_at, "note": version.note, "dimensions": dims}  # fmt: skip


def _indicator_json(ind: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in ind.items() if k != "basis"}
    out["source"] = ind["basis"]
    out["scoring"] = ind["scoring"] or {}
    out["choices"] = [{"code": c.get("code", ""), "label_id": c.get("label_id", ""), "label_en": c.get("label_en", "")}
                      for c in ind["choices"] or []]  # fmt: skip
    return out


@router.post("/instruments", summary="Create an instrument (the structure of instrument_default.yaml) as version 1",
             auth=api_auth("monitoring.instruments"),
             response={201: InstrumentOut, **refusals(400, 409, 413, 422)})  # fmt: skip
def create_instrument(request: HttpRequest, payload: InstrumentIn) -> Answer:
    if Instrument.objects.filter(code=payload.code).exists():
        raise Conflict({"code": _("An instrument “%(code)s” exists already.") % {"code": payload.code}})
    _distinct_codes(payload)
    version, _created = instruments.load_instrument(instrument_data(payload), request.user)
    return Answer(201, _instrument_json(version.instrument))


def _distinct_codes(payload: InstrumentIn) -> None:
    """Dimension codes, and sub-dimension codes within a dimension, are unique (indicators: check_spec)."""
    errors: dict[str, str] = {}
    levels = [("dimensions", [dim.code for dim in payload.dimensions])] + [
        (f"dimensions.{d}.subdimensions", [sub.code for sub in dim.subdimensions])
        for d, dim in enumerate(payload.dimensions)
    ]
    for prefix, codes in levels:
        seen: set[str] = set()
        for n, code in enumerate(codes):
            if code in seen:
                errors[f"{prefix}.{n}.code"] = _("The code “%(code)s” is used twice.") % {"code": code}
            seen.add(code)
    if errors:
        raise Invalid(errors)


# --- Rounds --------------------------------------------------------------------------------------------------


def _status_counts(user: Any, round_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(AssignmentStatus.values, 0) for pk in round_ids}
    rows = (selectors.assignments_for(user).filter(round_id__in=round_ids).order_by()
            .values_list("round_id", "status").annotate(n=Count("pk")))  # fmt: skip
    for round_id, status, n in rows:
        counts[round_id][status] = n
    return counts


def _round_json(round_: Round, counts: dict[str, int]) -> dict[str, Any]:
    return {"id": round_.pk, "title": round_.title, "instrument": round_.version.instrument.code,
            "version": round_.version.number, "status": round_.status, "period_start": round_.period_start,
            "election": round_.election_id, "stage": round_.stage.code if round_.stage else None,
            "period_end": round_.period_end, "deadline": round_.deadline, "scope_region": round_.scope_region_id,
            "opened_at": round_.opened_at, "closed_at": round_.closed_at, "assignments": sum(counts.values()),
            "by_status": counts}  # fmt: skip


def _rounds(user: Any) -> Any:
    return selectors.rounds_for(user).select_related("version__instrument", "stage").order_by("-opened_at", "-pk")


def _round(request: HttpRequest, round_id: int) -> Round:
    round_ = _rounds(request.user).filter(pk=round_id).first()
    if round_ is None:
        raise not_found(_("No monitoring round %(id)s in your scope.") % {"id": round_id})
    return round_


@router.get("/rounds", summary="Monitoring rounds in your scope, with their questionnaires counted by status",
            auth=api_auth("monitoring.view"), response={200: RoundPage, **refusals(422)})  # fmt: skip
def list_rounds(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    rounds = _rounds(request.user)
    page = paginate(request, rounds, params.page, params.page_size, lambda r: r)
    counts = _status_counts(request.user, [r.pk for r in page["results"]])
    page["results"] = [_round_json(r, counts[r.pk]) for r in page["results"]]
    return page


def _deadline(value: datetime.datetime) -> datetime.datetime:
    try:
        aware = value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)
        return aware.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise Invalid({"deadline": _("This date and time cannot be used.")}) from None


@router.post("/rounds", summary="Open a monitoring round for the kab/kota in your scope",
             auth=api_auth("monitoring.open_round"),
             response={201: RoundDetailOut, **refusals(400, 413, 422)})  # fmt: skip
def open_round(request: HttpRequest, payload: RoundIn) -> Answer:
    version = (InstrumentVersion.objects.select_related("instrument")
               .filter(instrument__code=payload.instrument, number=payload.version).first())  # fmt: skip
    if version is None:
        raise Invalid({"version": _("Instrument “%(code)s” has no version %(number)s.")
                       % {"code": payload.instrument, "number": payload.version}})  # fmt: skip
    election, stage = services.election_and_stage(payload.election, payload.stage)
    round_ = services.open_round(
        request.user, version=version, title=payload.title, period_start=payload.period_start,
        period_end=payload.period_end, deadline=_deadline(payload.deadline), regions=payload.regions,
        election=election, stage=stage,
    )  # fmt: skip
    return Answer(201, _round_detail(request, round_.pk))


def _round_detail(request: HttpRequest, round_id: int) -> dict[str, Any]:
    round_ = _round(request, round_id)
    counts = _status_counts(request.user, [round_.pk])[round_.pk]
    rows = selectors.assignments_for(request.user).filter(round=round_).order_by("kabkota_code")
    return {**_round_json(round_, counts),
            "assignment_list": [_assignment_row(a) for a in rows]}  # fmt: skip


def _assignment_row(assignment: Assignment) -> dict[str, Any]:
    return {"id": assignment.pk, "region": assignment.kabkota_code, "region_name": assignment.region.name,
            "status": assignment.status, "submitted_at": assignment.submitted_at}  # fmt: skip


@router.get("/rounds/{round_id}", summary="One monitoring round with the questionnaires in your scope",
            auth=api_auth("monitoring.view"), response={200: RoundDetailOut, **refusals(404, 422)})  # fmt: skip
def get_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return _round_detail(request, round_id)


# --- Submissions ---------------------------------------------------------------------------------------------


def _score_json(score: Score) -> dict[str, Any]:
    return {"total": score.score,
            "dimensions": [{"code": d.code, "score": d.score,
                            "subdimensions": [{"code": s.code, "score": s.score} for s in d.children]}
                           for d in score.children]}  # fmt: skip


def _answer_json(answer: AnswerRow) -> dict[str, Any]:
    return {"indicator": answer.indicator.code, "value": answer.value, "note": answer.note,
            "has_evidence": bool(answer.evidence), "updated_at": answer.updated_at}  # fmt: skip


def _submission_json(assignment: Assignment) -> dict[str, Any]:
    answers = [_answer_json(a) for a in assignment.answers.all()]
    return {**_assignment_row(assignment), "reviewed_at": assignment.reviewed_at,
            "review_note": assignment.review_note, "answers": answers,
            "score": _score_json(services.assignment_score(assignment))}  # fmt: skip


def _with_answers(rows: Any) -> Any:
    ordered = AnswerRow.objects.select_related("indicator").order_by("indicator__order")
    return rows.select_related("round__version__instrument").prefetch_related(Prefetch("answers", ordered))


@router.get("/rounds/{round_id}/submissions", summary="The questionnaires of a round in your scope, answers and scores",
            auth=api_auth("monitoring.view"), response={200: SubmissionPage, **refusals(404, 422)})  # fmt: skip
def list_submissions(request: HttpRequest, round_id: int, params: Query[PageParams]) -> dict[str, Any]:
    round_ = _round(request, round_id)
    rows = _with_answers(selectors.assignments_for(request.user).filter(round=round_).order_by("kabkota_code"))
    return paginate(request, rows, params.page, params.page_size, _submission_json)


@router.post("/rounds/{round_id}/submissions", summary="Save a kab/kota's answers (a draft), and submit them if asked",
             auth=api_auth("monitoring.fill"),
             response={200: SubmissionOut, **refusals(400, 404, 409, 413, 422)})  # fmt: skip
def save_submission(request: HttpRequest, round_id: int, payload: SubmissionIn) -> dict[str, Any]:
    round_ = _round(request, round_id)
    assignment = selectors.assignments_for(request.user).filter(round=round_, kabkota_code=payload.region).first()
    if assignment is None:
        raise not_found(_("Region %(code)s has no questionnaire in this round within your scope.")
                        % {"code": payload.region})  # fmt: skip
    services.save_answers(request.user, assignment, payload.answers, notes=payload.notes, source=AnswerSource.API)
    if payload.submit:
        services.submit(request.user, assignment)
    refreshed = _with_answers(Assignment.objects.filter(pk=assignment.pk)).get()
    return _submission_json(refreshed)


@router.post("/rounds/{round_id}/submissions/{assignment_id}/evidence",
             summary="Attach an evidence file (an image or a PDF) to one question of a kab/kota's questionnaire",
             auth=api_auth("monitoring.fill"),
             response={200: AnswerOut, **refusals(400, 404, 409, 413, 422)})  # fmt: skip
def post_evidence(
    request: HttpRequest,
    round_id: int,
    assignment_id: int,
    indicator: str = Form(
        ...,
        min_length=1,
        max_length=60,
        pattern=r"^[a-z0-9_]+$",  # noqa: B008
        description="The question's indicator code.",
    ),
    file: UploadedFile = File(..., description="JPEG, PNG, WebP, GIF or PDF, the type read from its content."),  # noqa: B008
    note: str | None = Form(None, max_length=5000, description="A note to keep with it (optional)."),  # noqa: B008
) -> dict[str, Any]:
    """The same checks as the questionnaire page: the round open, the questionnaire fillable, the file's type and
    size (WASPADA_ATTACHMENT_MAX_BYTES); sending the same file again changes nothing."""
    round_ = _round(request, round_id)
    assignment = selectors.assignments_for(request.user).filter(round=round_, pk=assignment_id).first()
    if assignment is None:
        raise not_found(_("No questionnaire %(id)s in this round within your scope.") % {"id": assignment_id})
    services.save_answers(request.user, assignment, {}, notes={indicator: note} if note is not None else None,
                          evidence={indicator: file}, source=AnswerSource.API)  # fmt: skip
    answer = AnswerRow.objects.select_related("indicator").get(assignment=assignment, indicator__code=indicator)
    return _answer_json(answer)
