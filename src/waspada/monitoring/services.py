"""Rounds and answers: open a round for the kab/kota offices in scope, save answers as drafts, submit, review
(approve or return with a comment per question), resubmit. Every write checks the permission and scope, validates
everything first, writes in one transaction with its history rows and records its audit event; a refusal names
the exact question or region and writes nothing.

Instruments (load, publish, copy on edit) are in instruments.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import uploads
from waspada.core.audit import record
from waspada.core.permissions import has_permission
from waspada.core.scope import region_in_scope, scope_of
from waspada.elections.models import Election, Stage
from waspada.monitoring.errors import Conflict, Denied, Invalid
from waspada.monitoring.instruments import indicators_by_code, version_spec
from waspada.monitoring.models import (
    Answer,
    AnswerHistory,
    AnswerSource,
    Assignment,
    AssignmentStatus,
    InstrumentVersion,
    ReviewComment,
    Round,
    RoundStatus,
)
from waspada.monitoring.scoring import Score, relevant_codes, score_answers
from waspada.monitoring.validation import check_value
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

# Evidence: images and PDF only, the type sniffed from the bytes, size-limited (as incident attachments).
EVIDENCE_TYPES = {**uploads.IMAGE_TYPES, "image/gif": "gif", "application/pdf": "pdf"}
FILLABLE = frozenset({AssignmentStatus.NOT_STARTED, AssignmentStatus.DRAFT, AssignmentStatus.RETURNED})


def _require(user: Any, permission: str, message: str) -> None:
    if not has_permission(user, permission):
        raise Denied({"user": message})


# --- Rounds ----------------------------------------------------------------------------------------------


def _covered_regions(user: Any, codes: Iterable[str] | None) -> list[Region]:
    """The kab/kota a round covers: every kab/kota in the opener's scope, or those named (a province code stands
    for all its kab/kota). A code unknown or outside the opener's scope is refused by name."""
    scope = scope_of(user)
    kabkota = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True)
    if codes is None:
        if scope.region_code is not None:
            kabkota = kabkota.filter(province_code=scope.region_code)
        return list(kabkota.order_by("code"))
    wanted = list(dict.fromkeys(str(code).strip() for code in codes))
    found = {r.code: r for r in Region.objects.filter(code__in=wanted)}
    errors: dict[str, str] = {}
    chosen: dict[str, Region] = {}
    for code in wanted:
        region = found.get(code)
        if region is None:
            errors[f"regions[{code}]"] = _("Region %(code)s does not exist.") % {"code": code}
        elif not region_in_scope(user, code):
            errors[f"regions[{code}]"] = _("Region %(code)s lies outside your scope.") % {"code": code}
        elif region.level == Level.PROVINCE:
            chosen.update({r.code: r for r in kabkota.filter(province_code=code)})
        elif region.level in KABKOTA_LEVELS:
            chosen[code] = region
        else:
            errors[f"regions[{code}]"] = _("Region %(code)s is not a province or a regency/city.") % {"code": code}
    if errors:
        raise Invalid(errors)
    return [chosen[c] for c in sorted(chosen)]


def election_and_stage(election_code: str | None, stage_code: str | None) -> tuple[Election | None, Stage | None]:
    """The election cycle and stage a round is opened for, from their codes (API, command line). A stage is a
    code within the election, so it needs the election; an unknown one is refused naming its field."""
    election = stage = None
    if election_code:
        election = Election.objects.filter(code=election_code).first()
        if election is None:
            raise Invalid({"election": _("There is no election “%(code)s”.") % {"code": election_code}})
    if stage_code:
        if election is None:
            raise Invalid({"stage": _("A stage needs its election: give the election too.")})
        stage = Stage.objects.filter(election=election, code=stage_code).first()
        if stage is None:
            raise Invalid({"stage": _("The election “%(election)s” has no stage “%(code)s”.")
                           % {"election": election.code, "code": stage_code}})  # fmt: skip
    return election, stage


