from django.urls import include, path

from waspada.incidents import views

app_name = "incidents"
urlpatterns = [
    # Ways in and out and the map (issue 6): each area keeps its own url module, names stay in "incidents:".
    path("incidents/import/", include("waspada.incidents.intake.urls")),
    path("incidents/exports/", include("waspada.incidents.exports.urls")),
    path("incidents/", include("waspada.incidents.maps.urls")),
    path("incidents/", views.incident_list, name="list"),
    path("incidents/new/", views.incident_create, name="create"),
    path("incidents/queue/", views.review_queue, name="queue"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="edit"),
    path("incidents/<int:pk>/transition/", views.incident_transition, name="transition"),
    path("incidents/<int:pk>/informants/", views.incident_informants, name="informants"),
    path("incidents/<int:pk>/followups/", views.followup_add, name="followup_add"),
    path("incidents/followups/<int:pk>/", views.followup_update, name="followup_update"),
    path("incidents/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("incidents/attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
