"""The site's urlconf plus addresses that fail, for the checks of a 500 (headers, error pages)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the site's error pages
from config.urls import urlpatterns as site


def fail(request):
    raise RuntimeError("En fejl i koden, til testen af 500-svaret.")


def forbid(request):
    raise PermissionDenied


urlpatterns = [path("fejl/", fail), path("offentlig/fejl/", fail), path("forbudt/", forbid), *site]
