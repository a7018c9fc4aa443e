from django.urls import path

from waspada.alerts import views, views_maps, views_register, views_subscriptions

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.alert_list, name="list"),
    path("alerts/<int:pk>/", views.alert_detail, name="detail"),
    path("alerts/<int:pk>/respond/", views.alert_respond, name="respond"),
    path("alerts/register/", views_register.register_list, name="register"),
    path("alerts/register/new/", views_register.register_create, name="register_create"),
    path("alerts/register/export.csv", views_register.register_export_csv, name="register_export_csv"),
    path("alerts/register/export.xlsx", views_register.register_export_xlsx, name="register_export_xlsx"),
    path("alerts/register/<int:pk>/", views_register.register_detail, name="register_detail"),
    path("alerts/register/<int:pk>/edit/", views_register.register_edit, name="register_edit"),
    path("alerts/regions/<str:code>/", views_maps.region_timeline, name="region"),
    path("alerts/map/", views_maps.level_map, name="map"),
    path("alerts/forecasts/", views_maps.forecast_map, name="forecasts"),
    path("alerts/forecasts/<str:code>/", views_maps.forecast_region, name="forecast_region"),
    path("alerts/subscriptions/", views_subscriptions.subscription_list, name="subscriptions"),
    path("alerts/subscriptions/<int:pk>/", views_subscriptions.subscription_edit, name="subscription_edit"),
    path("alerts/subscriptions/<int:pk>/delete/", views_subscriptions.subscription_delete, name="subscription_delete"),
]
