from django.urls import path

from waspada.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", views.round_list, name="rounds"),
    path("monitoring/rounds/new/", views.round_open, name="round_open"),
    path("monitoring/rounds/<int:pk>/board/", views.board_page, name="board"),
    path("monitoring/rounds/<int:pk>/import/", views.round_import, name="round_import"),
    path("monitoring/assignments/<int:pk>/", views.assignment_page, name="assignment"),
    path("monitoring/answers/<int:pk>/evidence/", views.evidence_download, name="evidence"),
    path("monitoring/answers/<int:pk>/history/", views.answer_history, name="answer_history"),
]
