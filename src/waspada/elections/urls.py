from django.urls import path

from waspada.elections import cycle_views, views

app_name = "elections"
urlpatterns = [
    path("elections/", views.timeline, name="timeline"),
    path("elections/contests/<str:code>/", views.region_contests, name="contests"),
    path("elections/cycles/", cycle_views.cycle_list, name="cycles"),
    path("elections/cycles/new/", cycle_views.cycle_create, name="cycle_create"),
    path("elections/cycles/stage-sheet.xlsx", cycle_views.stage_sheet_template, name="stage_sheet_template"),
    path("elections/cycles/<str:code>/", cycle_views.cycle_edit, name="cycle_edit"),
    path("elections/cycles/<str:code>/confirm/", cycle_views.cycle_confirm, name="cycle_confirm"),
    path("elections/cycles/<str:code>/sheet/", cycle_views.stage_sheet, name="stage_sheet"),
    path("elections/cycles/<str:code>/stages/new/", cycle_views.stage_edit, name="stage_create"),
    path("elections/cycles/<str:code>/stages/<int:pk>/", cycle_views.stage_edit, name="stage_edit"),
    path("elections/cycles/<str:code>/stages/<int:pk>/delete/", cycle_views.stage_delete, name="stage_delete"),
]
