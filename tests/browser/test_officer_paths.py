"""The paths officers take every day, in Chromium on the small regions set: sign in with and without two-factor
codes, walk a report through the workflow as officers other than its reporter, import a file, export the list, and
the answer for an item outside one's area. Screenshots go to test-artifacts/ for review."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in_as
from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, create_foreign_regions, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MONITOR, OFFICER, PROVINCE, GUARDED, NATIONAL = "jalur-pemantau", "jalur-kota", "jalur-prov", "jalur-2fa", "jalur-nas"
PHONE = {"width": 390, "height": 844}
WORLD: dict[str, Any] = {}


@pytest.fixture(scope="module")
def server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.incidents.conftest import create, report
    from waspada.core.scope import Role

    def accounts() -> None:
        create_foreign_regions()
        monitor = make_account(MONITOR, Role.FIELD_MONITOR, "32.73")
        make_account(OFFICER, Role.KABKOTA_OFFICER, "32.73")
        make_account(PROVINCE, Role.PROVINCE_OFFICER, "32")
        guarded = make_account(GUARDED, Role.KABKOTA_OFFICER, "32.73")
        national = make_account(NATIONAL, Role.NATIONAL_ADMIN, None)
        WORLD["device"] = TOTPDevice.objects.create(user=guarded, name="ponsel", confirmed=True)
        WORLD["report"] = create(monitor, report(title="Spanduk calon dirobek di Coblong")).pk
        WORLD["foreign"] = create(national, report(region="35.78", title="Bentrok di Surabaya")).pk

    with small_world_server(django_db_blocker, tmp_path_factory, accounts) as live:
        yield live



def _context(chromium: Any, server: Any, **options: Any) -> Any:
    options.setdefault("viewport", {"width": 1280, "height": 800})
    context = chromium.new_context(base_url=server.url, locale="id-ID", **options)
    context.set_default_timeout(20_000)
    return context


def test_sign_in_without_and_with_a_second_factor(chromium: Any, server: Any, artifacts: Path) -> None:
    from django_otp.oath import totp

    with sharing_test_connection(server):
        page = signed_in_page(_context(chromium, server), OFFICER, PASSWORD)
        assert "/login/" not in page.url and "/2fa/" not in page.url
        assert OFFICER in page.inner_text("header")
        page.screenshot(path=str(artifacts / "paths-signed-in.png"))
        page.context.close()

        page = _context(chromium, server).new_page()
        sign_in_as(page, GUARDED, PASSWORD)
        assert "/accounts/2fa/verify/" in page.url  # the password alone does not open the account
        page.fill("input[name=token]", "000000")
        with page.expect_navigation():
            page.click("form:has(input[name=token]) button[type=submit]")
        assert page.locator("[role=alert]").count() == 1  # a wrong code is refused with a message
        page.screenshot(path=str(artifacts / "paths-2fa-wrong-code.png"))
        page.wait_for_timeout(1_500)  # django-otp holds the device back one second after a wrong code
        device = WORLD["device"]
        device.refresh_from_db()
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.fill("input[name=token]", f"{code:06d}")
        with page.expect_navigation():
            page.click("form:has(input[name=token]) button[type=submit]")
        assert "/2fa/" not in page.url and "/login/" not in page.url
        assert GUARDED in page.inner_text("header")
        page.context.close()


def test_report_walks_the_workflow_in_other_hands(chromium: Any, server: Any, artifacts: Path) -> None:
    from waspada.incidents.models import Incident

    def step(page: Any, target: str, comment: str = "") -> None:
        form = page.locator(f"form.transition:has(input[name=to][value={target}])")
        if comment:
            form.locator("textarea[name=comment]").fill(comment)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()

    pk = WORLD["report"]
    with sharing_test_connection(server):
        monitor = signed_in_page(_context(chromium, server, viewport=PHONE), MONITOR, PASSWORD)
        monitor.goto(f"/incidents/{pk}/")
        assert monitor.locator("form.transition input[value=verified]").count() == 0  # four-eyes
        monitor.context.close()

        officer = signed_in_page(_context(chromium, server, viewport=PHONE), OFFICER, PASSWORD)
        officer.goto(f"/incidents/{pk}/")
        step(officer, "verified")
        step(officer, "escalated", "Perlu koordinasi dengan Kesbangpol provinsi")
        assert Incident.objects.get(pk=pk).status == "escalated"
        officer.context.close()

        province = signed_in_page(_context(chromium, server), PROVINCE, PASSWORD)
        province.goto(f"/incidents/{pk}/")
        step(province, "handled", "Mediasi dengan tim kampanye selesai")
        step(province, "closed")
        assert Incident.objects.get(pk=pk).status == "closed"
        history = province.inner_text(".history")
        for label in ("Terverifikasi", "Dieskalasi", "Ditangani", "Ditutup"):
            assert label in history, (label, history)
        province.screenshot(path=str(artifacts / "paths-workflow-closed.png"), full_page=True)
        province.context.close()


def test_import_a_file_then_export_the_list(chromium: Any, server: Any, artifacts: Path, tmp_path: Path) -> None:
    from tests.incidents.intake.import_support import csv_bytes, row
    from waspada.incidents.exports.services import run_export
    from waspada.incidents.models import ExportJob, Incident

    upload = tmp_path / "laporan-kota-bandung.csv"
    upload.write_bytes(csv_bytes([row(judul="Politik uang di Cidadap"), row(judul="Intimidasi saksi di Andir")]))
    with sharing_test_connection(server):
        page = signed_in_page(_context(chromium, server), OFFICER, PASSWORD)
        page.goto("/incidents/import/")
        page.set_input_files("input[type=file]", str(upload))
        with page.expect_navigation():
            page.click("form.incident-form button[type=submit]")
        assert Incident.objects.filter(title__in=["Politik uang di Cidadap", "Intimidasi saksi di Andir"]).count() == 2
        page.screenshot(path=str(artifacts / "paths-import-done.png"), full_page=True)

        page.goto("/incidents/exports/")
        with page.expect_navigation():
            page.click(".export-request button[value=csv]")
        job = ExportJob.objects.filter(user__username=OFFICER).latest("created_at")
        run_export(str(job.pk))  # the background worker's step, run here
        page.goto("/incidents/exports/")
        link = page.locator("a[download]").first
        body = page.request.get(link.get_attribute("href")).text()
        assert "Politik uang di Cidadap" in body and "Bentrok di Surabaya" not in body  # the office's rows only
        page.screenshot(path=str(artifacts / "paths-export-ready.png"), full_page=True)
        page.context.close()


def test_an_item_outside_the_area_reads_as_not_found(chromium: Any, server: Any, artifacts: Path) -> None:
    with sharing_test_connection(server):
        page = signed_in_page(_context(chromium, server, viewport=PHONE), OFFICER, PASSWORD)
        foreign = page.goto(f"/incidents/{WORLD['foreign']}/")
        text = page.inner_text("main")
        missing = page.goto("/incidents/999999/")
        assert foreign.status == missing.status == 404
        assert "Bentrok di Surabaya" not in text
        assert "di luar wilayah kerja" in text or "luar wilayah" in text, text
        assert text == page.inner_text("main")  # a missing item and a foreign one read the same
        page.screenshot(path=str(artifacts / "paths-outside-area.png"))
        page.context.close()
