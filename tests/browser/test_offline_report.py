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

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    _close_loop_connections,
    _delete_reference_data,
    _require_test_database,
    _wait_for_request_threads,
)
from tests.personas import PASSWORD, make_account
from tests.regions.dataset import write_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REPORTER = "pelapor-luring"
FORM_URL = "/incidents/new/"
DRAFT_KEY = "waspada-incident-draft"


@pytest.fixture(scope="module")
def reporting_server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from pytest_django.live_server_helper import LiveServer

    from waspada.core.scope import Role
    from waspada.elections.models import Contest, Election, ElectionImport, Stage, StageTag
    from waspada.elections.services import import_elections
    from waspada.incidents import services
    from waspada.incidents.models import ActorType, EventSubType, EventType, Incident, SeverityLevel, TaxonomyImport
    from waspada.incidents.taxonomy import import_taxonomy
    from waspada.regions.services import import_regions

    with django_db_blocker.unblock():
        _require_test_database()
        audit_mark = _audit_head()
        import_regions(*write_dataset(tmp_path_factory.mktemp("offline")))
        import_taxonomy(Path(settings.DOMAIN_DIR))
        import_elections(Path(settings.DOMAIN_DIR))  # stage tags: every incident carries at least one
        services._calendar_cache.clear()
        user = make_account(REPORTER, Role.KABKOTA_OFFICER, "32.73")
    server = LiveServer("localhost")
    try:
        yield server
    finally:
        _wait_for_request_threads()
        server.stop()
        with django_db_blocker.unblock():
            Incident.objects.all().delete()
            _cut_audit_back_to(audit_mark)  # the server committed events (PostgreSQL) that name the reporter
            Session.objects.all().delete()
            user.delete()
            for model in (EventSubType, EventType, ActorType, SeverityLevel, TaxonomyImport, Contest, Stage, Election,
                          StageTag, ElectionImport):  # fmt: skip
                model.objects.all().delete()
            _delete_reference_data()
        services._calendar_cache.clear()


def _audit_head() -> tuple[int, str]:
    from waspada.core.audit.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head else (0, "")


def _cut_audit_back_to(mark: tuple[int, str]) -> None:
    """Test clean-up only: the app never deletes audit events (the queryset refuses), so raw SQL removes what this
    module appended and puts the chain head back, leaving a valid chain for the tests that run next."""
    from django.db import connection

    from waspada.core.audit.models import AuditChainHead, AuditEvent

    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE seq > %s", [mark[0]])  # noqa: S608
    if mark[0]:
        AuditChainHead.objects.filter(pk=1).update(seq=mark[0], hash=mark[1])
    else:
        AuditChainHead.objects.filter(pk=1).delete()


@pytest.fixture(scope="module")
def chromium(reporting_server: Any) -> Iterator[Any]:
    """Started before each test's transaction, so the test's ORM calls and the server share one connection."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium not installed (make chromium, or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            _close_loop_connections()
            browser.close()


@pytest.fixture
def page(chromium: Any, reporting_server: Any, settings: Any) -> Iterator[Any]:
    """A signed-in reporter on a phone-sized page; on in-memory SQLite the server uses this test's connection."""
    from django.db import connections

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    override = reporting_server.thread.connections_override
    previous = dict(override)
    for alias in previous:
        if connections[alias] is not previous[alias]:
            connections[alias].inc_thread_sharing()
            override[alias] = connections[alias]
    phone = {"width": 390, "height": 844}
    context = chromium.new_context(base_url=reporting_server.url, locale="id-ID", viewport=phone)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", REPORTER)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(#id_password) button[type=submit]")
    try:
        yield page
    finally:
        context.close()
        _wait_for_request_threads()
        for alias, connection in previous.items():
            if override[alias] is not connection:
                override[alias].dec_thread_sharing()
                override[alias] = connection


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
