"""The audit trail: `record()` and `record_batch()` for services, `verify_chain()` for `waspada audit verify`."""

from waspada.core.audit.chain import record, record_batch, verify_chain

__all__ = ["record", "record_batch", "verify_chain"]
