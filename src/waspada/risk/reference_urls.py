"""The published editions and Waspada's index beside each (/index/references/); mounted from waspada/urls.py."""

from django.urls import path

from waspada.risk import reference_views

app_name = "risk_reference"
urlpatterns = [
    path("index/references/", reference_views.editions, name="list"),
    path("index/references/<str:code>/", reference_views.edition, name="detail"),
]
