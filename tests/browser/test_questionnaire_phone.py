"""The monitoring questionnaire on a phone (390x844): the kab/kota officer answers, the progress follows, the
autosave stores the answers; offline the answer stays on the phone and arrives once when the connection returns.
Then the province officer's completion board draws its map."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OFFICER, PROVINCE = "kuesioner-ponsel", "provinsi-ponsel"
PHONE = {"width": 390, "height": 844}


def _delete_monitoring_rows() -> None:
    from waspada.monitoring import models

    for model in (models.ReviewComment, models.AnswerHistory, models.Answer, models.Assignment, models.Round,
                  models.Indicator, models.SubDimension, models.Dimension, models.InstrumentVersion,
                  models.Instrument):  # fmt: skip
        model.objects.all().delete()


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
        services.open_round(province, version=InstrumentVersion.objects.get(), title="Putaran ponsel",
                            period_start=today, period_end=today,
                            deadline=timezone.now() + datetime.timedelta(days=3))  # fmt: skip

    with small_world_server(django_db_blocker, tmp_path_factory, setup) as live:
        try:
            yield live
        finally:
            with django_db_blocker.unblock():
                _delete_monitoring_rows()


def _phone(chromium: Any, server: Any, username: str) -> Any:
    context = chromium.new_context(base_url=server.url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(20_000)
    return signed_in_page(context, username, PASSWORD)


def _progress(page: Any) -> tuple[int, int, str]:
    text = page.inner_text('[data-progress="all"] [data-progress-text]')
    bar = page.locator('[data-progress="all"] progress')
    return int(float(bar.get_attribute("value") or 0)), int(float(bar.get_attribute("max") or 0)), text


def _wait_state(page: Any, state: str) -> None:
    page.wait_for_selector(f'#draft-status[data-state="{state}"]', timeout=20_000)


def test_the_office_fills_in_on_a_phone_offline_and_back(chromium: Any, server: Any, artifacts: Path) -> None:
    from waspada.monitoring.models import Answer, AnswerHistory, Assignment

    with sharing_test_connection(server):
        assignment = Assignment.objects.get(kabkota_code="32.73")
        page = _phone(chromium, server, OFFICER)
        page.goto(f"/monitoring/assignments/{assignment.pk}/")
        answered, required, text = _progress(page)
        assert answered == 0 and required > 2
        assert text == f"0 dari {required} pertanyaan wajib terjawab"
        first_dimension = page.locator('[data-progress="dimension"] progress').first
        dimension_before = int(float(first_dimension.get_attribute("value") or 0))

        page.select_option('select[name="q_intimidasi"]', "3")
        page.check('input[name="q_kekerasan_sara"][value="1"]')  # "yes" brings in its follow-up question
        assert _progress(page)[1] == required + 1
        page.check('input[name="q_kekerasan_sara"][value="0"]')
        assert _progress(page)[1] == required
        assert _progress(page)[0] == 2  # both are required and shown without a condition
        assert page.inner_text('[data-progress="all"] [data-progress-text]').startswith("2 dari ")
        assert int(float(first_dimension.get_attribute("value") or 0)) == dimension_before + 2
        _wait_state(page, "stored")  # the autosave, 3 s after the last change
        assert page.inner_text("#draft-status") == "Tersimpan."
        stored = {a.indicator.code: a.value for a in Answer.objects.filter(assignment=assignment)
                  .select_related("indicator")}  # fmt: skip
        assert stored == {"intimidasi": 3, "kekerasan_sara": False}
        page.screenshot(path=str(artifacts / "questionnaire-phone.png"), full_page=False)

        page.context.set_offline(True)
        page.select_option('select[name="q_intimidasi"]', "4")
        _wait_state(page, "offline")
        assert page.inner_text("#draft-status").startswith("Belum terkirim: tidak ada koneksi")
        key = f"waspada-questionnaire-{assignment.pk}"
        assert '"q_intimidasi":"4"' in page.evaluate(f"() => localStorage.getItem('{key}')")
        page.wait_for_timeout(3500)  # past the autosave delay: nothing can have left the phone
        assert Answer.objects.get(assignment=assignment, indicator__code="intimidasi").value == 3
        page.screenshot(path=str(artifacts / "questionnaire-phone-offline.png"), full_page=False)

        page.context.set_offline(False)
        _wait_state(page, "stored")
        assert Answer.objects.get(assignment=assignment, indicator__code="intimidasi").value == 4
        assert AnswerHistory.objects.filter(answer__indicator__code="intimidasi").count() == 2  # 3, then 4 once
        assert page.evaluate(f"() => localStorage.getItem('{key}')") is None
        page.reload()
        assert page.input_value('select[name="q_intimidasi"]') == "4"
        assert _progress(page)[0] == 2
        page.context.close()


def test_a_kept_draft_is_restored_on_load(chromium: Any, server: Any) -> None:
    from waspada.monitoring.models import Answer, Assignment

    with sharing_test_connection(server):
        assignment = Assignment.objects.get(kabkota_code="32.73")
        page = _phone(chromium, server, OFFICER)
        url = f"/monitoring/assignments/{assignment.pk}/"
        page.goto(url)
        page.context.set_offline(True)
        page.select_option('select[name="q_intimidasi"]', "2")
        _wait_state(page, "offline")
        page.context.set_offline(False)
        page.close()  # the battery dies before the autosave
        page = page.context.new_page()
        page.goto(url)
        assert page.input_value('select[name="q_intimidasi"]') == "2"
        assert page.inner_text("#draft-status").startswith("Jawaban yang belum terkirim")
        _wait_state(page, "stored")
        assert Answer.objects.get(assignment=assignment, indicator__code="intimidasi").value == 2
        page.context.close()


def test_the_province_board_draws_its_map(chromium: Any, server: Any, artifacts: Path) -> None:
    from django.contrib.auth import get_user_model

    from waspada.monitoring import services
    from waspada.monitoring.models import Assignment, Round

    with sharing_test_connection(server):
        round_ = Round.objects.get(title="Putaran ponsel")
        office = get_user_model().objects.get(username=OFFICER)
        services.save_answers(office, round_.assignments.get(kabkota_code="32.73"), {"intimidasi": 2})
        page = _phone(chromium, server, PROVINCE)
        page.goto(f"/monitoring/rounds/{round_.pk}/board/")
        page.wait_for_selector("#board-map[data-ready=true]")
        page.wait_for_selector("#board-map .leaflet-kabkota-pane path")
        assert page.locator("#board-map .leaflet-kabkota-pane path").count() >= Assignment.objects.count()
        legend = page.inner_text("#board-map-legend")
        drafts = Assignment.objects.filter(round=round_, status="draft").count()
        waiting = Assignment.objects.filter(round=round_, status="not_started").count()
        assert drafts == 1 and waiting >= 1
        items = [item.strip() for item in page.locator("#board-map-legend li").all_inner_texts()]
        assert "Draf (1)" in items and f"Belum dimulai ({waiting})" in items, legend
        page.screenshot(path=str(artifacts / "board-phone.png"), full_page=True)
        page.context.close()
