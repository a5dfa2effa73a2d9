"""The site's urlconf plus an address that fails, for the header checks of a 500."""

from django.urls import path

from config.urls import urlpatterns as site


def fail(request):
    raise RuntimeError("En fejl i koden, til testen af 500-svaret.")


urlpatterns = [path("fejl/", fail), *site]
