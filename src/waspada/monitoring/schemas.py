"""The JSON shapes of /api/v1/instruments and /api/v1/rounds (monitoring/api.py): bodies in, typed answers out.

An instrument body is the structure of data/domain/instrument_default.yaml (keys the API does not use, such as
`about` or `sources`, are ignored); every closed set is an enum and every number bounded, so the OpenAPI
document says what is accepted."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from waspada.core.api.schemas import Out, choice
from waspada.monitoring.models import AnswerType, AssignmentStatus, RoundStatus, VersionStatus

Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Weight = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
ScoreValue = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Bound = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
Whole = Annotated[int, Field(ge=-(10**12), le=10**12)]
ConditionValue = bool | Whole | Bound | Annotated[str, Field(max_length=200)]
AnswerValue = bool | Whole | Bound | Annotated[str, Field(max_length=5000)] | list[Annotated[str, Field(max_length=60)]]
RegionCode = Annotated[str, Field(min_length=1, max_length=13, pattern=r"^[0-9.]+$")]
ElectionCode = Annotated[str, Field(min_length=1, max_length=60)]


# --- Instruments in -----------------------------------------------------------------------------------------


class ChoiceIn(Schema):
    code: Code
    label_id: Name
    label_en: Name


class BandIn(Schema):
    upto: Bound
    score: ScoreValue


class ScoringIn(Schema):
    """The rule turning an answer into 0-100 (monitoring/scoring.py); which keys apply depends on the answer type."""

    min: Bound | None = None
    max: Bound | None = None
    yes: ScoreValue | None = None
    no: ScoreValue | None = None
    scores: dict[Code, ScoreValue] | None = Field(None, max_length=100)
    combine: choice(["max", "sum"]) | None = None  # type: ignore[valid-type]
    bands: list[BandIn] | None = Field(None, max_length=50)
    above: ScoreValue | None = None
    reverse: bool | None = None


class ConditionIn(Schema):
    indicator: Code
    equals: ConditionValue | None = None
    in_: list[ConditionValue] | None = Field(None, alias="in", max_length=100)


class IndicatorIn(Schema):
    code: Code
    answer_type: choice(AnswerType.values)  # type: ignore[valid-type]
    text_id: Annotated[str, Field(min_length=1, max_length=2000)]
    text_en: Annotated[str, Field(min_length=1, max_length=2000)]
    help_id: str = Field("", max_length=2000)
    help_en: str = Field("", max_length=2000)
    choices: list[ChoiceIn] = Field(default_factory=list, max_length=100)
    scoring: ScoringIn | None = None
    weight: Weight = 1
    required: bool = True
    evidence_required: bool = False
    condition: ConditionIn | None = None
    basis: str = Field("", max_length=300, description="The IKP indicator or legal duty the question reflects.")


class GroupingIn(Schema):
    """What a dimension and a sub-dimension share (as the `Grouping` model does)."""

    code: Code
    name_id: Name
    name_en: Name
    weight: Weight = 1
    weights_total: Bound | None = None
    basis: str = Field("", max_length=300)


class SubDimensionIn(GroupingIn):
    indicators: list[IndicatorIn] = Field(min_length=1, max_length=200)


class DimensionIn(GroupingIn):
    subdimensions: list[SubDimensionIn] = Field(min_length=1, max_length=50)


class InstrumentIn(Schema):
    """An instrument as data/domain/instrument_default.yaml writes it; it becomes version 1, published."""

    code: Code
    name_id: Name
    name_en: Name
    weights_total: Bound | None = None
    dimensions: list[DimensionIn] = Field(min_length=1, max_length=20)


def instrument_data(payload: InstrumentIn) -> dict[str, Any]:
    """The plain structure instruments.load_instrument() reads (unset optional keys left out, as in the file)."""
    return payload.dict(by_alias=True, exclude_none=True)


# --- Instruments out ----------------------------------------------------------------------------------------


class VersionSummaryOut(Out):
    number: int = Field(ge=1)
    status: choice(VersionStatus.values)  # type: ignore[valid-type]
    published_at: datetime.datetime | None
    note: str
    indicators: int = Field(ge=0, description="How many questions the version holds.")


class InstrumentOut(Out):
    code: str
    name_id: str
    name_en: str
    versions: list[VersionSummaryOut]


class ChoiceOut(Out):
    code: str
    label_id: str = ""
    label_en: str = ""


class IndicatorOut(Out):
    id: int
    code: str
    place: str = Field(description='Where the question sits ("Dimension 1 › Sub-dimension 1.2 › Indicator 1.2.3").')
    answer_type: choice(AnswerType.values)  # type: ignore[valid-type]
    text_id: str
    text_en: str
    help_id: str
    help_en: str
    choices: list[ChoiceOut]
    scoring: dict[str, Any]
    weight: float
    required: bool
    evidence_required: bool
    condition: dict[str, Any] | None
    source: str


class SubDimensionOut(Out):
    code: str
    name_id: str
    name_en: str
    weight: float
    indicators: list[IndicatorOut]


class DimensionOut(Out):
    code: str
    name_id: str
    name_en: str
    weight: float
    subdimensions: list[SubDimensionOut]


class VersionOut(Out):
    instrument: str
    name_id: str
    name_en: str
    number: int = Field(ge=1)
    status: choice(VersionStatus.values)  # type: ignore[valid-type]
    published_at: datetime.datetime | None
    note: str
    dimensions: list[DimensionOut]


# --- Rounds -------------------------------------------------------------------------------------------------


class RoundIn(Schema):
    instrument: Code
    version: int = Field(ge=1, le=100000, description="A published version of the instrument.")
    title: Annotated[str, Field(min_length=1, max_length=200)]
    period_start: datetime.date
    period_end: datetime.date
    deadline: datetime.datetime = Field(description="In the future; without a time zone it is read as UTC.")
    regions: list[RegionCode] | None = Field(
        None, max_length=600,
        description="Kab/kota codes (a province code stands for all its kab/kota); omitted: all in your scope.",
    )  # fmt: skip
    election: ElectionCode | None = Field(None, description="The election cycle the round monitors (its code).")
    stage: ElectionCode | None = Field(
        None, description="A stage (tahapan) code of that election; needs `election`.")  # fmt: skip


class StatusCountsOut(Out):
    not_started: int = Field(ge=0)
    draft: int = Field(ge=0)
    submitted: int = Field(ge=0)
    returned: int = Field(ge=0)
    approved: int = Field(ge=0)


class RoundOut(Out):
    id: int
    title: str
    instrument: str
    version: int
    status: choice(RoundStatus.values)  # type: ignore[valid-type]
    period_start: datetime.date
    period_end: datetime.date
    deadline: datetime.datetime
    scope_region: str | None = Field(description="The opener's province, or null for a national round.")
    election: str | None = Field(description="The election cycle's code, or null.")
    stage: str | None = Field(description="The stage (tahapan) code within that election, or null.")
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    assignments: int = Field(ge=0, description="Kab/kota in this round within your scope.")
    by_status: StatusCountsOut


class AssignmentRowOut(Out):
    id: int
    region: str
    region_name: str
    status: choice(AssignmentStatus.values)  # type: ignore[valid-type]
    submitted_at: datetime.datetime | None


class RoundDetailOut(RoundOut):
    assignment_list: list[AssignmentRowOut] = Field(description="The kab/kota of the round within your scope.")


class AnswerOut(Out):
    indicator: str
    value: Any = Field(description="As the answer type takes it: true/false, a number, a choice code, a list...")
    note: str
    has_evidence: bool
    updated_at: datetime.datetime | None


class PartScoreOut(Out):
    code: str
    score: float | None


class DimensionScoreOut(PartScoreOut):
    subdimensions: list[PartScoreOut]


class ScoreOut(Out):
    total: float | None = Field(description="0-100, higher meaning more vulnerable; null before any scored answer.")
    dimensions: list[DimensionScoreOut]


class SubmissionOut(AssignmentRowOut):
    reviewed_at: datetime.datetime | None
    review_note: str
    answers: list[AnswerOut]
    score: ScoreOut


class SubmissionIn(Schema):
    region: RegionCode = Field(description="The kab/kota whose questionnaire this is.")
    answers: dict[Code, AnswerValue | None] = Field(
        default_factory=dict, max_length=500, description="{indicator code: value}; null clears an answer."
    )
    notes: dict[Code, Annotated[str, Field(max_length=5000)]] = Field(default_factory=dict, max_length=500)
    submit: bool = Field(False, description="Submit for review after saving (every required question answered).")
