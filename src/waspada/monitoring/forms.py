"""Page forms of the monitoring pages: they turn the posted fields into the services' inputs (services.py and
submissions_import.py check them and name each problem)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.elections.models import Election, Stage
from waspada.monitoring.models import InstrumentVersion, VersionStatus


class VersionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.instrument.name_id} (v{obj.number})"


class StageChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.election.name} – {obj.name}"


class OpenRoundForm(forms.Form):
    """Opening a round: instrument version, title, period, deadline, election cycle and stage, regions."""

    version = VersionChoice(
        label=_("Instrument version"), empty_label=None,
        queryset=InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("instrument")
        .order_by("instrument__code", "-number"),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateTimeField(label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])  # fmt: skip
    election = forms.ModelChoiceField(label=_("Election cycle"), required=False, empty_label="—",
                                      queryset=Election.objects.order_by("position", "code"))  # fmt: skip
    stage = StageChoice(label=_("Stage"), required=False, empty_label="—",
                        queryset=Stage.objects.select_related("election").order_by("election__position",
                                                                                   "election", "position"))  # fmt: skip
    regions = forms.CharField(
        label=_("Regions covered"), required=False, max_length=4000,
        help_text=_("Codes separated by commas (a province code stands for all its regencies/cities); "
                    "empty: every regency/city in your area."),
    )  # fmt: skip

    def region_codes(self) -> list[str] | None:
        text = self.cleaned_data.get("regions") or ""
        codes = [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]
        return codes or None


class ImportSubmissionsForm(forms.Form):
    file = forms.FileField(label=_("KoBoToolbox or ODK Central export (CSV or XLSX)"))
