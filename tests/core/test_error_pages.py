"""Our own 403/404/500 pages in every mode, and "missing" answered exactly like "outside your area".

Route families walked as the province officer (Jawa Barat) and the kab/kota officer (Kota Bandung): a foreign
object (Kota Surabaya, or another office's) must answer the same status and the same body as an id that does
not exist, on pages and in the API."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path

from tests.incidents.conftest import create, reference, report  # noqa: F401 - `reference` is a fixture
from tests.personas import client_for, create_foreign_regions, create_personas, make_account
from waspada.core.scope import Role
from waspada.incidents.actions import attach, followup
from waspada.incidents.actions.writer import Writer
from waspada.incidents.models import ExportJob, ImportRun
from waspada.urls import urlpatterns as waspada_patterns

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip


def _boom(request: Any) -> Any:
    raise RuntimeError("kaboom-secret-detail")


# A URLconf with one broken page, for the 500 page (the project's handlers are set on waspada.urls).
urlpatterns = [path("boom/", _boom), *waspada_patterns]
handler400 = "waspada.core.error_pages.bad_request"
handler403 = "waspada.core.error_pages.permission_denied"
handler404 = "waspada.core.error_pages.page_not_found"
handler500 = "waspada.core.error_pages.server_error"

NOT_FOUND_ID = "Tidak ditemukan"
TECHNICAL_404 = "Using the URLconf"


@pytest.fixture
def officer(db: None, small_regions: Any) -> Client:
    create_foreign_regions()
    return client_for(make_account("petugas", Role.KABKOTA_OFFICER, "32.73"))


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_url_answers_our_404_page_in_indonesian(debug: bool, settings: Any, officer: Client) -> None:
    settings.DEBUG, settings.WASPADA_DEBUG_PAGES = debug, False
    response = officer.get("/tidak-ada-halaman/")
    body = response.content.decode()
    assert response.status_code == 404
    assert NOT_FOUND_ID in body and "wilayah kerja" in body
    assert TECHNICAL_404 not in body and "urlpatterns" not in body.lower()
    assert 'class="topbar"' in body  # the site's own layout, not a bare page


def test_english_when_chosen(settings: Any, officer: Client) -> None:
    settings.DEBUG = True
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = officer.get("/tidak-ada-halaman/").content.decode()
    assert "Not found" in body and "work area" in body and NOT_FOUND_ID not in body


def test_django_technical_pages_only_with_debug_pages(settings: Any, officer: Client) -> None:
    settings.DEBUG, settings.WASPADA_DEBUG_PAGES = True, True
    response = officer.get("/tidak-ada-halaman/")
    assert response.status_code == 404 and TECHNICAL_404 in response.content.decode()


def test_missing_slash_still_redirects(settings: Any, officer: Client) -> None:
    settings.DEBUG = True
    assert officer.get("/incidents").status_code == 301


@pytest.mark.parametrize("debug", [True, False])
def test_a_broken_page_answers_our_500_page_and_logs_the_traceback(debug: bool, settings: Any, officer: Client,
                                                                   caplog: Any) -> None:  # fmt: skip
    settings.DEBUG, settings.WASPADA_DEBUG_PAGES, settings.ROOT_URLCONF = debug, False, __name__
    officer.raise_request_exception = False
    response = officer.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in body and "kaboom-secret-detail" not in body and "Traceback" not in body
    assert response["X-Request-Id"] in body  # the reference the user can give the administrator
    assert any(record.exc_info and "kaboom-secret-detail" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.parametrize("debug", [True, False])
def test_a_role_refusal_answers_our_403_page_with_its_reason(debug: bool, settings: Any, officer: Client) -> None:
    settings.DEBUG = debug
    viewer = client_for(make_account("pemantau", Role.VIEWER, "32"))
    response = viewer.get("/accounts/users/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Tidak diizinkan" in body and "Peran Anda tidak mengizinkan akses ke halaman ini." in body
    assert 'class="topbar"' in body


def test_api_unknown_path_and_bug_answer_json(settings: Any, officer: Client, monkeypatch: Any) -> None:
    settings.DEBUG = True
    response = officer.get("/api/v1/tidak-ada")
    assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}
    from waspada.incidents import selectors

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("kaboom-secret-detail")

    monkeypatch.setattr(selectors, "incidents_for", broken)
    response = officer.get("/api/v1/incidents")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert "kaboom" not in response.content.decode() and set(response.json()) == {"detail", "errors"}


# --- Missing and foreign answer alike -----------------------------------------------------------------------


@pytest.fixture
def world(reference: None, settings: Any, tmp_path: Any) -> dict[str, Any]:  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    create_foreign_regions()
    personas = create_personas()
    admin = personas["national_admin"]
    foreign = create(admin, report(region="35.78"))
    attachment = attach.add_attachment(Writer.of(admin), foreign, SimpleUploadedFile("tps.png", PNG))
    action = followup.add_followup(Writer.of(admin), foreign, {"description": "Koordinasi", "status": "open"})
    stranger = make_account("surabaya", Role.KABKOTA_OFFICER, "35.78")
    run = ImportRun.objects.create(file_name="surabaya.csv", file_format="csv", status="done", office_code="35.78",
                                   created_by=stranger)  # fmt: skip
    job = ExportJob.objects.create(user=stranger, format="csv", status="done")
    return {"personas": personas, "incident": foreign.pk, "attachment": attachment.pk, "followup": action.pk,
            "user": stranger.pk,
            "import": run.pk, "export": str(job.pk)}  # fmt: skip


MISSING = {"incident": 987654, "attachment": 987654, "followup": 987654, "user": 987654, "import": 987654,
           "export": "00000000-0000-4000-8000-000000000000"}  # fmt: skip

# (method, url with {key}, the object it names, body); JSON bodies for /api/.
ROUTES = [
    ("GET", "/incidents/{id}/", "incident", None),
    ("GET", "/incidents/{id}/edit/", "incident", None),
    ("POST", "/incidents/{id}/transition/", "incident", {"to": "verified"}),
    ("POST", "/incidents/{id}/informants/", "incident", None),
    ("POST", "/incidents/{id}/followups/", "incident", {"description": "x", "status": "open"}),
    ("POST", "/incidents/{id}/attachments/", "incident", None),
    ("POST", "/incidents/followups/{id}/", "followup", {"status": "done"}),
    ("GET", "/incidents/attachments/{id}/", "attachment", None),
    ("GET", "/incidents/import/{id}/", "import", None),
    ("GET", "/incidents/exports/{id}/download/", "export", None),
    ("GET", "/accounts/users/{id}/", "user", None),
    ("GET", "/api/v1/incidents/{id}", "incident", None),
    ("PATCH", "/api/v1/incidents/{id}", "incident", {"severity": 4}),
    ("POST", "/api/v1/incidents/{id}/transitions", "incident", {"to": "verified"}),
    ("GET", "/api/v1/incidents/{id}/informants", "incident", None),
    ("GET", "/api/v1/incidents/imports/{id}", "import", None),
    ("GET", "/api/v1/incidents/exports/{id}", "export", None),
    ("GET", "/api/v1/incidents/exports/{id}/file", "export", None),
    ("GET", "/api/v1/users/{id}", "user", None),
]


def _send(client: Client, method: str, url: str, data: Any) -> Any:
    if url.startswith("/api/"):
        return client.generic(method, url, json.dumps(data or {}), content_type="application/json")
    return client.get(url) if method == "GET" else client.post(url, data or {})


def _shape(response: Any, ident: Any) -> Any:
    """The body with what legitimately differs between two requests removed: the id asked for, the CSRF token
    and the current path in the language switcher."""
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        data = json.loads(text)
        return {key: re.sub(re.escape(str(ident)), "ID", json.dumps(value)) for key, value in data.items()}
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'name="next" value="[^"]*"', "", text)


@pytest.mark.parametrize("persona", ["province_officer", "kabkota_officer"])
def test_missing_and_outside_the_area_answer_alike(persona: str, world: dict[str, Any], settings: Any) -> None:
    settings.DEBUG = True  # as `make run`: still our page, never Django's
    client = client_for(world["personas"][persona])
    failures = []
    for method, url, kind, data in ROUTES:
        foreign = _send(client, method, url.format(id=world[kind]), data)
        missing = _send(client, method, url.format(id=MISSING[kind]), data)
        # 403 only where the role may not open the route at all (a kab/kota officer and accounts), for both.
        allowed = (403, 404) if kind == "user" and persona == "kabkota_officer" else (404,)
        if foreign.status_code != missing.status_code or foreign.status_code not in allowed:
            failures.append(f"{method} {url}: foreign {foreign.status_code}, missing {missing.status_code}")
        elif _shape(foreign, world[kind]) != _shape(missing, MISSING[kind]):
            failures.append(f"{method} {url}: the bodies differ")
        elif foreign.status_code == 404 and not url.startswith("/api/") and "wilayah kerja" not in foreign.text:
            failures.append(f"{method} {url}: no line about the work area")
    assert not failures, "\n".join(failures)


def test_an_expired_form_answers_our_403_page(settings: Any, officer: Client) -> None:
    settings.DEBUG = True
    officer.handler.enforce_csrf_checks = True
    response = officer.post("/incidents/new/", {"title": "x"})
    body = response.content.decode()
    assert response.status_code == 403 and "Formulir kedaluwarsa" in body and "CSRF verification" not in body


def _bad(request: Any) -> Any:
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("tampered-secret-detail")


urlpatterns.insert(0, path("bad/", _bad))


@pytest.mark.parametrize("debug", [True, False])
def test_a_bad_request_answers_our_400_page(debug: bool, settings: Any, officer: Client) -> None:
    settings.DEBUG, settings.ROOT_URLCONF = debug, __name__
    officer.raise_request_exception = False
    response = officer.get("/bad/")
    body = response.content.decode()
    assert response.status_code == 400 and "Permintaan tidak valid" in body and "tampered" not in body
