"""The completion board (states incl. late, counts, province summary, scope), reminders (once per day, inbox
and e-mail, one audit event, the scheduler), the `waspada rounds` command and the demo rounds."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.personas import client_for
from waspada.core import demo_steps, scheduler
from waspada.core.audit.models import AuditEvent
from waspada.core.notifications.models import Notification
from waspada.monitoring import board, demo, reminders, services
from waspada.monitoring.models import Answer, Assignment, AssignmentStatus, InstrumentVersion, Round
from waspada.regions.models import KABKOTA_LEVELS, Region


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


@pytest.fixture
def round_(version: InstrumentVersion, national_admin: Any) -> Round:
    day = dt.date(2026, 11, 1)
    return services.open_round(national_admin, version=version, title="Putaran November", period_start=day,
                               period_end=day + dt.timedelta(days=29),
                               deadline=timezone.now() + dt.timedelta(days=1))  # fmt: skip


def _set(round_: Round, code: str, status: str) -> None:
    Assignment.objects.filter(round=round_, kabkota_code=code).update(status=status)


def test_board_states_counts_and_late_after_the_deadline(round_: Round, national_admin: Any) -> None:
    codes = list(round_.assignments.values_list("kabkota_code", flat=True))
    assert "32.73" in codes and "35.78" in codes and len(codes) >= 4
    _set(round_, codes[0], AssignmentStatus.APPROVED)
    _set(round_, codes[1], AssignmentStatus.RETURNED)
    _set(round_, codes[2], AssignmentStatus.DRAFT)
    before = board.board(national_admin, round_)
    assert before.counts["late"] == 0 and before.counts["approved"] == 1 and before.counts["returned"] == 1
    assert before.counts["draft"] == 1 and before.counts["not_started"] == len(codes) - 3
    after = board.board(national_admin, round_, now=round_.deadline + dt.timedelta(minutes=1))
    # Not handed in after the deadline is late; returned and approved keep their state.
    assert after.counts["late"] == len(codes) - 2 and after.counts["draft"] == 0
    assert after.counts["returned"] == 1 and after.total == len(codes)
    jabar = next(p for p in after.provinces if p.code == "32")
    assert jabar.name and jabar.total == sum(1 for c in codes if c.startswith("32."))
    assert {p.code for p in after.provinces} == {c.split(".")[0] for c in codes}


def test_board_is_scoped_and_queries_stay_few(round_: Round, province_officer: Any, kabkota_officer: Any,
                                              django_assert_max_num_queries: Any) -> None:  # fmt: skip
    with django_assert_max_num_queries(2):
        province = board.board(province_officer, round_)
    assert province.rows and {r.province_code for r in province.rows} == {"32"}
    assert [r.kabkota_code for r in board.board(kabkota_officer, round_).rows] == ["32.73"]


def test_board_page_province_sees_its_kabkota_only(round_: Round, province_officer: Any, national_admin: Any,
                                                   viewer: Any) -> None:  # fmt: skip
    url = reverse("monitoring:board", args=[round_.pk])
    page = client_for(province_officer).get(url, {"urut": "status"})
    html = page.content.decode()
    assert page.status_code == 200 and "Papan kelengkapan" in html and "Belum dimulai" in html
    assert "Kota Surabaya" not in html and "board-states" in html
    national = client_for(national_admin).get(url).content.decode()
    assert "Kota Surabaya" in national and "Kelengkapan per provinsi" in national
    listing = client_for(national_admin).get(reverse("monitoring:rounds")).content.decode()
    assert url in listing
    assert client_for(viewer).get(url).status_code == 403


def test_reminders_once_a_day_with_inbox_and_email(round_: Round, kabkota_officer: Any, field_monitor: Any,
                                                   django_capture_on_commit_callbacks: Any) -> None:  # fmt: skip
    _set(round_, "32.73", AssignmentStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.send_due()
    assert result["notifications"] >= 2 and result["assignments"] >= 1
    inbox = Notification.objects.filter(recipient=kabkota_officer, kind=reminders.KIND)
    assert inbox.count() == 1 and "Kota Bandung" in inbox.get().title
    assert Notification.objects.filter(recipient=field_monitor, kind=reminders.KIND).count() == 1
    assert any(kabkota_officer.email in m.to for m in mail.outbox)
    assert AuditEvent.objects.filter(action="monitoring.remind").count() == 1
    again = reminders.send_due()
    assert again == {"assignments": 0, "notifications": 0} and inbox.count() == 1
    tomorrow = reminders.send_due(timezone.now() + dt.timedelta(days=1))
    assert tomorrow["notifications"] >= 2 and inbox.count() == 2


def test_no_reminder_for_handed_in_or_far_deadlines(round_: Round, kabkota_officer: Any) -> None:
    _set(round_, "32.73", AssignmentStatus.SUBMITTED)
    reminders.send_due()
    assert not Notification.objects.filter(recipient=kabkota_officer).exists()
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() + dt.timedelta(days=10))
    _set(round_, "32.73", AssignmentStatus.NOT_STARTED)
    assert reminders.send_due()["assignments"] == 0


def test_reminders_are_a_daily_scheduled_job_and_demo_runs_after_incidents() -> None:
    job = scheduler._registry["monitoring.reminders"]
    assert job.path == "waspada.monitoring.reminders.send_due" and job.at == dt.time(8, 0) and job.every is None
    names = list(demo_steps.steps())
    assert names.index("monitoring.demo_rounds") > names.index("incidents.demo_incidents")


def _rounds(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("rounds", *args, "--json", stdout=out)
    return dict(json.loads(out.getvalue()))


def test_cli_open_status_remind(version: InstrumentVersion, province_officer: Any) -> None:
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    opened = _rounds("open", "--user", "province_officer", "--version", "1", "--title", "Putaran CLI",
                     "--period-start", "2026-11-01", "--period-end", "2026-11-30", "--deadline", deadline,
                     "--regions", "32.73")  # fmt: skip
    assert opened["assignments"] == 1
    status = _rounds("status", str(opened["round"]))
    assert status["total"] == 1 and status["counts"]["not_started"] == 1 and status["provinces"][0]["code"] == "32"
    assert _rounds("remind") == {"assignments": 0, "notifications": 0}


@pytest.mark.parametrize("change", [
    {"--user": "nobody"}, {"--version": "7"}, {"--period-start": "kemarin"}, {"--deadline": "2020-01-01"},
    {"--regions": "35"}, {"--user": "kabkota_officer"},
])  # fmt: skip
def test_cli_open_bad_input_exits_2(version: InstrumentVersion, province_officer: Any, kabkota_officer: Any,
                                    change: dict[str, str]) -> None:  # fmt: skip
    options = {
        "--user": "province_officer",
        "--version": "1",
        "--title": "X",
        "--period-start": "2026-11-01",
        "--period-end": "2026-11-30",
        "--deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    }
    options.update(change)
    with pytest.raises(CommandError) as error:
        call_command("rounds", "open", *[p for pair in options.items() for p in pair], stdout=StringIO())
    assert error.value.returncode == 2
    assert not Round.objects.exists()


def test_cli_status_unknown_round_exits_2(db: None) -> None:
    with pytest.raises(CommandError) as error:
        call_command("rounds", "status", "999", stdout=StringIO())
    assert error.value.returncode == 2 and "999" in str(error.value)


def test_demo_rounds_are_plausible_and_idempotent(small_regions: Any) -> None:
    first = demo.create_demo_rounds()
    kabkota = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).count()
    assert first["rounds"] == 3 and first["assignments"] == 3 * kabkota and first["answers"] > 0
    second = demo.create_demo_rounds()
    assert second["replaced"] == 3 and Round.objects.count() == 3
    assert Answer.objects.count() == second["answers"] == first["answers"]  # same day, same seed: same answers
    assert Assignment.objects.count() == 3 * kabkota
    open_rounds = Round.objects.filter(status="open")
    assert open_rounds.count() == 1 and open_rounds.get().deadline > timezone.now()
    assert all(r.deadline < timezone.now() for r in Round.objects.filter(status="closed"))
    assert AuditEvent.objects.filter(action="monitoring.demo").count() == 2
    # The answers read back as the services wrote them: a handed-in questionnaire of the demo is complete.
    handed_in = Assignment.objects.filter(status=AssignmentStatus.APPROVED).first()
    assert handed_in is not None and services.missing_answers(handed_in) == {}
    assert 0 <= services.assignment_score(handed_in).score <= 100
