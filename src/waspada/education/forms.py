"""The activity form and the import form. Forms only shape input into an ActivityInput; the services check the
rules (validation.py) and write, and their refusals come back as the form's errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import scope_of
from waspada.education.inputs import ActivityInput
from waspada.education.validation import MAX_BUDGET, MAX_PARTICIPANTS, TEXT_LIMITS
from waspada.education.vocabulary import vocabulary
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

BLANK: list[tuple[str, str]] = [("", "—")]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


def region_choices(user: Any) -> list[tuple[str, str]]:
    """The provinces and kab/kota the user may record for: its own kab/kota, its province and that province's
    kab/kota, or every one (national)."""
    code = scope_of(user).region_code
    regions = Region.objects.filter(level__in=(Level.PROVINCE, *KABKOTA_LEVELS), is_active=True)
    if code:
        regions = regions.filter(code=code) if code.count(".") else regions.filter(province_code=code)
    rows = regions.order_by("province_code", "level", "name").values_list("code", "name", "level")
    return [(c, f"{name} ({c})" if level != Level.PROVINCE else f"{name} — {_('whole province')}")
            for c, name, level in rows]  # fmt: skip


def _choices(kind: str) -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in vocabulary().terms(kind)]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TEXT_LIMITS["title"])
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Leave empty for a one-day activity."))  # fmt: skip
    region = forms.ChoiceField(label=_("Region"))
    organiser = forms.CharField(label=_("Organiser"), max_length=TEXT_LIMITS["organiser"])
    activity_type = forms.ChoiceField(label=_("Activity type"))
    facilitation_form = forms.ChoiceField(label=_("Facilitation form"))
    target_groups = forms.MultipleChoiceField(label=_("Target groups"), widget=forms.CheckboxSelectMultiple)
    participants_male = forms.IntegerField(label=_("Male participants"), required=False, min_value=0,
                                           max_value=MAX_PARTICIPANTS)  # fmt: skip
    participants_female = forms.IntegerField(label=_("Female participants"), required=False, min_value=0,
                                             max_value=MAX_PARTICIPANTS)  # fmt: skip
    participants_total = forms.IntegerField(label=_("Participants in all"), required=False, min_value=0,
                                            max_value=MAX_PARTICIPANTS,
                                            help_text=_("Empty: men and women added up."))  # fmt: skip
    partners = forms.CharField(label=_("Partners"), required=False, max_length=TEXT_LIMITS["partners"],
                               help_text=_("For example KPU, Bawaslu, schools, universities."))  # fmt: skip
    budget_idr = forms.IntegerField(label=_("Budget (Rp)"), required=False, min_value=0, max_value=MAX_BUDGET)
    materials = forms.CharField(label=_("Materials"), required=False, max_length=TEXT_LIMITS["materials"],
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    outcome_notes = forms.CharField(
        label=_("Outcome notes"),
        required=False,
        max_length=TEXT_LIMITS["outcome_notes"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(label=_("Photos"), required=False,
                                help_text=_("JPEG, PNG or WebP; at most 10."))  # fmt: skip

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, Any] = self.fields
        choice_fields["region"].choices = BLANK + region_choices(user)
        choice_fields["activity_type"].choices = BLANK + _choices("activity_types")
        choice_fields["facilitation_form"].choices = BLANK + _choices("facilitation_forms")
        choice_fields["target_groups"].choices = _choices("target_groups")

    def to_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            title=data["title"], start_date=data["start_date"], end_date=data.get("end_date"), region=data["region"],
            organiser=data["organiser"], activity_type=data["activity_type"],
            facilitation_form=data["facilitation_form"], target_groups=list(data["target_groups"]),
            participants_male=data.get("participants_male"), participants_female=data.get("participants_female"),
            participants_total=data.get("participants_total"), partners=data.get("partners") or "",
            budget_idr=data.get("budget_idr"), materials=data.get("materials") or "",
            outcome_notes=data.get("outcome_notes") or "",
        )  # fmt: skip


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))  # fmt: skip