def open_round(
    user: Any,
    *,
    version: InstrumentVersion,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    deadline: datetime.datetime,
    regions: Iterable[str] | None = None,
    election: Election | None = None,
    stage: Stage | None = None,
) -> Round:
    """The national desk opens a round for any kab/kota, a province officer for its own kab/kota only;
    `regions` None means every kab/kota in the opener's scope. One assignment per kab/kota, in bulk."""
    _require(user, "monitoring.open_round", _("Your role may not open monitoring rounds."))
    errors: dict[str, str] = {}
    if not version.is_published:
        errors["version"] = _("Only a published instrument version can be used in a round.")
    if not title.strip():
        errors["title"] = _("Give the round a title.")
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if deadline <= timezone.now():
        errors["deadline"] = _("The deadline has already passed.")
    if stage is not None and election is not None and stage.election_id != election.pk:
        errors["stage"] = _("The stage belongs to another election.")
    if errors:
        raise Invalid(errors)
    covered = _covered_regions(user, regions)
    if not covered:
        raise Invalid({"regions": _("The round covers no regency/city.")})
    scope = scope_of(user)
    with transaction.atomic():
        round_ = Round.objects.create(
            version=version, title=title.strip(), period_start=period_start, period_end=period_end,
            election=election or (stage.election if stage else None), stage=stage, deadline=deadline,
            scope_region_id=scope.region_code, province_code=scope.region_code or "", opened_by=user,
        )  # fmt: skip
        Assignment.objects.bulk_create(
            [Assignment(round=round_, region=r, province_code=r.province_code, kabkota_code=r.code) for r in covered],
            batch_size=500,
        )
        record(user, "monitoring.round_open", round_, None,
               {"title": round_.title, "version": version.number, "regions": len(covered)},
               region_code=scope.region_code)  # fmt: skip
    return round_


def close_round(user: Any, round_: Round) -> Round:
    _require(user, "monitoring.open_round", _("Your role may not close monitoring rounds."))
    if not region_in_scope(user, round_.scope_region_id) and scope_of(user).region_code is not None:
        raise Denied({"round": _("This round was opened by another office.")})
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.status == RoundStatus.CLOSED:
            raise Conflict({"round": _("The round is already closed.")})
        round_.status, round_.closed_at = RoundStatus.CLOSED, timezone.now()
        round_.save(update_fields=["status", "closed_at"])
        record(user, "monitoring.round_close", round_, {"status": RoundStatus.OPEN}, {"status": RoundStatus.CLOSED},
               region_code=round_.scope_region_id)  # fmt: skip
    return round_


# --- Filling in ------------------------------------------------------------------------------------------


def _locked_assignment(user: Any, assignment: Assignment, permission: str) -> Assignment:
    """The assignment re-read under lock, after the permission, scope and round checks."""
    messages = {"monitoring.fill": _("Your role may not fill in monitoring questionnaires."),
                "monitoring.review": _("Your role may not review monitoring questionnaires."),
                "monitoring.open_round": _("Your role may not save answers on behalf of an office.")}  # fmt: skip
    _require(user, permission, messages[permission])
    if not region_in_scope(user, assignment.kabkota_code):
        raise Denied({"region": _("Region %(code)s lies outside your scope.") % {"code": assignment.kabkota_code}})
    locked = Assignment.objects.select_for_update().select_related("round", "round__version").get(pk=assignment.pk)
    if locked.round.status != RoundStatus.OPEN:
        raise Conflict({"round": _("The round is closed.")})
    return locked


def _label(indicator: Mapping[str, Any]) -> str:
    """The question's place; the error's key is its code (pages never show codes)."""
    return str(indicator["place"])


def evidence_limit() -> int:
    """The largest evidence file accepted, in bytes (as incident attachments)."""
    return uploads.max_bytes()


def _evidence_content(upload: Any, place: str) -> tuple[ContentFile, str] | str:  # type: ignore[type-arg]
    """(file named by its content hash, MIME type), or why the upload is refused."""
    checked = uploads.check_upload(upload, EVIDENCE_TYPES,
                                   _("%(name)s is not an image or a PDF (its content is %(type)s)."))  # fmt: skip
    if isinstance(checked, str):
        return f"{place}: {checked}"
    return checked.file(), checked.mime


def _same_file(answer: Answer, upload: ContentFile) -> bool:  # type: ignore[type-arg]
    """The answer already holds this very file (names are content hashes): an autosave that sent the file and
    a later plain POST of the same form must not store it twice nor add a history row."""
    held = answer.evidence.name.rsplit("/", 1)[-1] if answer.evidence else ""
    return bool(held) and held == upload.name


