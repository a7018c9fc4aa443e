"""Pages: list with filters, detail with history, the phone form (idempotent resend), the queue, the
audited informant reveal, follow-ups and attachments (type sniffed, size-limited)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from waspada.core.audit.models import AuditEvent
from waspada.incidents.models import Attachment, FollowUpAction, Incident

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {"title": "Serangan fajar di Sukasari", "occurred_on": "2024-02-13", "time_precision": "day",
            "region": "32.73", "event_type": "money_politics", "event_subtype": "dawn_attack", "severity": "2",
            "sensitivity": "inter_agency", "narrative": "Amplop dibagikan pagi hari.", "source_kind": "fkdm",
            "source_reliability": "C", "informant_name": "Bu Siti", "idempotency_key": "form-key-1",
            "action": "submit"}  # fmt: skip
    data.update(overrides)
    return data


def test_form_renders_with_rubric_and_a_key(client_for: Callable[[str], Client]) -> None:
    response = client_for("monitor").get("/incidents/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="idempotency_key"' in html and "incident_form.js" in html
    assert "Kritis" in html or "Critical" in html  # the severity rubric beside the field
    assert "<script>" not in html and "onclick" not in html  # CSP: no inline script


def test_form_post_creates_once_per_key(client_for: Callable[[str], Client]) -> None:
    client = client_for("monitor")
    first = client.post("/incidents/new/", form_data(), HTTP_ACCEPT="application/json")
    assert first.status_code == 201, first.content
    again = client.post("/incidents/new/", form_data(), HTTP_ACCEPT="application/json")
    assert again.json() == first.json() and Incident.objects.count() == 1
    plain = client.post("/incidents/new/", form_data(idempotency_key="form-key-2"))
    assert plain.status_code == 302 and Incident.objects.count() == 2
    incident = Incident.objects.get(pk=first.json()["id"])
    assert incident.created_by.username == "monitor" and incident.kabkota_code == "32.73"
    assert incident.sources.get().has_informant


def test_form_errors_name_fields(client_for: Callable[[str], Client]) -> None:
    response = client_for("bandung").post("/incidents/new/", form_data(severity="7", region=""),
                                          HTTP_ACCEPT="application/json")  # fmt: skip
    assert response.status_code == 422 and "severity" in response.json()["errors"]


def test_form_attachment_wrong_type_and_too_large(client_for: Callable[[str], Client], settings: Any) -> None:
    client = client_for("bandung")
    exe = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = client.post("/incidents/new/", form_data(files=exe), HTTP_ACCEPT="application/json")
    assert response.status_code == 422 and "files" in response.json()["errors"]
    settings.WASPADA_ATTACHMENT_MAX_BYTES = 50
    big = SimpleUploadedFile("foto.png", PNG + b"\x00" * 100, content_type="image/png")
    response = client.post(
        "/incidents/new/", form_data(files=big, idempotency_key="k3"), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 422 and "files" in response.json()["errors"]
    assert not Incident.objects.exists() and not Attachment.objects.exists()


def test_attachment_upload_and_scoped_download(make_incident: Callable[..., Any], client_for: Callable[[str], Client],
                                               settings: Any, tmp_path: Any) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    incident = make_incident()
    client = client_for("bandung")
    client.post(f"/incidents/{incident.pk}/attachments/", {"file": SimpleUploadedFile("tps.png", PNG)})
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.original_name == "tps.png"
    assert "tps" not in attachment.file.name  # stored under its hash
    assert client.get(f"/incidents/attachments/{attachment.pk}/").status_code == 200
    assert client_for("kabbandung").get(f"/incidents/attachments/{attachment.pk}/").status_code == 404
    pdf = client.post(
        f"/api/v1/incidents/{incident.pk}/attachments",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")},
    )
    assert pdf.status_code == 201 and pdf.json()["content_type"] == "application/pdf"
    bad = client.post(
        f"/api/v1/incidents/{incident.pk}/attachments",
        {"file": SimpleUploadedFile("x.pdf", io.BytesIO(b"just text").read())},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "file"


def test_list_shows_redacted_rows_and_counts_queries(make_incident: Callable[..., Any],
                                                     client_for: Callable[[str], Client]) -> None:  # fmt: skip
    make_incident(title="Terbuka")
    client = client_for("jabar")
    client.get("/incidents/")  # warm the per-process caches (region version, zones); the count below is about rows
    with CaptureQueriesContext(connection) as few:
        assert client.get("/incidents/").status_code == 200
    secret = make_incident(title="Rahasia intel", sensitivity="restricted")
    for _ in range(5):
        make_incident()
    with CaptureQueriesContext(connection) as many:
        html = client.get("/incidents/").content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert f"#{secret.pk}" in html and "Rahasia intel" not in html
    assert "Rahasia intel" in client_for("bandung").get("/incidents/").content.decode()
    assert "Rahasia" not in client_for("jabar").get("/incidents/?q=rahasia").content.decode()


def test_detail_shows_history_and_indonesian_labels(make_incident: Callable[..., Any],
                                                    client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident()
    html = client_for("bandung").get(f"/incidents/{incident.pk}/").content.decode()
    assert "Kekerasan dan bentrokan" in html and "Bentrok antarpendukung" in html  # label_id in Indonesian
    assert "Pak Ujang" not in html  # only after an explicit, audited reveal
    client = client_for("bandung")
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        assert "Violence and clashes" in client.get(f"/incidents/{incident.pk}/").content.decode()
    redacted = client_for("jabar")
    assert client_for("kabbandung").get(f"/incidents/{incident.pk}/").status_code == 404
    assert redacted.get(f"/incidents/{incident.pk}/").status_code == 200


def test_informant_reveal_is_a_post_and_audited(make_incident: Callable[..., Any],
                                                client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident()
    assert client_for("bandung").get(f"/incidents/{incident.pk}/informants/").status_code == 405
    shown = client_for("bandung").post(f"/incidents/{incident.pk}/informants/")
    assert shown.status_code == 200 and "Pak Ujang" in shown.content.decode()
    assert client_for("jabar").post(f"/incidents/{incident.pk}/informants/").status_code == 403
    assert AuditEvent.objects.filter(action="incident.informant_view").count() == 1


def test_transition_and_followups_from_the_page(make_incident: Callable[..., Any],
                                                client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(by="monitor")  # the office verifies a monitor's report (four-eyes)
    client = client_for("bandung")
    client.post(f"/incidents/{incident.pk}/transition/", {"to": "verified"})
    incident.refresh_from_db()
    assert incident.status == "verified"
    client.post(f"/incidents/{incident.pk}/followups/", {"description": "Mediasi kedua kubu", "due_on": "2024-02-20",
                                                         "status": "open"})  # fmt: skip
    action = FollowUpAction.objects.get()
    assert action.owner_office == "32.73"
    client.post(f"/incidents/followups/{action.pk}/", {"status": "done", "outcome": ""})
    action.refresh_from_db()
    assert action.status == "open"  # done needs an outcome
    client.post(f"/incidents/followups/{action.pk}/", {"status": "done", "outcome": "Sepakat damai"})
    action.refresh_from_db()
    assert action.status == "done"
    assert client_for("monitor").post(f"/incidents/{incident.pk}/followups/", {"description": "x", "status": "open"})
    assert FollowUpAction.objects.count() == 1
    html = client_for("bandung").get("/incidents/queue/").content.decode()
    assert f"#{incident.pk}" in html


@pytest.mark.parametrize("name", ["viewer", "analyst"])
def test_form_is_not_for_readers(client_for: Callable[[str], Client], name: str) -> None:
    assert client_for(name).get("/incidents/new/").status_code == 403
