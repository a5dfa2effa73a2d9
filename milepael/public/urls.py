from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("udmoentninger/<int:plan_pk>/", views.plan, name="plan"),
    path("udmoentninger/<int:plan_pk>/indsatser/<str:number>/", views.initiative, name="initiative"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    # Administrators only (the internal layout, never cached).
    path("administration/", views.manage, name="manage"),
    path("administration/runder/<int:pk>/offentliggoer/", views.manage_action, {"action": "publish"}, name="publish"),
    path(
        "administration/runder/<int:pk>/tilbagetraek/", views.manage_action, {"action": "unpublish"}, name="unpublish"
    ),
    path("administration/runder/<int:pk>/kommentarer/", views.manage_comments, name="manage_comments"),
]
