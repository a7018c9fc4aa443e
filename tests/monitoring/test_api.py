"""/api/v1/instruments and /api/v1/rounds: read, create, open in scope, save and submit answers, refusals."""

from __future__ import annotations

import copy
import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.personas import client_for
from waspada.monitoring import services
from waspada.monitoring.models import Assignment, AssignmentStatus, Instrument, InstrumentVersion, Round

DEADLINE = (timezone.now() + datetime.timedelta(days=14)).isoformat()
ROUND = {"instrument": "waspada_default", "version": 1, "title": "Putaran Desember", "period_start": "2026-12-01",
         "period_end": "2026-12-31", "deadline": DEADLINE}  # fmt: skip


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _complete(version: InstrumentVersion) -> dict[str, Any]:
    """A valid answer to every unconditional question ("no" keeps the conditional follow-ups hidden)."""
    sample = {"yes_no": False, "scale": 2, "number": 1, "text": "catatan", "date": "2026-12-20"}
    values = {}
    for ind in version.indicators.filter(condition__isnull=True):
        if ind.answer_type in sample:
            values[ind.code] = sample[ind.answer_type]
        else:
            first = ind.choices[0]["code"]
            values[ind.code] = [first] if ind.answer_type == "multiple_choice" else first
    return values


def _open(user: Any, version: InstrumentVersion, regions: list[str] | None = None) -> Round:
    today = datetime.date(2026, 12, 1)
    return services.open_round(user, version=version, title="Putaran", period_start=today,
                               period_end=today + datetime.timedelta(days=30),
                               deadline=timezone.now() + datetime.timedelta(days=14), regions=regions)  # fmt: skip


def test_instruments_list_and_version_spec(version: InstrumentVersion, kabkota_officer: Any) -> None:
    client = client_for(kabkota_officer)
    listed = client.get("/api/v1/instruments")
    assert listed.status_code == 200
    [instrument] = listed.json()
    assert instrument["code"] == "waspada_default"
    assert instrument["versions"] == [{"number": 1, "status": "published", "note": "", "indicators": 47,
                                       "published_at": instrument["versions"][0]["published_at"]}]  # fmt: skip
    spec = client.get("/api/v1/instruments/waspada_default/versions/1").json()
    assert len(spec["dimensions"]) == 4
    indicators = [i for d in spec["dimensions"] for s in d["subdimensions"] for i in s["indicators"]]
    assert len(indicators) == 47
    follow_up = next(i for i in indicators if i["code"] == "kekerasan_sara_jumlah")
    assert follow_up["condition"] == {"indicator": "kekerasan_sara", "equals": True}
    assert follow_up["evidence_required"] is True and follow_up["answer_type"] == "number"
    assert follow_up["source"].startswith("IKP 2024") and follow_up["text_id"].startswith("Berapa kali")
    assert any(i["choices"] and i["choices"][0]["label_id"] for i in indicators)
    assert client.get("/api/v1/instruments/waspada_default/versions/2").status_code == 404


