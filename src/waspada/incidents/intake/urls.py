"""Bulk import pages under incidents/import/ (names in the "incidents" namespace)."""

from django.urls import path

from waspada.incidents.intake import views

urlpatterns = [
    path("", views.import_page, name="import"),
    path("template/", views.import_template, name="import_template"),
    path("history/", views.history_page, name="import_history"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
]
