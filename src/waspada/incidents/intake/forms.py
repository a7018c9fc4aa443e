"""The upload form: which kind of data, and the file (the importer checks its content, not its name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.incidents.intake.importer import MAX_BYTES, MAX_ROWS
from waspada.incidents.models import ImportKind


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportKind.choices,
                             initial=ImportKind.INCIDENTS, widget=forms.RadioSelect)  # fmt: skip
    file = forms.FileField(
        label=gettext_lazy("XLSX or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-"
                                                         "officedocument.spreadsheetml.sheet"}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(rows)d rows and %(mb)d MB. The first sheet is read; row 1 holds the headers."
        ) % {"rows": MAX_ROWS, "mb": MAX_BYTES // (1024 * 1024)}


class HistoryForm(forms.Form):
    """An outside dataset's export as downloaded (docs/history.md): which dataset wrote it, and the file."""

    source = forms.ChoiceField(
        label=gettext_lazy("Which dataset wrote the file"),
        initial="acled",
        choices=(("acled", "ACLED"), ("ucdp", "UCDP GED")),
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("XLSX or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-"
                                                         "officedocument.spreadsheetml.sheet"}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(rows)d rows and %(mb)d MB; larger exports go through the command line (waspada history import)."
        ) % {"rows": MAX_ROWS, "mb": MAX_BYTES // (1024 * 1024)}
