"""The report form (mobile first: one column, native inputs, works without JavaScript) and the small forms
of the detail page. Forms only shape input (an IncidentInput); the actions check the rules and write."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import NATIONAL_ROLES, Sensitivity, scope_of
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
from waspada.regions import lookup
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

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
    """The kab/kota a user may report in, by name: its own, its province's, or all (national, with the
    province named)."""
    code = scope_of(user).region_code
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("province_code", "name")
    if code:
        rows = rows.filter(code=code) if code.count(".") == 1 else rows.filter(province_code=code[:2])
        return [(region.code, region.name) for region in rows.only("code", "name")]
    provinces = dict(Region.objects.filter(level=Level.PROVINCE).values_list("code", "name"))
    return [(region.code, f"{region.name} — {provinces.get(region.province_code, region.province_code)}")
            for region in rows.only("code", "name", "province_code")]  # fmt: skip


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    occurred_time = forms.TimeField(label=_("Local time"), required=False,
                                    widget=forms.TimeInput(attrs={"type": "time"}))  # fmt: skip
    time_precision = forms.ChoiceField(label=_("Date precision"), choices=TimePrecision.choices,
                                       initial=TimePrecision.DAY)  # fmt: skip
    region = forms.ChoiceField(label=_("Regency/city (kab/kota)"), required=False)
    # Chosen by name (typeahead, regions.lookup); the code travels in the hidden field beside it. Without
    # JavaScript the typed name is matched on the server.
    kecamatan_name = forms.CharField(label=_("Kecamatan"), required=False, max_length=200, widget=forms.TextInput(
        attrs={"autocomplete": "off", "data-lookup": "kecamatan", "placeholder": _("Type the name")}))  # fmt: skip
    kecamatan = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    desa_name = forms.CharField(label=_("Desa/kelurahan"), required=False, max_length=200, widget=forms.TextInput(
        attrs={"autocomplete": "off", "data-lookup": "desa", "placeholder": _("Type the name")}))  # fmt: skip
    desa = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    lat = forms.FloatField(label=_("Latitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    lng = forms.FloatField(label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
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
        regions = region_choices(user)
        choice_fields["region"].choices = BLANK + regions
        scope = scope_of(user)
        if scope.role is not None and scope.role not in NATIONAL_ROLES:
            self.fields["region"].required = True  # offices place what they report; the national desk may not
        if len(regions) == 1 and not self.initial.get("region"):
            self.initial["region"] = regions[0][0]  # a kab/kota officer's only region
        types = list(EventType.objects.prefetch_related("subtypes"))
        choice_fields["event_type"].choices = BLANK + [(t.code, _label(t)) for t in types]
        # Without JavaScript every sub-type shows, grouped under its type; the script keeps the chosen type's.
        self.subtypes = {t.code: [[s.code, _label(s)] for s in t.subtypes.all()] for t in types}
        self.type_labels = {t.code: _label(t) for t in types}
        choice_fields["event_subtype"].choices = BLANK + [
            (_label(t), [(s.code, _label(s)) for s in t.subtypes.all()]) for t in types
        ]
        for prefix in ("kecamatan", "desa"):  # an edit shows the place's name, never its code
            code = self.initial.get(prefix)
            if code and not self.initial.get(f"{prefix}_name"):
                self.initial[f"{prefix}_name"] = Region.objects.filter(code=code).values_list(
                    "name", flat=True).first() or ""  # fmt: skip
        for field in self.fields.values():
            if field.required and not field.widget.is_hidden:
                field.widget.attrs["aria-required"] = "true"
        actors = BLANK + [(a.code, _label(a)) for a in ActorType.objects.all()]
        choice_fields["actor_type"].choices = choice_fields["actor2_type"].choices = actors
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex
        self.editing = editing
        if editing:
            for name in ("source_kind", "source_reliability", "source_name", "source_url", "informant_name",
                         "informant_contact", "anonymous", "files", "idempotency_key"):  # fmt: skip
                self.fields.pop(name)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data
        type_code, sub_code = data.get("event_type"), data.get("event_subtype")
        if type_code and sub_code and sub_code not in {code for code, _ in self.subtypes.get(type_code, [])}:
            self.add_error("event_subtype", _("This sub-type does not belong to “%(type)s”: choose one of its "
                                              "sub-types or leave it empty.") % {"type": self.type_labels[type_code]})
        self._place("kecamatan", data.get("region") or "", data)
        self._place("desa", data.get("kecamatan") or "", data)
        return data

    def _place(self, kind: str, parent: str, data: dict[str, Any]) -> None:
        """The code of the kecamatan or desa named in the form, checked to lie in its parent region."""
        code, name = (data.get(kind) or "").strip(), (data.get(f"{kind}_name") or "").strip()
        what = _("kecamatan") if kind == "kecamatan" else _("desa/kelurahan")
        if not code and not name:
            data[kind] = ""
            return
        if not parent:
            data[kind] = ""
            self.add_error(f"{kind}_name", _("Choose the %(parent)s first.") % {
                "parent": _("regency/city") if kind == "kecamatan" else _("kecamatan")})  # fmt: skip
            return
        place, several = (lookup.within(kind, code, parent), []) if code else lookup.resolve(kind, parent, name)
        if several:
            self.add_error(f"{kind}_name", _("“%(name)s” matches several: %(names)s. Type the full name.") % {
                "name": name, "names": ", ".join(p.name for p in several)})  # fmt: skip
            data[kind] = ""
            return
        if place is None:
            parent_name = Region.objects.filter(code=parent).values_list("name", flat=True).first() or parent
            self.add_error(f"{kind}_name", _("No %(what)s named “%(name)s” in %(parent)s.") % {
                "what": what, "name": name or code, "parent": parent_name})  # fmt: skip
            data[kind] = ""
            return
        data[kind], data[f"{kind}_name"] = place.code, place.name

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
