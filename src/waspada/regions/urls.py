from django.urls import path

from waspada.regions import lookup_views, views

app_name = "regions"
urlpatterns = [
    path("regions/search/", views.region_search, name="search"),
    path("regions/lookup/<slug:kind>/", lookup_views.place_lookup, name="lookup"),
    path("regions/layers/<slug:key>.geojson", views.boundary_layer, name="layer"),
    path("regions/<str:code>/", views.region_detail, name="detail"),
]
