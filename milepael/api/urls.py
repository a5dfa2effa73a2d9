from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("ratings", views.RatingViewSet, basename="rating")

urlpatterns = [
    # The OpenAPI 3 schema (YAML; ?format=json for JSON). No docs UI: it would need JavaScript from a CDN.
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("", include(router.urls)),
    # Last: anything else under /api/ ending in a slash (without one, APPEND_SLASH redirects first).
    re_path(r"^(?P<path>.*/)$", views.not_found),
]
