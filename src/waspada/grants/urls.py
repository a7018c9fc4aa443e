from django.urls import path

from waspada.grants import views

app_name = "grants"
urlpatterns = [
    path("hibah/", views.board_page, name="board"),
    path("hibah/<int:pk>/", views.agreement_page, name="agreement"),
    path("hibah/dokumen/<int:pk>/", views.document_download, name="document"),
    path("hibah/ekspor.xlsx", views.export_xlsx, name="export"),
    path("hibah/impor/", views.import_xlsx, name="import"),
]
