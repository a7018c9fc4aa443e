"""Included at incidents/exports/ under the "incidents" namespace."""

from django.urls import path

from waspada.incidents.exports import views

urlpatterns = [
    path("", views.export_list, name="exports"),
    path("new/", views.export_create, name="export_create"),
    path("<uuid:pk>/download/", views.export_download, name="export_download"),
]
