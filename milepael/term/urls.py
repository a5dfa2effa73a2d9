from django.urls import path

from . import views

app_name = "term"
urlpatterns = [
    path("", views.term_list, name="list"),
    path("<int:pk>/", views.term_detail, name="term"),
]
