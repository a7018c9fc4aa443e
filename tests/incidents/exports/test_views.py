"""Export pages: the request form from the list's filters, clear errors, the polling job table, downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from waspada.incidents.exports.services import run_export
from waspada.incidents.models import ExportJob

EXPORTS = reverse("incidents:exports")
CREATE = reverse("incidents:export_create")


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_page_offers_the_lists_filters(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("jabar").get(EXPORTS, {"region": "32.73", "type": "violence_clash", "page": "3", "x": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="region" value="32.73">' in html
    assert '<input type="hidden" name="type" value="violence_clash">' in html
    assert 'name="page"' not in html and 'name="x"' not in html
    for fmt in ("csv", "xlsx", "geojson"):
        assert f'name="format" value="{fmt}"' in html


def test_create_redirects_with_a_message(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("bandung").post(CREATE, {"format": "xlsx", "region": "32.73", "csrfmiddlewaretoken": "x"})
    assert response.status_code == 302 and response["Location"] == EXPORTS
    assert len(messages_of(response)) == 1
    job = ExportJob.objects.get()
    assert (job.format, job.filters, job.language) == ("xlsx", {"region": "32.73"}, "id")


def test_over_scope_and_bad_input_give_clear_errors(world: dict[str, Any],
                                                    client_for: Callable[[str], Client]) -> None:  # fmt: skip
    client = client_for("bandung")
    response = client.post(CREATE, {"format": "csv", "region": "35.78"})
    assert response.status_code == 302 and response["Location"] == f"{EXPORTS}?region=35.78"
    (message,) = messages_of(response)
    assert "35.78" in message and "32.73" in message
    response = client.post(CREATE, {"format": "pdf"})
    assert response.status_code == 302 and "geojson" in messages_of(response)[-1]  # messages pile up unread
    response = client.post(CREATE, {"format": "csv", "date_from": "5 Feb"})
    assert response.status_code == 302 and "YYYY-MM-DD" in messages_of(response)[-1]
    assert not ExportJob.objects.exists()
    assert client.get(CREATE).status_code == 405


def test_the_table_polls_while_a_job_waits(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    client = client_for("viewer")
    client.post(CREATE, {"format": "geojson"})
    job = ExportJob.objects.get()
    page = client.get(EXPORTS).content.decode()
    assert 'hx-trigger="every 3s"' in page and "<html" in page
    partial = client.get(EXPORTS, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="export-jobs" hx-get=') and "<html" not in partial
    run_export(str(job.pk))
    partial = client.get(EXPORTS, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    assert reverse("incidents:export_download", args=[job.pk]) in partial


def test_jobs_and_downloads_are_the_owners_only(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    client_for("analyst").post(CREATE, {"format": "csv"})
    job = ExportJob.objects.get()
    run_export(str(job.pk))
    other = client_for("nadmin")
    assert reverse("incidents:export_download", args=[job.pk]) not in other.get(EXPORTS).content.decode()
    assert other.get(reverse("incidents:export_download", args=[job.pk])).status_code == 404
    response = client_for("analyst").get(reverse("incidents:export_download", args=[job.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    job.refresh_from_db()
    job.file.delete(save=False)  # cleaned up behind the job's back: 404, not a crash
    assert client_for("analyst").get(reverse("incidents:export_download", args=[job.pk])).status_code == 404


def test_filters_read_as_names_not_codes(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    """The page and the jobs table name a filter's values ("Kota Bandung", "Terverifikasi"), never the codes."""
    client = client_for("jabar")
    filters = {"region": "32.73", "type": "violence_clash", "status": "verified"}
    page = client.get(EXPORTS, filters).content.decode()
    client.post(CREATE, {"format": "csv", **filters})
    jobs = client.get(EXPORTS, HTTP_HX_REQUEST="true").content.decode()
    for html in (page, jobs):
        text = html.split('<table class="table exports">')[-1] if html is jobs else html.split("export-request")[1]
        assert "Kota Bandung" in text and "Terverifikasi" in text
        assert "violence_clash" not in text.replace('value="violence_clash"', "")
        assert "status=verified" not in text