def save_answers(
    user: Any,
    assignment: Assignment,
    answers: Mapping[str, Any],
    *,
    notes: Mapping[str, str] | None = None,
    evidence: Mapping[str, Any] | None = None,
    source: str = AnswerSource.PAGE,
    on_behalf: bool = False,
) -> list[Answer]:
    """Save a draft: {indicator code: value} (None clears an answer), optional notes and evidence files per code.
    Every value and file is checked against its question first; one wrong value refuses the whole save.

    `source` says where the answers came from (kept in AnswerHistory). `on_behalf`: a round manager (the national
    desk, or a province for its kab/kota) saves for the office, e.g. a bulk KoBo/ODK import; it needs
    `monitoring.open_round` instead of `monitoring.fill`, the same scope check, and is audited as such."""
    notes, evidence = notes or {}, evidence or {}
    with transaction.atomic():
        permission = ("monitoring.fill", "monitoring.open_round")[on_behalf]  # a permission, not an audit action
        assignment = _locked_assignment(user, assignment, permission)
        if assignment.status not in FILLABLE:
            raise Conflict({"status": _("This questionnaire was submitted; it can change only when returned.")})
        spec = indicators_by_code(version_spec(assignment.round.version))
        errors: dict[str, str] = {}
        for code in [*answers, *notes, *evidence]:
            if code not in spec:
                errors[code] = _("“%(code)s” is not a question of this instrument version.") % {"code": code}
        for code, value in answers.items():
            problem = check_value(spec[code], value) if code in spec else None
            if problem:
                errors[code] = f"{_label(spec[code])}: {problem}"
        files: dict[str, ContentFile] = {}  # type: ignore[type-arg]
        for code, upload in evidence.items():
            checked = _evidence_content(upload, _label(spec[code])) if code in spec else None
            if isinstance(checked, str):
                errors[code] = checked
            elif checked is not None:
                files[code] = checked[0]
        if errors:
            raise Invalid(errors, detail=_("Nothing was saved."))
        existing = {a.indicator.code: a for a in assignment.answers.select_related("indicator")}
        now, saved, changed = timezone.now(), [], []
        for code in dict.fromkeys([*answers, *notes, *evidence]):
            answer = existing.get(code) or Answer(assignment=assignment, indicator_id=spec[code]["id"])
            before = (answer.value, answer.note, answer.evidence.name if answer.evidence else "")
            if code in answers:
                answer.value = answers[code]
            if code in notes:
                answer.note = str(notes[code] or "").strip()
            if code in files and not _same_file(answer, files[code]):
                answer.evidence.save(files[code].name or "bukti", files[code], save=False)
            after = (answer.value, answer.note, answer.evidence.name if answer.evidence else "")
            if after == before:  # unchanged, or an empty answer never given
                continue
            answer.updated_by, answer.updated_at = user, now
            answer.save()
            AnswerHistory.objects.create(answer=answer, value=answer.value, note=answer.note, evidence=after[2],
                                         changed_by=user, changed_at=now, source=source,
                                         on_behalf=on_behalf)  # fmt: skip
            saved.append(answer)
            changed.append(code)
        old_status = assignment.status
        if changed:
            if assignment.status == AssignmentStatus.NOT_STARTED:
                assignment.status = AssignmentStatus.DRAFT
            assignment.updated_at = now
            assignment.save(update_fields=["status", "updated_at"])
            action = "monitoring.answers_save_on_behalf" if on_behalf else "monitoring.answers_save"
            record(user, action, assignment, {"status": old_status},
                   {"status": assignment.status, "indicators": changed, "source": source})  # fmt: skip
    return saved


def missing_answers(assignment: Assignment) -> dict[str, str]:
    """{code: message} for each relevant required question without an answer, or without its required evidence
    (a file or a note)."""
    spec = version_spec(assignment.round.version)
    by_code = indicators_by_code(spec)
    stored = {a.indicator.code: a for a in assignment.answers.select_related("indicator")}
    values = {code: a.value for code, a in stored.items() if a.value not in (None, "", [])}
    relevant = relevant_codes(list(by_code.values()), values)
    missing: dict[str, str] = {}
    for code, ind in by_code.items():
        if code not in relevant:
            continue
        answer = stored.get(code)
        if ind["required"] and code not in values:
            missing[code] = f"{_label(ind)}: " + _("an answer is required")
        elif ind["evidence_required"] and code in values and not (answer and (answer.evidence or answer.note)):
            missing[code] = f"{_label(ind)}: " + _("evidence (a file or a note) is required")
    return missing


