from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("udmoentning/", views.import_plan_view, name="import_plan"),
    path("udmoentning/koersler/<uuid:job_id>/", views.import_job_view, name="import_job"),
    path("udmoentninger/<int:pk>/excel/", views.export_plan_xlsx_view, name="export_plan_xlsx"),
    path(
        "runder/<int:round_pk>/udmoentninger/<int:plan_pk>/vurderinger.xlsx",
        views.export_ratings_xlsx_view,
        name="export_ratings_xlsx",
    ),
    path("indsatser/<int:initiative_pk>/beloeb/", views.economy_suggestion_view, name="economy_suggestion"),
    path("runder/<int:round_pk>/vurderinger/", views.import_ratings_view, name="import_ratings"),
    path("aftaler/<int:agreement_pk>/skelet/", views.import_skeleton_view, name="import_skeleton"),
    path("aftaler/skelet-skabelon.xlsx", views.skeleton_template_view, name="skeleton_template"),
]
