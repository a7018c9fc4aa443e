"""The admin app with Waspada's site (kept apart: one default AppConfig per module)."""

from django.contrib.admin.apps import AdminConfig


class WaspadaAdminConfig(AdminConfig):
    """The Django admin, open only to national admins (and their second factor when required)."""

    default_site = "waspada.accounts.admin_site.WaspadaAdminSite"
