from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
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
