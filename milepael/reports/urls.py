from django.urls import path, re_path

from . import views

app_name = "reports"
# Any format word: the renderer registry (reports.renderers) decides, and the view answers
# 404 for a format no renderer has.
FORMAT = r"(?P<format>[a-z]+)"
urlpatterns = [
    path("udmoentninger/<int:plan_pk>/", views.plan_reports, name="plan_reports"),
    path("udmoentninger/<int:plan_pk>/dan/", views.generate, name="generate"),
    re_path(rf"^udmoentninger/(?P<plan_pk>\d+)/udmoentning\.{FORMAT}$", views.plan_report, name="plan_report"),
    re_path(
        rf"^udmoentninger/(?P<plan_pk>\d+)/opfoelgning-(?P<ordinal>\d+)\.{FORMAT}$",
        views.followup_report,
        name="followup_report",
    ),
    re_path(
        rf"^aftaler/(?P<agreement_pk>\d+)/opfoelgning-(?P<ordinal>\d+)\.{FORMAT}$",
        views.agreement_report,
        name="agreement_report",
    ),
    re_path(rf"^valgperioder/(?P<term_pk>\d+)/status\.{FORMAT}$", views.term_report, name="term_report"),
    path("koersler/<uuid:job_id>/", views.job_status, name="job"),
    path("koersler/<uuid:job_id>/hent/", views.job_download, name="job_download"),
    path("koersler/<uuid:job_id>/igen/", views.regenerate, name="regenerate"),
]
