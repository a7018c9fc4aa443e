"""Core models: the audit trail (waspada.core.audit), the scheduled jobs (waspada.core.scheduler) and the
notification inbox (waspada.core.notifications)."""

from waspada.core.audit.models import AuditChainHead, AuditEvent
from waspada.core.notifications.models import Notification
from waspada.core.scheduler.models import ScheduledJob

__all__ = ["AuditChainHead", "AuditEvent", "Notification", "ScheduledJob"]
