from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("udmoentning/", views.import_plan_view, name="import_plan"),
    path("udmoentninger/<int:pk>/excel/", views.export_plan_xlsx_view, name="export_plan_xlsx"),
]
