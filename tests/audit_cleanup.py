"""Clean-up for module fixtures that commit (full reference imports, live servers): the audit events they add
must go too, or a later test in the same worker counts them (the app itself never deletes audit events)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


def audit_head() -> tuple[int, str]:
    from waspada.core.audit.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head else (0, "")


def cut_audit_back_to(mark: tuple[int, str]) -> None:
    """Test clean-up only: the app never deletes audit events (the queryset refuses), so raw SQL removes what the
    module appended and puts the chain head back."""
    from django.db import connection

    from waspada.core.audit.models import AuditChainHead, AuditEvent

    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE seq > %s", [mark[0]])  # noqa: S608
    if mark[0]:
        AuditChainHead.objects.filter(pk=1).update(seq=mark[0], hash=mark[1])
    else:
        AuditChainHead.objects.filter(pk=1).delete()


@contextmanager
def audit_events_removed_afterwards() -> Iterator[None]:
    """Whatever the block appends to the audit chain is removed when it ends, and the head is put back."""
    mark = audit_head()
    try:
        yield
    finally:
        cut_audit_back_to(mark)
