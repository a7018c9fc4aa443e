"""Group commit of new incidents (waspada.incidents.actions.group_commit): every report written exactly once, each with
its own rows and audit event, keys checked under the lock, and a failed batch retried report by report."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from tests.concurrency import at_once, skip_on_memory_sqlite
from tests.incidents.conftest import report
from tests.incidents.test_api import URL, body, post
from waspada.accounts.services import create_token
from waspada.core.audit import verify_chain
from waspada.core.audit.models import AuditEvent
from waspada.incidents.actions import group_commit
from waspada.incidents.actions.create import prepare_new, write_alone
from waspada.incidents.actions.group_commit import ALONE, KEY_TAKEN, UNSURE, WRITTEN
from waspada.incidents.actions.insert import NewIncident
from waspada.incidents.actions.writer import Writer
from waspada.incidents.idempotency import Claim, body_hash
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import (
    IdempotencyKey,
    Incident,
    IncidentActor,
    IncidentSource,
    IncidentStage,
    Transition,
)

pytestmark = pytest.mark.django_db(transaction=True)  # grouping happens only outside a caller's transaction


def prepared(user: Any, title: str, key: str | None = None, **overrides: Any) -> NewIncident:
    data = IncidentInput.of(report(title=title, **overrides))
    claim = Claim(user, key, body_hash({"title": title})) if key else None
    return prepare_new(Writer.of(user), data, submit=True, claim=claim)


# ---------------------------------------------------------------------------------------------------------
# The leader and its followers, without a database


class FakeWrites:
    """Stands in for write_batch: records each batch, slow enough for queues to form. With `fail_first`, the
    first batch waits until other reports queue behind it, then fails."""

    def __init__(self, committer: Any = None, fail_first: bool = False) -> None:
        self.batches: list[list[NewIncident]] = []
        self.committer, self.fail_first = committer, fail_first
        self.busy = threading.Lock()

    def __call__(self, batch: list[NewIncident]) -> None:
        assert self.busy.acquire(blocking=False), "two leaders wrote at once"
        try:
            self.batches.append(batch)
            if self.fail_first and len(self.batches) == 1:
                deadline = time.monotonic() + 10
                while not self.committer._queue and time.monotonic() < deadline:
                    time.sleep(0.001)
                raise RuntimeError("the database went away")
            time.sleep(0.002)
            for item in batch:
                item.outcome = WRITTEN
        finally:
            self.busy.release()


def fake_item(n: int) -> NewIncident:
    return NewIncident(Incident(title=str(n)), [], [], [], Transition(), Writer.of(None), {}, None)


def test_every_report_is_written_once_by_one_leader_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    writes = FakeWrites()
    monkeypatch.setattr(group_commit, "write_batch", writes)
    committer = group_commit._Committer()
    items = [fake_item(n) for n in range(200)]

    def phone(n: int) -> None:
        for item in items[n * 5 : n * 5 + 5]:
            committer.commit(item)
            assert item.outcome == WRITTEN  # answered only once written

    at_once(40, phone)
    written = Counter(id(item) for batch in writes.batches for item in batch)
    assert len(written) == 200 and set(written.values()) == {1}
    assert len(writes.batches) < 200  # reports that arrived together were grouped
    assert max(len(batch) for batch in writes.batches) <= group_commit.MAX_BATCH
    assert committer._queue == [] and not committer._leading


def test_a_failed_batch_sends_each_report_alone_and_the_next_batch_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    committer = group_commit._Committer()
    writes = FakeWrites(committer, fail_first=True)
    monkeypatch.setattr(group_commit, "write_batch", writes)
    items = [fake_item(n) for n in range(30)]
    at_once(30, lambda n: committer.commit(items[n]))
    assert len(writes.batches) >= 2  # leadership passed on after the failure
    failed = {id(item) for item in writes.batches[0]}
    assert all(item.outcome == (ALONE if id(item) in failed else WRITTEN) for item in items)
    assert sum(item.outcome == WRITTEN for item in items) >= 1
    assert committer._queue == [] and not committer._leading


# ---------------------------------------------------------------------------------------------------------
# One batch against the database


def test_a_batch_writes_each_report_with_its_own_rows_and_audit_event(people: dict) -> None:
    monitor, bandung = people["monitor"], people["bandung"]
    batch = [prepared(monitor, "satu", key="k1"), prepared(bandung, "dua"), prepared(monitor, "tiga", key="k3")]
    group_commit.write_batch(batch)
    assert [item.outcome for item in batch] == [WRITTEN] * 3
    for item in batch:
        incident = Incident.objects.get(pk=item.incident.pk)
        assert incident.title == item.incident.title and incident.kabkota_code == "32.73"
        assert IncidentActor.objects.filter(incident=incident).count() == 1
        source = IncidentSource.objects.get(incident=incident)
        assert source.created_by_id == item.writer.user.pk and source.informant_name_enc.startswith("gAAAA")
        assert sorted(IncidentStage.objects.filter(incident=incident).values_list("tag_id", flat=True)) == sorted(
            item.tags
        )
        assert [link.pk for link in item.links] and all(link.incident_id == incident.pk for link in item.links)
        step = Transition.objects.get(incident=incident)
        assert step.to_status == "submitted" and step.actor_id == item.writer.user.pk
        event = AuditEvent.objects.get(action="incident.create", object_id=str(incident.pk))
        assert event.actor_id == item.writer.user.pk and event.after["stage_tags"] == item.tags
    assert set(IdempotencyKey.objects.values_list("key", "incident_id")) == {
        ("k1", batch[0].incident.pk), ("k3", batch[2].incident.pk)}  # fmt: skip
    assert verify_chain().ok


def test_taken_keys_are_left_out_under_the_lock(people: dict) -> None:
    monitor = people["monitor"]
    first = prepared(monitor, "pertama", key="dup")
    group_commit.write_batch([first])
    resend = prepared(monitor, "pertama", key="dup")  # committed meanwhile by another process
    twin_a, twin_b = prepared(monitor, "kembar", key="twin"), prepared(monitor, "kembar", key="twin")
    other_user = prepared(people["monitor2"], "milik orang lain", key="dup")  # keys are per user
    group_commit.write_batch([resend, twin_a, twin_b, other_user])
    assert [item.outcome for item in (resend, twin_a, twin_b, other_user)] == [KEY_TAKEN, WRITTEN, KEY_TAKEN, WRITTEN]
    assert resend.incident.pk is None and twin_b.incident.pk is None
    assert Incident.objects.count() == 3 and IdempotencyKey.objects.count() == 3
    assert verify_chain().ok


def test_a_failing_report_rolls_back_the_whole_batch_and_clears_its_ids(people: dict) -> None:
    good, bad = prepared(people["monitor"], "baik", key="good"), prepared(people["monitor"], "buruk")
    bad.incident.severity = 9  # passes no check: the database's constraint refuses it
    heads = AuditEvent.objects.count()
    group_commit.write_batch([good, bad])
    assert good.outcome == bad.outcome == ALONE
    assert Incident.objects.count() == 0 and IdempotencyKey.objects.count() == 0
    assert AuditEvent.objects.count() == heads
    for item in (good, bad):
        rows = (item.incident, *item.actors, *item.sources, item.step)
        assert all(row.pk is None and row._state.adding for row in rows) and item.links == []
    write_alone(good)  # what the good report's own thread does next
    assert Incident.objects.get().title == "baik" and IdempotencyKey.objects.get().incident_id == good.incident.pk
    assert verify_chain().ok


def test_a_failed_commit_retries_only_reports_with_a_key(people: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """A COMMIT that fails may still have happened (PostgreSQL, connection lost): a retry is safe only where
    an Idempotency-Key decides; a report without one answers with an error instead of risking a second copy."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    keyed, plain = prepared(people["monitor"], "berkunci", key="keyed"), prepared(people["monitor"], "polos")
    real = BaseDatabaseWrapper.commit

    def failing_commit(self: Any) -> None:
        monkeypatch.setattr(BaseDatabaseWrapper, "commit", real)  # once
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(BaseDatabaseWrapper, "commit", failing_commit)
    group_commit.write_batch([keyed, plain])
    assert (keyed.outcome, plain.outcome) == (ALONE, UNSURE)
    assert keyed.incident.pk is None and plain.incident.pk is None and Incident.objects.count() == 0


