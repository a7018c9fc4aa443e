"""The four-eyes rule per office: whether the person who reported an incident may also verify it.

An office is the Kesbangpol of a region. A kab/kota without its own row follows its province, a province
without one follows the national row (region empty), and with no row at all the rule is on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewRule(models.Model):
    # A province or kab/kota code; empty for the national default. One row per office.
    region_code = models.CharField(_("office (region code)"), max_length=5, unique=True, blank=True,
                                   help_text=_("A province (32) or kab/kota (32.73) code; empty: the national "
                                               "default."))  # fmt: skip
    four_eyes = models.BooleanField(
        _("four-eyes rule"), default=True,
        help_text=_("On: nobody verifies an incident they reported themselves; another officer must."))  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   editable=False, related_name="+")  # fmt: skip

    class Meta:
        ordering = ["region_code"]
        verbose_name = _("review rule")
        verbose_name_plural = _("review rules")

    def __str__(self) -> str:
        return str(self.region_code or _("national default"))
