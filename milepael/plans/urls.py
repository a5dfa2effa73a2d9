from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("udmoentninger/", views.home, name="home"),
    path("udmoentninger/<int:pk>/viderefoer/", views.carry_over, name="carry_over"),
]
