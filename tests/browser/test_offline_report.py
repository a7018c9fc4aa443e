"""Offline-tolerant capture (issue 6): the report form loses its connection mid-submit, the connection comes back,
and exactly one incident results.

A module-scoped live server serves the small regions dataset, the taxonomy and one kab/kota officer (committed,
removed at the end). Two ways the link can fail:
- the request reaches the server, the incident is written, and the answer is lost on the way back;
- the request never leaves the phone.
In both the form keeps the report on the phone, says so, and resends it with the same Idempotency-Key when the
browser is back online; the server answers the resend with the first incident, never a second one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import launched_chromium, sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REPORTER = "pelapor-luring"
FORM_URL = "/incidents/new/"
DRAFT_KEY = "waspada-incident-draft"


@pytest.fixture(scope="module")
def reporting_server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from waspada.core.scope import Role

    with small_world_server(django_db_blocker, tmp_path_factory,
                            lambda: make_account(REPORTER, Role.KABKOTA_OFFICER, "32.73")) as server:  # fmt: skip
        yield server


@pytest.fixture(scope="module")
def chromium(reporting_server: Any) -> Iterator[Any]:
    """Started before each test's transaction, so the test's ORM calls and the server share one connection."""
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium: Any, reporting_server: Any, settings: Any) -> Iterator[Any]:
    """A signed-in reporter on a phone-sized page."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with sharing_test_connection(reporting_server):
        phone = {"width": 390, "height": 844}
        context = chromium.new_context(base_url=reporting_server.url, locale="id-ID", viewport=phone)
        context.set_default_timeout(20_000)
        try:
            yield signed_in_page(context, REPORTER, PASSWORD)
        finally:
            context.close()


def _fill_report(page: Any, title: str) -> str:
    page.goto(FORM_URL)
    page.fill("#id_title", title)
    page.fill("#id_occurred_on", "2024-02-10")
    page.select_option("#id_region", "32.73")
    page.select_option("#id_event_type", index=1)
    page.check("input[name=severity][value='3']")
    page.fill("#id_narrative", "Dua kelompok pendukung saling dorong di depan kantor kecamatan.")
    return str(page.input_value("input[name=idempotency_key]"))


def _incidents(title: str) -> list[Any]:
    from waspada.incidents.models import Incident

    return list(Incident.objects.filter(title=title))


def _draft_kept(page: Any) -> bool:
    return bool(page.evaluate(f"() => localStorage.getItem({DRAFT_KEY!r}) !== null"))


def test_answer_lost_mid_submit_then_resent_gives_one_incident(page: Any, artifacts: Path) -> None:
    title = "Bentrok pendukung, jawaban hilang di jalan"
    key = _fill_report(page, title)
    posts: list[str] = []

    def lose_the_answer(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.post_data or "")
        if len(posts) == 1:
            # The server receives the report and writes it ... ("close": Playwright's own HTTP client would
            # otherwise keep the socket, and a live-server thread, open until the module ends)
            route.fetch(headers={**route.request.headers, "connection": "close"})
            page.context.set_offline(True)  # ... and the phone drops off the network before the answer arrives
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**{FORM_URL}", lose_the_answer)
    page.click("button[name=action][value=submit]")
    page.wait_for_selector("#draft-status.offline")
    assert len(_incidents(title)) == 1, "the first send reached the server"
    assert _draft_kept(page), "the report stays on the phone while it is unconfirmed"
    page.screenshot(path=str(artifacts / "offline-report-waiting.png"), full_page=True)

    with page.expect_navigation(url="**/incidents/*/"):
        page.context.set_offline(False)  # the browser's "online" event resends the same report
    rows = _incidents(title)
    assert len(rows) == 1, "the resend returned the first incident instead of writing a second"
    assert len(posts) == 2 and all(key in body for body in posts), "both sends carried the same Idempotency-Key"
    assert page.url.rstrip("/").endswith(f"/incidents/{rows[0].pk}")
    assert not _draft_kept(page), "the local draft is cleared once the server confirmed"


def test_request_never_left_the_phone_then_sent_once(page: Any) -> None:
    title = "Laporan tertahan tanpa sinyal"
    _fill_report(page, title)
    page.context.set_offline(True)
    page.click("button[name=action][value=submit]")
    page.wait_for_selector("#draft-status.offline")
    assert _incidents(title) == []
    assert _draft_kept(page)

    with page.expect_navigation(url="**/incidents/*/"):
        page.context.set_offline(False)
    assert len(_incidents(title)) == 1
