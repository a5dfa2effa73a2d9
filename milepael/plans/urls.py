from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("udmoentninger/", views.home, name="home"),
    path("udmoentninger/<int:pk>/", views.plan_detail, name="plan"),
    path("udmoentninger/<int:pk>/temaer/<int:number>/", views.plan_theme, name="plan_theme"),
    path("udmoentninger/<int:pk>/viderefoer/", views.carry_over, name="carry_over"),
]
