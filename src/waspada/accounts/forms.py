"""Account forms. The scope region is typed as a code (there are 90,000 regions), checked against the table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from waspada.accounts.models import User
from waspada.core.scope import Role
from waspada.regions.models import Region


class RegionCodeField(forms.CharField):
    def to_python(self, value: Any) -> Region | None:  # type: ignore[override]
        code = (super().to_python(value) or "").strip()
        if not code:
            return None
        region = Region.objects.filter(code=code, is_active=True).first()
        if region is None:
            raise forms.ValidationError(_("No region has code %(code)s."), params={"code": code})
        return region

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Region) else value


class UserForm(forms.Form):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+\Z",
                                help_text=_("Letters, digits and @/./+/-/_ only."))  # fmt: skip
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("The set-password link is sent here."))  # fmt: skip
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))
    scope_region = RegionCodeField(label=_("Scope region code"), required=False,
                                   widget=forms.TextInput(attrs={"maxlength": 16, "inputmode": "decimal"}),
                                   help_text=_("For example 32.73 for Kota Bandung; empty for national roles."),
                                   )  # fmt: skip
    is_external = forms.BooleanField(label=_("Outside government (viewers)"), required=False)

    def __init__(self, *args: Any, roles: list[str], instance: User | None = None, email_editable: bool = True,
                 **kwargs: Any) -> None:  # fmt: skip
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": instance.username, "email": instance.email, "first_name": instance.first_name,
                "last_name": instance.last_name, "role": instance.role, "scope_region": instance.scope_region,
                "is_external": instance.is_external,
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.instance = instance
        role_field: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        role_field.choices = [(value, label) for value, label in Role.choices if value in roles]
        if instance is not None and not email_editable:
            # A disabled field keeps its initial value whatever is posted (the service refuses a change too).
            email = self.fields["email"]
            email.disabled = True
            email.help_text = _("Only the account's owner (confirmed from the old address) or a national admin "
                                "may change it.")  # fmt: skip

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The username %(username)s is taken."), params={"username": username})
        return username


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New e-mail address"), max_length=254)
    password = forms.CharField(label=_("Current password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))  # fmt: skip


class UserImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"), help_text=_("Use the template; at most 2,000 rows."))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)


class TotpForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code"), regex=r"^\s*\d{6}\s*$", max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )  # fmt: skip


class SetPasswordLinkForm(PasswordResetForm):
    """Django's reset form, but accounts created without a password (onboarding, office reset) get links too."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True))


class OneAccountLinkForm(SetPasswordLinkForm):
    """A link for one account, even when colleagues share its e-mail address."""

    def __init__(self, user: User) -> None:
        super().__init__({"email": user.email})
        self.account = user

    def get_users(self, email: str) -> Iterator[Any]:
        return iter([self.account] if self.account.is_active else [])
