"""The audit trail: append-only, hash-chained, verified by `waspada audit verify`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from waspada.core.audit import record, record_batch, verify_chain
from waspada.core.audit.models import AppendOnlyError, AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _events(n: int = 3) -> list[AuditEvent]:
    return [record(None, "test.write", None, {"n": i}, {"n": i + 1, "nama": "Kota Bandung"}) for i in range(n)]


def test_events_chain_and_verify() -> None:
    first, second, third = _events()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert first.prev_hash == "0" * 64
    result = verify_chain()
    assert result.ok and result.count == 3
    assert AuditChainHead.objects.get().hash == third.hash


def test_batch_is_one_event() -> None:
    event = record_batch(None, "regions.import", object_type="regions.region", job_id="job-1",
                         counts={"rows": 91000}, checksum="abc")  # fmt: skip
    assert event.batch == {"job_id": "job-1", "counts": {"rows": 91000}, "checksum": "abc"}
    assert AuditEvent.objects.count() == 1 and verify_chain().ok


def test_no_update_or_delete_path() -> None:
    event = _events(1)[0]
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def _tamper(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_names_a_row_altered_by_hand() -> None:
    events = _events()
    _tamper("UPDATE core_auditevent SET after = %s WHERE id = %s", json.dumps({"n": 99}), events[1].pk)
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1
    assert f"event {events[1].pk} " in str(failure.value) and "altered" in str(failure.value)


def test_verify_detects_a_removed_event_and_a_cut_tail() -> None:
    events = _events()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", events[1].pk)
    result = verify_chain()
    assert not result.ok and result.broken_id == events[2].pk
    _tamper("DELETE FROM core_auditevent WHERE id = %s", events[2].pk)
    result = verify_chain()
    assert not result.ok and "head" in result.reason


def test_verify_json_output() -> None:
    _events(2)
    out = io.StringIO()
    call_command("audit", "verify", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": True, "count": 2, "broken_event_id": None, "broken_seq": None,
                                          "reason": ""}  # fmt: skip


def test_record_keeps_request_id_and_ip(rf: pytest.FixtureRequest) -> None:
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")  # type: ignore[attr-defined]
    request.request_id = "req-12345678"
    event = record(None, "test.write", None, None, {"x": 1}, request)
    assert (event.request_id, event.ip, event.actor_name) == ("req-12345678", "10.1.2.3", "system")