def test_create_instrument_from_the_default_files_structure(db: None, national_admin: Any,
                                                            province_officer: Any) -> None:  # fmt: skip
    data = yaml.safe_load((Path(settings.DOMAIN_DIR) / "instrument_default.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # the file's dates as the JSON text a client sends
    data["code"] = "uji_api"
    assert _post(client_for(province_officer), "/api/v1/instruments", data).status_code == 403
    created = _post(client_for(national_admin), "/api/v1/instruments", data)
    assert created.status_code == 201, created.json()
    assert created.json()["versions"][0]["indicators"] == 47
    assert InstrumentVersion.objects.get(instrument__code="uji_api").is_published
    assert _post(client_for(national_admin), "/api/v1/instruments", data).status_code == 409

    broken = copy.deepcopy(data)
    broken["code"] = "uji_rusak"
    broken["dimensions"][1]["subdimensions"][0]["indicators"][0]["weight"] = 0
    refused = _post(client_for(national_admin), "/api/v1/instruments", broken)
    assert refused.status_code == 422
    assert "dimensions.1.subdimensions.0.indicators.0.weight" in [e["field"] for e in refused.json()["errors"]]
    broken["dimensions"][1]["subdimensions"][0]["indicators"][0]["weight"] = 1
    broken["dimensions"][0]["subdimensions"][0]["indicators"][1]["condition"]["indicator"] = "tidak_ada"
    refused = _post(client_for(national_admin), "/api/v1/instruments", broken)
    assert refused.status_code == 422
    messages = " ".join(e["message"] for e in refused.json()["errors"])
    assert "1.1.2" in messages and "tidak_ada" in messages
    broken["dimensions"][0]["subdimensions"][0]["indicators"][1]["condition"]["indicator"] = "kekerasan_sara"
    broken["dimensions"][2]["code"] = broken["dimensions"][0]["code"]
    refused = _post(client_for(national_admin), "/api/v1/instruments", broken)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "dimensions.2.code"
    assert not Instrument.objects.filter(code="uji_rusak").exists()


def test_open_round_in_scope(version: InstrumentVersion, province_officer: Any, national_admin: Any,
                             kabkota_officer: Any) -> None:  # fmt: skip
    client = client_for(province_officer)
    outside = _post(client, "/api/v1/rounds", {**ROUND, "regions": ["35.78"]})
    assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "regions[35.78]"
    opened = _post(client, "/api/v1/rounds", ROUND)
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    regions = [a["region"] for a in body["assignment_list"]]
    assert regions and all(code.startswith("32.") for code in regions)
    assert body["by_status"]["not_started"] == len(regions) == body["assignments"]
    assert _post(client_for(kabkota_officer), "/api/v1/rounds", ROUND).status_code == 403
    late = _post(client, "/api/v1/rounds", {**ROUND, "deadline": "2020-01-01T00:00:00"})
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "deadline"
    unknown = _post(client, "/api/v1/rounds", {**ROUND, "version": 9})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "version"
    national = _post(client_for(national_admin), "/api/v1/rounds", ROUND).json()
    assert any(a["region"] == "35.78" for a in national["assignment_list"])
    # the province officer sees its own round and the national one, only its kab/kota in the latter
    rounds = client.get("/api/v1/rounds").json()
    assert rounds["count"] == 2
    mine = client.get(f"/api/v1/rounds/{national['id']}").json()
    assert {a["region"][:2] for a in mine["assignment_list"]} == {"32"}


def test_save_and_submit_answers(version: InstrumentVersion, national_admin: Any, kabkota_officer: Any) -> None:
    round_ = _open(national_admin, version, ["32.73"])
    client, url = client_for(kabkota_officer), f"/api/v1/rounds/{round_.pk}/submissions"
    answers = _complete(version)
    draft = _post(client, url, {"region": "32.73", "answers": {"kekerasan_sara": True}, "submit": False})
    assert draft.status_code == 200 and draft.json()["status"] == "draft"
    incomplete = _post(client, url, {"region": "32.73", "answers": {}, "submit": True})
    assert incomplete.status_code == 422
    assert "kekerasan_sara_jumlah" in [e["field"] for e in incomplete.json()["errors"]]
    notes = {i.code: "notulen rapat" for i in version.indicators.filter(evidence_required=True) if i.code in answers}
    done = _post(client, url, {"region": "32.73", "answers": answers, "notes": notes, "submit": True})
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == "submitted" and body["submitted_at"]
    assert len(body["answers"]) == len(answers) and body["score"]["total"] is not None
    assert Assignment.objects.get(round=round_).status == AssignmentStatus.SUBMITTED
    listed = client_for(national_admin).get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["answers"][0]["indicator"] == "kekerasan_sara"
    again = _post(client, url, {"region": "32.73", "answers": {"intimidasi": 3}})
    assert again.status_code == 409


def test_bad_answer_names_the_question(version: InstrumentVersion, national_admin: Any, kabkota_officer: Any) -> None:
    round_ = _open(national_admin, version, ["32.73"])
    refused = _post(client_for(kabkota_officer), f"/api/v1/rounds/{round_.pk}/submissions",
                    {"region": "32.73", "answers": {"intimidasi": 9, "kekerasan_sara": True}})  # fmt: skip
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["field"] == "intimidasi" and "1.1.3" in error["message"]
    assert not Assignment.objects.get(round=round_).answers.exists()


def test_closed_foreign_and_viewer(version: InstrumentVersion, national_admin: Any, kabkota_officer: Any,
                                   viewer: Any) -> None:  # fmt: skip
    foreign = _open(national_admin, version, ["35.78"])
    client = client_for(kabkota_officer)
    for path in (f"/api/v1/rounds/{foreign.pk}", f"/api/v1/rounds/{foreign.pk}/submissions", "/api/v1/rounds/999999"):
        assert client.get(path).status_code == 404
    assert _post(client, f"/api/v1/rounds/{foreign.pk}/submissions", {"region": "35.78"}).status_code == 404
    assert client.get("/api/v1/rounds").json()["count"] == 0
    mine = _open(national_admin, version, ["32.73", "35.78"])
    assert _post(client, f"/api/v1/rounds/{mine.pk}/submissions", {"region": "35.78"}).status_code == 404
    services.close_round(national_admin, mine)
    closed = _post(client, f"/api/v1/rounds/{mine.pk}/submissions", {"region": "32.73", "answers": {"intimidasi": 2}})
    assert closed.status_code == 409 and closed.json()["errors"][0]["field"] == "round"
    for path in ("/api/v1/instruments", "/api/v1/rounds", f"/api/v1/rounds/{mine.pk}"):
        assert client_for(viewer).get(path).status_code == 403
    assert _post(client_for(viewer), f"/api/v1/rounds/{mine.pk}/submissions", {"region": "32.73"}).status_code == 403
