from django.urls import path

from waspada.elections import views

app_name = "elections"
urlpatterns = [
    path("elections/", views.timeline, name="timeline"),
    path("elections/contests/<str:code>/", views.region_contests, name="contests"),
]