def submit(user: Any, assignment: Assignment) -> Assignment:
    """Hand the questionnaire to the province for review (again, after a return): every relevant required
    question answered, evidence where required; each missing one is named."""
    with transaction.atomic():
        assignment = _locked_assignment(user, assignment, "monitoring.fill")
        if assignment.status not in FILLABLE:
            raise Conflict({"status": _("This questionnaire is already submitted or approved.")})
        missing = missing_answers(assignment)
        if missing:
            raise Invalid(missing, detail=_("The questionnaire is incomplete; it was not submitted."))
        resubmission = assignment.status == AssignmentStatus.RETURNED
        before = assignment.status
        assignment.status, assignment.submitted_at, assignment.submitted_by = (
            AssignmentStatus.SUBMITTED,
            timezone.now(),
            user,
        )
        assignment.updated_at = assignment.submitted_at
        assignment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        if resubmission:
            assignment.comments.filter(resolved=False).update(resolved=True)
        record(user, "monitoring.resubmit" if resubmission else "monitoring.submit", assignment,
               {"status": before}, {"status": assignment.status})  # fmt: skip
    return assignment


# --- Review ----------------------------------------------------------------------------------------------


def _reviewable(user: Any, assignment: Assignment) -> Assignment:
    assignment = _locked_assignment(user, assignment, "monitoring.review")
    if assignment.status != AssignmentStatus.SUBMITTED:
        raise Conflict({"status": _("Only a submitted questionnaire can be reviewed.")})
    return assignment


def approve(user: Any, assignment: Assignment, note: str = "") -> Assignment:
    with transaction.atomic():
        assignment = _reviewable(user, assignment)
        assignment.status, assignment.reviewed_at, assignment.reviewed_by = (
            AssignmentStatus.APPROVED,
            timezone.now(),
            user,
        )
        assignment.review_note = note.strip()
        assignment.updated_at = assignment.reviewed_at
        assignment.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
        record(user, "monitoring.approve", assignment, {"status": AssignmentStatus.SUBMITTED},
               {"status": assignment.status})  # fmt: skip
    return assignment


def return_assignment(user: Any, assignment: Assignment, comments: Mapping[str, str], note: str = "") -> Assignment:
    """Send it back to the kab/kota office with a comment on each question to fix ({indicator code: text})."""
    with transaction.atomic():
        assignment = _reviewable(user, assignment)
        spec = indicators_by_code(version_spec(assignment.round.version))
        errors: dict[str, str] = {}
        cleaned = {code: str(text or "").strip() for code, text in comments.items()}
        for code, text in cleaned.items():
            if code not in spec:
                errors[code] = _("“%(code)s” is not a question of this instrument version.") % {"code": code}
            elif not text:
                errors[code] = f"{_label(spec[code])}: " + _("write what needs fixing")
        if not cleaned:
            errors["comments"] = _("Name at least one question to fix.")
        if errors:
            raise Invalid(errors, detail=_("Nothing was saved."))
        now = timezone.now()
        ReviewComment.objects.bulk_create([
            ReviewComment(assignment=assignment, indicator_id=spec[code]["id"], text=text, created_by=user,
                          created_at=now) for code, text in cleaned.items()
        ])  # fmt: skip
        assignment.status, assignment.reviewed_at, assignment.reviewed_by = AssignmentStatus.RETURNED, now, user
        assignment.review_note = note.strip()
        assignment.updated_at = now
        assignment.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
        record(user, "monitoring.return", assignment, {"status": AssignmentStatus.SUBMITTED},
               {"status": assignment.status, "indicators": sorted(cleaned)})  # fmt: skip
    return assignment


def assignment_score(assignment: Assignment) -> Score:
    """Total, dimension and sub-dimension scores (0-100, higher = more vulnerable) of the answers so far."""
    spec = version_spec(assignment.round.version)
    values = {a.indicator.code: a.value for a in assignment.answers.select_related("indicator")}
    return score_answers(spec, values)
