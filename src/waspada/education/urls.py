from django.urls import path

from waspada.education import views

app_name = "education"
urlpatterns = [
    path("education/", views.activity_list, name="list"),
    path("education/new/", views.activity_create, name="create"),
    path("education/coverage/", views.coverage_page, name="coverage"),
    path("education/import/", views.import_page, name="import"),
    path("education/import/template.xlsx", views.import_template, name="import_template"),
    path("education/export/", views.export, name="export"),
    path("education/<int:pk>/", views.activity_detail, name="detail"),
    path("education/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("education/photos/<int:pk>/", views.photo, name="photo"),
]
