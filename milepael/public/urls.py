from django.urls import path

from . import manage_views, views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("udmoentninger/<int:plan_pk>/", views.plan_page, name="plan"),
    path("udmoentninger/<int:plan_pk>/temaer/<int:theme_number>/", views.theme_page, name="theme"),
    path("udmoentninger/<int:plan_pk>/temaer/<int:theme_number>/raekker/", views.theme_rows, name="theme_rows"),
    path("udmoentninger/<int:plan_pk>/indsatser/<str:number>/", views.initiative_page, name="initiative"),
    path("udmoentninger/<int:plan_pk>/data.<str:fmt>", views.plan_data, name="plan_data"),
    path("aabne-data/", views.open_data, name="open_data"),
    path("feed/", views.feed, name="feed"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    # Administrators only (the internal layout, never cached).
    path("administration/", manage_views.manage, name="manage"),
    path("administration/runder/<int:pk>/offentliggoer/", manage_views.publish, name="publish"),
    path(
        "administration/runder/<int:pk>/tilbagetraek/",
        manage_views.manage_action,
        {"action": "unpublish"},
        name="unpublish",
    ),
    path("administration/runder/<int:pk>/kommentarer/", manage_views.manage_comments, name="manage_comments"),
]
