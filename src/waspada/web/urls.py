from django.urls import path

from waspada.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("national/", views.national_map, name="national_map"),
    path("help/", views.help_page, name="help"),
    # login/ and logout/ live in waspada.accounts.auth_urls
]
