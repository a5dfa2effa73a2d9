from django.urls import path, re_path

from . import views

app_name = "reports"
FORMAT = r"(?P<format>html|pdf|docx|xlsx)"
urlpatterns = [
    path("udmoentninger/<int:plan_pk>/", views.plan_reports, name="plan_reports"),
    re_path(rf"^udmoentninger/(?P<plan_pk>\d+)/udmoentning\.{FORMAT}$", views.plan_report, name="plan_report"),
    re_path(
        rf"^udmoentninger/(?P<plan_pk>\d+)/opfoelgning-(?P<ordinal>\d+)\.{FORMAT}$",
        views.followup_report,
        name="followup_report",
    ),
    re_path(
        r"^valgperioder/(?P<term_pk>\d+)/status\.(?P<format>pdf|docx|xlsx)$", views.term_report, name="term_report"
    ),
    path("koersler/<uuid:job_id>/", views.job_status, name="job"),
    path("koersler/<uuid:job_id>/hent/", views.job_download, name="job_download"),
]
