from django.urls import include, path

from .views import calendar, overview, pages, plan, rating, review, rounds, worklist

app_name = "followup"
round_urls = [
    path("", rounds.rounds_index, name="rounds"),
    path("runder/<int:pk>/", rounds.round_detail, name="round"),
    path("runder/<int:pk>/aabn/", rounds.round_action, {"action": "open"}, name="round_open"),
    path("runder/<int:pk>/luk/", rounds.close_round, name="round_close"),
    path("runder/<int:pk>/genaabn/", rounds.round_action, {"action": "reopen"}, name="round_reopen"),
    path("runder/<int:pk>/paamind/", rounds.remind, name="remind"),
    path("runder/<int:pk>/arbejdsliste/", worklist.worklist, name="worklist"),
    path("runder/<int:pk>/arbejdsliste/<int:initiative_pk>/", worklist.worklist_row, name="worklist_row"),
    path("runder/<int:pk>/gennemgang/", review.review, name="review"),
    path("runder/<int:pk>/gennemgang/godkend/", review.approve_selected, name="approve_selected"),
    path("runder/<int:pk>/indsatser/<int:initiative_pk>/", rating.rate, name="rate"),
    path("runder/<int:pk>/indsatser/<int:initiative_pk>/svar/", rating.answer, name="answer"),
    path("runder/<int:pk>/indsatser/<int:initiative_pk>/forventet/", rating.expected_result, name="expected_result"),
    path("vurderinger/<int:rating_pk>/godkend/", review.review_action, {"action": "approve"}, name="approve"),
    path("vurderinger/<int:rating_pk>/retur/", review.review_action, {"action": "return"}, name="return"),
    path("udmoentninger/<int:plan_pk>/smileys/", pages.plan_smileys, name="plan_smileys"),
    path(
        "udmoentninger/<int:plan_pk>/smileys/temaer/<int:number>/", pages.plan_smileys_theme, name="plan_smileys_theme"
    ),
    path("indsatser/<int:initiative_pk>/oekonomi/", pages.economy_revision, name="economy_revision"),
    path("kalender/", calendar.calendar_links, name="calendar_links"),
    path("kalender/nyt-link/", calendar.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>.ics", calendar.deadline_calendar, name="calendar"),
]
urlpatterns = [
    path("opfoelgning/", include(round_urls)),
    path("overblik/", overview.overview_home, name="overview_home"),
    path("aftaler/<int:pk>/", overview.agreement, name="agreement"),
    path("aftaler/<int:pk>/diagram/<slug:name>.svg", overview.agreement_chart, name="agreement_chart"),
    # The plan page shows the economy in force (revisions are follow-up records), so it moved here.
    path("udmoentninger/<int:pk>/", plan.plan_detail, name="plan"),
    path("udmoentninger/<int:pk>/temaer/<int:number>/", plan.plan_theme, name="plan_theme"),
    path("udmoentninger/<int:plan_pk>/overblik/", overview.overview, name="overview"),
    path(
        "udmoentninger/<int:plan_pk>/overblik/diagram/<slug:name>.svg", overview.overview_chart, name="overview_chart"
    ),
    # The initiative page keeps the address it had under the plan (/udmoentninger/<plan>/indsatser/<number>/):
    # it moved to followup because it shows ratings and history, and bookmarks and links in sent
    # e-mails and reports must keep working without a redirect.
    path("udmoentninger/<int:plan_pk>/indsatser/<str:number>/", pages.initiative_detail, name="initiative"),
]
