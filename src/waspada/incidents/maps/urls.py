from django.urls import path

from waspada.incidents.maps import views

# Included under "incidents/" in the "incidents" namespace, before the list's own routes.
urlpatterns = [
    path("map/", views.incident_map, name="map"),
    path("map.png", views.incident_map_png, name="map_png"),
    path("summary/", views.incident_summary, name="summary"),
    path("summary/card/", views.region_card, name="summary_card"),
]
