from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("laest/", views.mark_read, name="mark_read"),
    path("<int:pk>/", views.open_message, name="open"),
    path("indstillinger/", views.email_settings, name="settings"),
]
