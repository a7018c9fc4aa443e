"""The report form (mobile first: one column, native inputs, works without JavaScript) and the small forms
of the detail page. Forms only shape input (an IncidentInput); the actions check the rules and write."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import Sensitivity, scope_of
from waspada.incidents.inputs import SCALAR_FIELDS, ActorInput, IncidentInput, SourceInput
from waspada.incidents.models import (
    ActionStatus,
    ActorSide,
    ActorType,
    EventType,
    GeoPrecision,
    Reliability,
    SourceKind,
    TimePrecision,
)
from waspada.regions.models import KABKOTA_LEVELS, Region

BLANK: list[tuple[str, Any]] = [("", "—")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _label(obj: Any) -> str:
    return str(obj.label)


def region_choices(user: Any) -> list[tuple[str, str]]:
    """The kab/kota a user may report in: its own, its province's, or all (national)."""
    code = scope_of(user).region_code
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code")
    if code:
        rows = rows.filter(code=code) if code.count(".") == 1 else rows.filter(province_code=code[:2])
    return [(region.code, f"{region.code} {region.name}") for region in rows.only("code", "name")]


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    occurred_time = forms.TimeField(label=_("Local time"), required=False,
                                    widget=forms.TimeInput(attrs={"type": "time"}))  # fmt: skip
    time_precision = forms.ChoiceField(label=_("Date precision"), choices=TimePrecision.choices,
                                       initial=TimePrecision.DAY)  # fmt: skip
    region = forms.ChoiceField(label=_("Regency/city (kab/kota)"), required=False)
    kecamatan = forms.CharField(label=_("Kecamatan code"), required=False, max_length=16)
    desa = forms.CharField(label=_("Desa/kelurahan code"), required=False, max_length=16)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lng = forms.FloatField(label=_("Longitude"), required=False)
    geo_precision = forms.ChoiceField(label=_("Location precision"), choices=BLANK + GeoPrecision.choices,
                                      required=False)  # fmt: skip
    event_type = forms.ChoiceField(label=_("Event type"))
    event_subtype = forms.ChoiceField(label=_("Sub-type"), required=False)
    severity = forms.TypedChoiceField(label=_("Severity"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)],
                                      widget=forms.RadioSelect)  # fmt: skip
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), choices=Sensitivity.choices,
                                    initial=Sensitivity.INTER_AGENCY)  # fmt: skip
    dead = forms.IntegerField(label=_("Dead (empty = unknown)"), required=False, min_value=0)
    injured = forms.IntegerField(label=_("Injured (empty = unknown)"), required=False, min_value=0)
    people_involved = forms.IntegerField(label=_("People involved"), required=False, min_value=0)
    damage = forms.CharField(label=_("Damage"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    narrative = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    actor_type = forms.ChoiceField(label=_("Actor type"), required=False)
    actor_side = forms.ChoiceField(label=_("Side"), choices=ActorSide.choices, required=False)
    actor_name = forms.CharField(label=_("Actor name"), required=False, max_length=200)
    actor2_type = forms.ChoiceField(label=_("Second actor type"), required=False)
    actor2_side = forms.ChoiceField(label=_("Side"), choices=ActorSide.choices, required=False,
                                    initial=ActorSide.TARGET)  # fmt: skip
    actor2_name = forms.CharField(label=_("Second actor name"), required=False, max_length=200)
    source_kind = forms.ChoiceField(label=_("Source"), choices=BLANK + SourceKind.choices, required=False)
    source_reliability = forms.ChoiceField(label=_("Reliability"), choices=Reliability.choices, initial=Reliability.F,
                                           required=False)  # fmt: skip
    source_name = forms.CharField(label=_("Outlet or reference"), required=False, max_length=200)
    source_url = forms.CharField(label=_("URL"), required=False, max_length=500)
    informant_name = forms.CharField(label=_("Informant name (encrypted)"), required=False, max_length=200)
    informant_contact = forms.CharField(label=_("Informant contact (encrypted)"), required=False, max_length=200)
    anonymous = forms.BooleanField(label=_("Anonymous source"), required=False)
    files = MultipleFileField(label=_("Photos or PDF"), required=False)  # type: ignore[assignment]
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def __init__(self, *args: Any, user: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, forms.ChoiceField] = self.fields  # type: ignore[assignment]
        choice_fields["region"].choices = BLANK + region_choices(user)
        types = list(EventType.objects.prefetch_related("subtypes"))
        choice_fields["event_type"].choices = BLANK + [(t.code, _label(t)) for t in types]
        choice_fields["event_subtype"].choices = BLANK + [
            (_label(t), [(s.code, _label(s)) for s in t.subtypes.all()]) for t in types
        ]
        actors = BLANK + [(a.code, _label(a)) for a in ActorType.objects.all()]
        choice_fields["actor_type"].choices = choice_fields["actor2_type"].choices = actors
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex
        self.editing = editing
        if editing:
            for name in ("source_kind", "source_reliability", "source_name", "source_url", "informant_name",
                         "informant_contact", "anonymous", "files", "idempotency_key"):  # fmt: skip
                self.fields.pop(name)

    def incident_input(self) -> IncidentInput:
        """The cleaned values as the actions' input: every incident field the form has, the actors unless an
        edit left them untouched, the source when one is given."""
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) for name in SCALAR_FIELDS if name in self.fields}
        actor_fields = {f"{prefix}_{part}" for prefix in ("actor", "actor2") for part in ("type", "side", "name")}
        if not self.editing or actor_fields & set(self.changed_data):  # an edit leaves untouched actors alone
            values["actors"] = [
                ActorInput(actor_type=data[f"{prefix}_type"], side=data[f"{prefix}_side"] or ActorSide.INITIATOR,
                           name=data[f"{prefix}_name"])
                for prefix in ("actor", "actor2") if data.get(f"{prefix}_type")
            ]  # fmt: skip
        if "source_kind" in self.fields and data.get("source_kind"):
            values["sources"] = [SourceInput(
                kind=data["source_kind"], reliability=data["source_reliability"] or "F", name=data["source_name"],
                url=data["source_url"], anonymous=data["anonymous"], informant_name=data["informant_name"],
                informant_contact=data["informant_contact"])]  # fmt: skip
        return IncidentInput.of(values)


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=16)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    duplicate_of = forms.IntegerField(required=False, min_value=1)


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Photo or PDF"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/*,application/pdf"}))  # fmt: skip
