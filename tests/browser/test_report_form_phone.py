"""Reporting on a phone (390x844): the field monitor's only region is preselected, the type narrows the
sub-types, the kecamatan is found by a misspelt name, a tap on the map places the point; the saved report
says so on its page, with a small map; the kab/kota officer (not the reporter) verifies it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MONITOR, OFFICER = "pemantau-ponsel", "petugas-ponsel"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from waspada.core.scope import Role

    def accounts() -> None:
        make_account(MONITOR, Role.FIELD_MONITOR, "32.73")
        make_account(OFFICER, Role.KABKOTA_OFFICER, "32.73")

    with small_world_server(django_db_blocker, tmp_path_factory, accounts) as live:
        yield live



def _phone(chromium: Any, server: Any, username: str) -> Any:
    context = chromium.new_context(base_url=server.url, locale="id-ID", viewport=PHONE,
                                   geolocation={"latitude": -6.93, "longitude": 107.61},
                                   permissions=["geolocation"])  # fmt: skip
    context.set_default_timeout(20_000)
    return signed_in_page(context, username, PASSWORD)


def test_report_on_a_phone_then_another_officer_verifies(chromium: Any, server: Any, settings: Any,
                                                         artifacts: Path) -> None:  # fmt: skip
    from waspada.incidents.models import Incident

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with sharing_test_connection(server):
        page = _phone(chromium, server, MONITOR)
        page.goto("/incidents/new/")
        assert page.input_value("#id_region") == "32.73"  # the monitor's only region
        assert page.locator("label[for=id_title] abbr.req").count() == 1
        page.fill("#id_title", "Bentrok pendukung di Sukasari")
        page.fill("#id_occurred_on", "2024-02-14")
        page.select_option("#id_event_type", "money_politics")
        subtypes = page.eval_on_selector_all("#id_event_subtype option", "els => els.map(e => e.value)")
        assert "dawn_attack" in subtypes and "supporter_clash" not in subtypes
        page.select_option("#id_event_subtype", "dawn_attack")
        page.check("input[name=severity][value='2']")

        page.click("#id_kecamatan_name")
        page.keyboard.type("sukasri")  # a typo
        page.locator("#id_kecamatan_name-list li[role=option]", has_text="Sukasari").click()
        assert page.input_value("input[name=kecamatan]") == "32.73.01"
        assert page.input_value("#id_kecamatan_name") == "Sukasari"

        page.wait_for_selector("#place-map[data-outline='32.73']")
        page.locator("#place-map").scroll_into_view_if_needed()
        box = page.locator("#place-map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        lat, lng = float(page.input_value("#id_lat")), float(page.input_value("#id_lng"))
        assert -7.0 < lat < -6.85 and 107.5 < lng < 107.65  # inside Kota Bandung's square
        page.screenshot(path=str(artifacts / "report-form-phone.png"), full_page=True)
        page.locator("fieldset").first.screenshot(path=str(artifacts / "report-form-place.png"))

        page.click("#use-location")
        page.wait_for_function("() => document.getElementById('id_lat').value.startsWith('-6.93')")

        with page.expect_navigation(url="**/incidents/*/"):
            page.click("button[name=action][value=submit]")
        incident = Incident.objects.get(title="Bentrok pendukung di Sukasari")
        assert incident.kecamatan_id == "32.73.01" and abs(incident.lat - -6.93) < 1e-6
        assert f"Laporan #{incident.pk} tersimpan" in page.inner_text(".messages")
        page.wait_for_selector("#incident-place-map[data-outline='32.73'][data-point]")
        page.screenshot(path=str(artifacts / "report-detail-phone.png"))
        page.locator("#incident-place-map").screenshot(path=str(artifacts / "report-detail-map.png"))
        page.context.close()

        officer = _phone(chromium, server, OFFICER)
        officer.goto(f"/incidents/{incident.pk}/")
        with officer.expect_navigation():
            officer.click("form.transition:has(input[value=verified]) button[type=submit]")
        incident.refresh_from_db()
        assert incident.status == "verified"
        officer.context.close()
