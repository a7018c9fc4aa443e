from django.urls import path

from waspada.core.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.event_list, name="list"),
    path("audit/export.csv", views.export_csv, name="export_csv"),
    path("audit/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
