from django.urls import include, path

from . import views

app_name = "followup"
rounds = [
    path("", views.rounds_index, name="rounds"),
    path("runder/<int:pk>/", views.round_detail, name="round"),
    path("runder/<int:pk>/aabn/", views.round_action, {"action": "open"}, name="round_open"),
    path("runder/<int:pk>/luk/", views.round_action, {"action": "close"}, name="round_close"),
    path("runder/<int:pk>/genaabn/", views.round_action, {"action": "reopen"}, name="round_reopen"),
    path("runder/<int:pk>/arbejdsliste/", views.worklist, name="worklist"),
    path("runder/<int:pk>/gennemgang/", views.review, name="review"),
    path("runder/<int:pk>/indsatser/<int:initiative_pk>/", views.rate, name="rate"),
    path("vurderinger/<int:rating_pk>/godkend/", views.review_action, {"action": "approve"}, name="approve"),
    path("vurderinger/<int:rating_pk>/retur/", views.review_action, {"action": "return"}, name="return"),
    path("udmoentninger/<int:plan_pk>/smileys/", views.plan_smileys, name="plan_smileys"),
    path("indsatser/<int:initiative_pk>/oekonomi/", views.economy_revision, name="economy_revision"),
    path("kalender/", views.calendar_links, name="calendar_links"),
    path("kalender/<str:token>.ics", views.deadline_calendar, name="calendar"),
]
urlpatterns = [
    path("opfoelgning/", include(rounds)),
    # The initiative page keeps the address it had under the plan (/udmoentninger/<plan>/indsatser/<number>/):
    # it moved to followup because it shows ratings and history, and bookmarks and links in sent
    # e-mails and reports must keep working without a redirect.
    path("udmoentninger/<int:plan_pk>/indsatser/<str:number>/", views.initiative_detail, name="initiative"),
]
