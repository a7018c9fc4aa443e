"""The report form a field officer finishes on a phone: type narrows sub-type (checked on the server too),
kecamatan and desa by name within the region, the officer's only region preselected, required fields marked,
a clear confirmation after saving, and the small maps on the form and the detail page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.test import Client

from tests.incidents.test_views import form_data
from waspada.incidents.models import Incident


def _html(client: Client, url: str = "/incidents/new/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_kabkota_officer_gets_its_only_region_preselected(client_for: Callable[[str], Client]) -> None:
    html = _html(client_for("monitor"))
    region = re.search(r'<select name="region"[^>]*>(.*?)</select>', html, re.S)
    assert region is not None
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', region.group(1))
    assert [(value, bool(selected), label) for value, selected, label in options if value] == [
        ("32.73", True, "Kota Bandung")]  # by name, not "32.73 Kota Bandung"
    province = _html(client_for("jabar"))
    assert 'value="32.04"' in province and 'value="32.73"' in province and 'value="31.71"' not in province


def test_required_fields_are_marked(client_for: Callable[[str], Client]) -> None:
    html = _html(client_for("monitor"))
    for name in ("title", "occurred_on", "event_type", "region"):
        tag = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html)
        assert tag is not None and "required" in tag.group(0) and 'aria-required="true"' in tag.group(0), name
    assert re.search(r'data-name="title">\s*<label[^>]*>[^<]*<abbr class="req"', html)
    narrative = re.search(r'<textarea[^>]*name="narrative"[^>]*>', html)
    assert narrative is not None and "required" not in narrative.group(0)
    assert 'role="radiogroup" aria-labelledby="severity-label" aria-required="true"' in html


def test_subtypes_per_type_for_the_script(client_for: Callable[[str], Client]) -> None:
    html = _html(client_for("monitor"))
    data = re.search(r'<script id="subtypes-by-type" type="application/json">(.*?)</script>', html, re.S)
    assert data is not None
    by_type = json.loads(data.group(1))
    assert "dawn_attack" in [code for code, _ in by_type["money_politics"]]
    assert "dawn_attack" not in [code for code, _ in by_type["violence_clash"]]
    assert "incident_place.js" in html and "leaflet/leaflet.js" in html


def test_subtype_of_another_type_is_a_field_error(client_for: Callable[[str], Client]) -> None:
    response = client_for("monitor").post("/incidents/new/", form_data(event_type="violence_clash"))
    assert response.status_code == 200 and Incident.objects.count() == 0
    error = re.search(r'<p class="error" data-field="event_subtype">([^<]*)</p>', response.content.decode())
    assert error is not None and ("does not belong" in error.group(1) or "tidak termasuk" in error.group(1))


def test_kecamatan_and_desa_by_name_without_script(client_for: Callable[[str], Client]) -> None:
    client = client_for("monitor")
    saved = client.post("/incidents/new/", form_data(kecamatan_name="sukasri", desa_name="Sukarsa"),
                        HTTP_ACCEPT="application/json")  # fmt: skip
    assert saved.status_code == 201, saved.content
    incident = Incident.objects.get(pk=saved.json()["id"])
    assert incident.kecamatan_id == "32.73.01" and incident.desa_id == "32.73.01.1001"


def test_codes_from_the_typeahead_are_checked_against_the_region(client_for: Callable[[str], Client]) -> None:
    client = client_for("jabar")
    ok = client.post("/incidents/new/", form_data(kecamatan="32.73.02", kecamatan_name="Coblong"),
                     HTTP_ACCEPT="application/json")  # fmt: skip
    assert ok.status_code == 201 and Incident.objects.get(pk=ok.json()["id"]).kecamatan_id == "32.73.02"
    wrong = client.post("/incidents/new/", form_data(kecamatan="32.04.05", kecamatan_name="Cileunyi",
                                                     idempotency_key="k-wrong"), HTTP_ACCEPT="application/json")
    assert wrong.status_code == 422 and "kecamatan_name" in wrong.json()["errors"]
    assert "Cileunyi" in wrong.json()["errors"]["kecamatan_name"][0]
    desa = client.post("/incidents/new/", form_data(kecamatan_name="Sukasari", desa_name="Dago",
                                                    idempotency_key="k-desa"), HTTP_ACCEPT="application/json")
    assert desa.status_code == 422 and "desa_name" in desa.json()["errors"]  # Dago lies in Coblong


def test_edit_shows_names_not_codes(client_for: Callable[[str], Client], make_incident: Callable[..., Any]) -> None:
    incident = make_incident(by="monitor", kecamatan="32.73.01", desa="32.73.01.1001")
    html = _html(client_for("monitor"), f"/incidents/{incident.pk}/edit/")
    assert re.search(r'name="kecamatan_name" value="Sukasari"', html)
    assert re.search(r'name="desa_name" value="Sukarasa"', html)
    assert re.search(r'type="hidden" name="kecamatan" value="32.73.01"', html)


def test_confirmation_after_saving(client_for: Callable[[str], Client]) -> None:
    client = client_for("monitor")
    sent = client.post("/incidents/new/", form_data(), follow=True)
    incident = Incident.objects.get()
    page = sent.content.decode()
    assert f"#{incident.pk}" in page and ("Laporan" in page or "Report" in page)
    assert ("sent for verification" in page) or ("dikirim untuk verifikasi" in page)
    fetched = client.post("/incidents/new/", form_data(idempotency_key="k2", action="draft"),
                          HTTP_ACCEPT="application/json")  # a phone's fetch: the message waits for the next page
    detail = client.get(fetched.json()["url"]).content.decode()
    assert f"#{fetched.json()['id']}" in detail and ("draft" in detail or "draf" in detail)


def test_detail_map_with_point_and_outline(client_for: Callable[[str], Client],
                                           make_incident: Callable[..., Any]) -> None:  # fmt: skip
    incident = make_incident(by="monitor", lat=-6.95, lng=107.55)
    html = _html(client_for("bandung"), f"/incidents/{incident.pk}/")
    box = re.search(r'<div id="incident-place-map"[^>]*>', html, re.S)
    assert box is not None
    assert 'data-kabkota="32.73"' in box.group(0) and 'data-lat="-6.950000"' in box.group(0)
    assert "/regions/layers/province-32.geojson" in box.group(0)


def test_an_ambiguous_name_asks_for_the_full_one(client_for: Callable[[str], Client]) -> None:
    from waspada.regions.models import Region

    Region.objects.filter(code="32.73.02").update(name="Sukasari Hilir")
    response = client_for("monitor").post("/incidents/new/", form_data(kecamatan_name="sukasa"),
                                          HTTP_ACCEPT="application/json")  # fmt: skip
    assert response.status_code == 422
    message = response.json()["errors"]["kecamatan_name"][0]
    assert "Sukasari, Sukasari Hilir" in message and Incident.objects.count() == 0
