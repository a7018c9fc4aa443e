from django.urls import path

from waspada.risk import views

app_name = "risk"
urlpatterns = [
    path("index/", views.index_map, name="map"),
    path("index/ranking/", views.ranking, name="ranking"),
    path("index/compare/", views.compare, name="compare"),
    path("index/regions/<str:code>/", views.region_detail, name="region"),
    path("index/export.csv", views.export_csv, name="export_csv"),
    path("index/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("index/map.png", views.map_png, name="map_png"),
]
