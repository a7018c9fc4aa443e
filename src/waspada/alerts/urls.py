from django.urls import path

from waspada.alerts import views, views_subscriptions

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.alert_list, name="list"),
    path("alerts/<int:pk>/", views.alert_detail, name="detail"),
    path("alerts/<int:pk>/respond/", views.alert_respond, name="respond"),
    path("alerts/subscriptions/", views_subscriptions.subscription_list, name="subscriptions"),
    path("alerts/subscriptions/<int:pk>/", views_subscriptions.subscription_edit, name="subscription_edit"),
    path("alerts/subscriptions/<int:pk>/delete/", views_subscriptions.subscription_delete, name="subscription_delete"),
]
