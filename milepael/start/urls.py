from django.urls import path

from . import views

app_name = "start"
urlpatterns = [
    path("", views.home, name="home"),
    path("forside/overblik.svg", views.overview_chart, name="overview_chart"),
]