def test_a_gate_that_fails_after_the_commit_keeps_the_rows(people: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    @contextlib.contextmanager
    def turn(path: str | None = None) -> Any:
        yield
        raise OSError("lock file gone")

    monkeypatch.setattr(group_commit.write_gate, "turn", turn)
    item = prepared(people["monitor"], "tetap")
    group_commit.write_batch([item])
    assert item.outcome == WRITTEN and Incident.objects.get().pk == item.incident.pk


def test_an_unconfirmed_report_without_key_answers_500(people: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    def unsure(batch: list[NewIncident]) -> None:
        for item in batch:
            item.outcome = UNSURE

    monkeypatch.setattr(group_commit, "write_batch", unsure)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(people['monitor'], 'phone').secret}",
                    raise_request_exception=False)  # fmt: skip
    assert post(client, body()).status_code == 500 and Incident.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------
# Through the API, as phones use it


def test_api_creates_and_replays_through_the_group_path(people: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[int] = []
    real = group_commit.write_batch
    monkeypatch.setattr(group_commit, "write_batch", lambda batch: batches.append(len(batch)) or real(batch))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(people['monitor'], 'phone').secret}")
    response = post(client, body(), key="phone-1")
    assert response.status_code == 201, response.content
    record = response.json()
    assert record["stage_tags"] and record["transitions"][0]["to"] == "submitted" and record["corroboration"] == 1
    again = post(client, body(), key="phone-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true" and again.json()["id"] == record["id"]
    assert post(client, body(title="lain"), key="phone-1").status_code == 409
    assert post(client, body(title="tanpa kunci")).status_code == 201
    assert batches == [1, 1] and Incident.objects.count() == 2  # the replay and the conflict wrote nothing
    assert json.loads(client.get(f"{URL}/{record['id']}").content)["stage_tags"] == record["stage_tags"]


def test_switched_off_every_report_goes_alone(people: dict, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.WASPADA_GROUP_COMMIT = False
    monkeypatch.setattr(group_commit, "write_batch", lambda batch: pytest.fail("grouped although switched off"))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(people['monitor'], 'phone').secret}")
    assert post(client, body(), key="off").status_code == 201 and Incident.objects.count() == 1


@pytest.mark.concurrent
def test_concurrent_phones_lose_and_duplicate_nothing(people: dict) -> None:
    """Eight phones, five reports each; reports 0 and 3 of every phone are also sent at the same moment by a
    twin thread with the same key (a resend racing its original). Needs a database file: see tests.concurrency."""
    skip_on_memory_sqlite()
    secret = create_token(people["monitor"], "phone").secret
    answers: dict[str, set[int]] = {}
    batches: list[int] = []
    real = group_commit.write_batch

    def counting(batch: list[NewIncident]) -> None:
        batches.append(len(batch))
        real(batch)

    group_commit.write_batch = counting  # type: ignore[assignment]  # module-level; restored below
    try:

        def phone(index: int) -> None:
            n, twin = index % 8, index >= 8
            client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
            for k in range(5):
                if twin and k % 3:
                    continue
                response = post(client, body(title=f"laporan {n}-{k}"), key=f"p{n}-{k}")
                assert response.status_code == 201, response.content
                answers.setdefault(f"laporan {n}-{k}", set()).add(response.json()["id"])

        at_once(16, phone)
    finally:
        group_commit.write_batch = real  # type: ignore[assignment]
    titles = Counter(Incident.objects.values_list("title", flat=True))
    assert set(titles) == set(answers) and set(titles.values()) == {1}
    assert all(len(ids) == 1 for ids in answers.values())  # a twin got the original's incident
    assert Transition.objects.count() == 40 and IdempotencyKey.objects.count() == 40
    assert verify_chain().ok
