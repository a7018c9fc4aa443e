"""The questionnaire on a phone: an evidence file chosen offline waits on the phone (IndexedDB), survives leaving
the page and is sent once the connection returns; an expired session is told apart from a lost connection, keeps
the draft and, after signing in again, the draft is sent."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.browser.test_questionnaire_phone import PHONE, _delete_monitoring_rows, _wait_state
from tests.monitoring.test_services import PDF
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OFFICER, PROVINCE = "bukti-ponsel", "bukti-provinsi"
FILE_INPUT = 'input[type=file][name="evidence_perusakan_fasilitas"]'


@pytest.fixture(scope="module")
def server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from django.core.management import call_command
    from django.utils import timezone

    from waspada.core.scope import Role
    from waspada.monitoring import services
    from waspada.monitoring.models import InstrumentVersion

    def setup() -> None:
        make_account(OFFICER, Role.KABKOTA_OFFICER, "32.73")
        province = make_account(PROVINCE, Role.PROVINCE_OFFICER, "32")
        call_command("instruments", "load-default", stdout=StringIO())
        today = datetime.date(2026, 12, 1)
        services.open_round(province, version=InstrumentVersion.objects.get(), title="Putaran bukti",
                            period_start=today, period_end=today,
                            deadline=timezone.now() + datetime.timedelta(days=3))  # fmt: skip

    with small_world_server(django_db_blocker, tmp_path_factory, setup) as live:
        try:
            yield live
        finally:
            with django_db_blocker.unblock():
                _delete_monitoring_rows()


def _phone(chromium: Any, server: Any) -> Any:
    context = chromium.new_context(base_url=server.url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(20_000)
    return signed_in_page(context, OFFICER, PASSWORD)


def _kept_files(page: Any) -> int:
    return int(
        page.evaluate("""() => new Promise((resolve) => {
        const opening = indexedDB.open("waspada-questionnaire-files", 1);
        opening.onupgradeneeded = () => opening.result.createObjectStore("files");
        opening.onsuccess = () => {
            const db = opening.result;
            const count = db.transaction("files").objectStore("files").count();
            count.onsuccess = () => { db.close(); resolve(count.result); };
        };
    })""")
    )


def test_an_evidence_file_chosen_offline_survives_leaving_the_page(chromium: Any, server: Any, artifacts: Path) -> None:
    from waspada.monitoring.models import Answer, AnswerHistory, Assignment

    with sharing_test_connection(server):
        assignment = Assignment.objects.get(kabkota_code="32.73")
        url = f"/monitoring/assignments/{assignment.pk}/"
        page = _phone(chromium, server)
        page.goto(url)
        page.context.set_offline(True)
        page.set_input_files(FILE_INPUT, files=[{"name": "berita-acara.pdf", "mimeType": "application/pdf",
                                                 "buffer": PDF}])  # fmt: skip
        _wait_state(page, "fileWaiting")
        assert page.inner_text("#draft-status").startswith("Berkas bukti disimpan di ponsel ini")
        assert _kept_files(page) == 1
        page.screenshot(path=str(artifacts / "questionnaire-evidence-offline.png"), full_page=False)
        page.wait_for_timeout(1000)
        assert not Answer.objects.filter(assignment=assignment).exists()
        page.close()  # the officer leaves the page while still offline
        page = page.context.new_page()
        page.context.set_offline(False)
        page.goto(url)
        _wait_state(page, "fileStored")
        answer = Answer.objects.get(assignment=assignment, indicator__code="perusakan_fasilitas")
        assert answer.evidence.read() == PDF
        assert AnswerHistory.objects.filter(answer=answer).count() == 1
        assert page.get_attribute('.question[data-code="perusakan_fasilitas"] [data-evidence-link] a', "href") == \
            f"/monitoring/answers/{answer.pk}/evidence/"  # fmt: skip
        assert _kept_files(page) == 0
        page.context.close()


def test_an_expired_session_says_so_and_keeps_the_draft(chromium: Any, server: Any, artifacts: Path) -> None:
    from waspada.monitoring.models import Answer, Assignment

    with sharing_test_connection(server):
        assignment = Assignment.objects.get(kabkota_code="32.73")
        url = f"/monitoring/assignments/{assignment.pk}/"
        page = _phone(chromium, server)
        page.goto(url)
        page.context.clear_cookies()  # the session is gone (expired, or signed out elsewhere)
        page.select_option('select[name="q_intimidasi"]', "5")
        _wait_state(page, "expired")
        status = page.inner_text("#draft-status")
        assert status.startswith("Sesi Anda telah berakhir") and "tidak ada koneksi" not in status
        link = page.get_attribute("#draft-status a", "href")
        assert link == f"/login/?next=/monitoring/assignments/{assignment.pk}/"
        key = f"waspada-questionnaire-{assignment.pk}"
        assert '"q_intimidasi":"5"' in page.evaluate(f"() => localStorage.getItem('{key}')")
        page.screenshot(path=str(artifacts / "questionnaire-session-expired.png"), full_page=False)
        assert not Answer.objects.filter(assignment=assignment, indicator__code="intimidasi").exists()

        page.click("#draft-status a")
        page.fill("#id_username", OFFICER)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("form:has(#id_password) button[type=submit]")
        assert page.url.endswith(url)
        _wait_state(page, "stored")  # the kept draft is restored and sent
        assert Answer.objects.get(assignment=assignment, indicator__code="intimidasi").value == 5
        page.context.close()
