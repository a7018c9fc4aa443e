from django.urls import path

from waspada.accounts import twofactor, views

app_name = "accounts"
urlpatterns = [
    path("accounts/users/", views.user_list, name="user_list"),
    path("accounts/users/new/", views.user_create, name="user_create"),
    path("accounts/users/import/", views.user_import, name="user_import"),
    path("accounts/users/import/template.xlsx", views.user_import_template, name="user_import_template"),
    path("accounts/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("accounts/users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("accounts/users/<int:pk>/password-reset/", views.user_reset_password, name="user_reset_password"),
    path("accounts/me/", views.account, name="account"),
    path("accounts/me/email/", views.email_change, name="email_change"),
    path("accounts/me/email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("accounts/me/password/", views.password_change, name="password_change"),
    path("accounts/me/tokens/", views.token_create, name="token_create"),
    path("accounts/me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("accounts/2fa/", twofactor.setup, name="2fa"),
    path("accounts/2fa/verify/", twofactor.verify, name="2fa_verify"),
    path("accounts/2fa/disable/", twofactor.disable, name="2fa_disable"),
]
