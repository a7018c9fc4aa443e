"""Page forms of the cycle pages: they turn the posted fields into the services' inputs (cycles.py checks them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.elections.cycles import CycleInput, StageInput
from waspada.elections.models import AppliesTo, Election, ElectionKind, Stage, StageTag


class CycleForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, required=False,
                           help_text=_("Lower-case letters, digits and _, e.g. psu_2027. Fixed once saved."))
    kind = forms.ChoiceField(label=_("Kind"), choices=ElectionKind.choices)
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    applies_to = forms.ChoiceField(label=_("Stages apply to"), choices=[("", _("Default for the kind")),
                                                                        *AppliesTo.choices], required=False)
    regions = forms.CharField(label=_("Region codes"), required=False,
                              help_text=_("For a re-vote or a follow-up election: codes separated by commas."))
    voting_day = forms.DateField(label=_("Voting day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    provisional = forms.BooleanField(label=_("Dates are provisional"), required=False, initial=True)
    source_note_id = forms.CharField(label=_("Source of the dates (Indonesian)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    source_note_en = forms.CharField(label=_("Source of the dates (English)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_election(cls, election: Election) -> CycleForm:
        return cls(initial={"code": election.code, "kind": election.kind, "name_id": election.name_id,
                            "name_en": election.name_en, "applies_to": election.applies_to,
                            "regions": ", ".join(election.regions), "voting_day": election.voting_day,
                            "provisional": election.provisional, "source_note_id": election.source_note_id,
                            "source_note_en": election.source_note_en})  # fmt: skip

    def to_input(self) -> CycleInput:
        data = self.cleaned_data
        regions = [code.strip() for code in data["regions"].replace(";", ",").split(",") if code.strip()]
        return CycleInput(code=data["code"].strip(), kind=data["kind"], name_id=data["name_id"],
                          name_en=data["name_en"], applies_to=data["applies_to"], voting_day=data["voting_day"],
                          regions=regions, source_note_id=data["source_note_id"],
                          source_note_en=data["source_note_en"], provisional=data["provisional"])  # fmt: skip


class StageForm(forms.Form):
    name_id = forms.CharField(label=_("Stage name (Indonesian)"), max_length=300)
    name_en = forms.CharField(label=_("Stage name (English)"), max_length=300, required=False)
    tag = forms.ChoiceField(label=_("Stage tag"), choices=[])
    start = forms.DateField(label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Free text in your language; readers see it as written, in both languages."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["tag"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(tag.code, tag.label) for tag in StageTag.objects.exclude(code="luar_tahapan")]

    @classmethod
    def for_stage(cls, stage: Stage) -> StageForm:
        return cls(initial={"name_id": stage.name_id, "name_en": stage.name_en, "tag": stage.tag_id,
                            "start": stage.start, "end": stage.end, "note": stage.note_text})  # fmt: skip

    def to_input(self) -> StageInput:
        data = self.cleaned_data
        return StageInput(name_id=data["name_id"], tag=data["tag"], name_en=data["name_en"], start=data["start"],
                          end=data["end"], note=data["note"])  # fmt: skip


class SheetForm(forms.Form):
    file = forms.FileField(label=_("Stage sheet (XLSX)"))
