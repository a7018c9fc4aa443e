"""Audit events read as sentences in the reader's language, built from the stored fields; the chain is
untouched by reading."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.personas import client_for
from waspada.accounts.models import User
from waspada.core.audit import record, verify_chain
from waspada.core.audit.describe import ACTIONS, action_label, actor_label, describe
from waspada.core.audit.models import AuditEvent
from waspada.incidents.workflow import TRANSITIONS

SRC = Path(__file__).resolve().parents[2] / "src" / "waspada"


def _event(**fields: object) -> AuditEvent:
    values: dict[str, object] = {"actor_id": 7, "actor_name": "budi", "action": "incident.verify",
                                 "object_type": "incidents.incident", "object_id": "123"}  # fmt: skip
    return AuditEvent(**(values | fields))


def test_a_status_change_names_both_statuses_in_the_readers_language() -> None:
    event = _event(before={"status": "submitted", "title": "x"}, after={"status": "verified", "title": "x"})
    with translation.override("id"):
        assert describe(event) == "budi mengubah status insiden #123 dari Diajukan ke Terverifikasi"
    with translation.override("en"):
        assert describe(event) == "budi changed the status of incident #123 from Submitted to Verified"


def test_a_follow_up_status_is_not_the_incidents_status() -> None:
    event = _event(action="incident.followup_update", before={"status": "open"}, after={"status": "done"})
    with translation.override("id"):
        assert describe(event) == "budi mengubah tindak lanjut insiden #123"


def test_an_edit_lists_the_changed_fields_by_name_not_by_code() -> None:
    event = _event(action="incident.update", before={"severity": 2, "narrative": "a", "owner_code": "32"},
                   after={"severity": 3, "narrative": "b", "owner_code": "32"})  # fmt: skip
    with translation.override("id"):
        text = describe(event)
    assert text.startswith("budi menyunting insiden #123 (yang diubah: ") and "severity" not in text
    assert not re.search(r"[a-z]+_[a-z_]+", text)


def test_system_batch_and_unknown_actions_still_read_as_sentences() -> None:
    with translation.override("id"):
        batch = describe(_event(actor_id=None, actor_name="system", action="regions.import",
                                object_type="regions.regionimport", object_id=""))  # fmt: skip
        unknown = describe(_event(action="something.never_seen", before=None, after=None))
        assert batch == "Sistem mengimpor wilayah resmi"
        assert unknown == "budi membuat perubahan pada insiden #123"
        assert action_label("something.never_seen") == "Perubahan lain"
        assert actor_label(_event(actor_id=None, actor_name="system")) == "Sistem"
        assert actor_label(_event(actor_id=None, actor_name="system", action="accounts.login_failed")) == "—"


def test_every_recorded_action_has_a_sentence() -> None:
    """The literal actions the services record, and every workflow rule's `incident.<rule>`."""
    pattern = re.compile(r"""(?:record(?:_batch)?|event_fields)\(\s*[\w.\[\]"]+,\s*"([a-z0-9_.]+)\"""")
    found = {m for path in SRC.rglob("*.py") for m in pattern.findall(path.read_text(encoding="utf-8"))}
    found |= set(re.findall(r'"([a-z0-9_]+\.[a-z0-9_.]+)" if', "\n".join(
        p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))))  # `"a" if cond else "b"` forms
    found |= {f"incident.{rule.name}" for rule in TRANSITIONS}
    found |= {"accounts.login", "accounts.logout", "accounts.login_failed", "accounts.user.enable",
              "accounts.user.disable", "intake.channel_enable", "intake.channel_disable"}  # fmt: skip
    assert len(found) > 30
    assert sorted(a for a in found if "." in a and a not in ACTIONS) == []


@pytest.mark.django_db
def test_page_and_export_show_sentences_and_keep_the_chain(national_admin: User, province_officer: User) -> None:
    record(province_officer, "accounts.user.update", province_officer, {"email": "a@x.id"}, {"email": "b@x.id"})
    client = client_for(national_admin)
    html = client.get("/audit/").content.decode()
    assert "province_officer mengubah pengguna province_officer" in html
    assert "{&#x27;" not in html and "a@x.id" not in html  # no dict printouts of the snapshots
    assert '<option value="accounts.user.update">Akun diubah</option>' in html
    body = b"".join(client.get("/audit/export.csv").streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert any(row["description"].startswith("province_officer mengubah pengguna") for row in rows)
    assert rows[-1]["action"] and verify_chain().ok
    api = client.get("/api/v1/audit/events?action=accounts.user.update").json()
    assert api["results"][0]["description"].startswith("province_officer mengubah pengguna province_officer")
    assert api["results"][0]["action"] == "accounts.user.update"  # the stored fields are unchanged
