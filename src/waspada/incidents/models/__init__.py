from waspada.incidents.models.exports import ExportFormat, ExportJob, ExportStatus
from waspada.incidents.models.imports import ImportKind, ImportRun, ImportStatus
from waspada.incidents.models.incident import (
    ExternalSource,
    GeoPrecision,
    HandlingLevel,
    Incident,
    IncidentStage,
    Status,
    TimePrecision,
)
from waspada.incidents.models.records import (
    PERSON_KINDS,
    ActionStatus,
    ActorSide,
    Attachment,
    FollowUpAction,
    IdempotencyKey,
    IncidentActor,
    IncidentSource,
    Reliability,
    SourceKind,
    Transition,
)
from waspada.incidents.models.review import ReviewRule
from waspada.incidents.models.taxonomy import (
    ActorType,
    EventSubType,
    EventType,
    SeverityLevel,
    TaxonomyImport,
    mappings_for,
)
from waspada.incidents.models.webhooks import DeliveryStatus, IntakeChannel, WebhookDelivery

__all__ = [
    "DeliveryStatus", "ExportFormat", "ExportJob", "ExportStatus", "ExternalSource", "ImportKind", "ImportRun",
    "ImportStatus",
    "IntakeChannel", "WebhookDelivery",
    "PERSON_KINDS", "ActionStatus", "ActorSide", "ActorType", "Attachment", "EventSubType", "EventType",
    "FollowUpAction", "GeoPrecision", "HandlingLevel", "IdempotencyKey", "Incident", "IncidentActor",
    "IncidentSource", "IncidentStage", "Reliability", "ReviewRule", "SeverityLevel", "SourceKind", "Status",
    "TaxonomyImport",
    "TimePrecision", "Transition", "mappings_for",
]  # fmt: skip
