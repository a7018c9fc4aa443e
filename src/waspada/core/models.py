"""Core models: the audit trail (see waspada.core.audit)."""

from waspada.core.audit.models import AuditChainHead, AuditEvent

__all__ = ["AuditChainHead", "AuditEvent"]
