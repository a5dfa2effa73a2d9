"""Milepæl's URLconf with the SSO routes added, as config/urls.py does when SSO is enabled."""

from django.urls import include, path

from config.urls import urlpatterns as milepael_urlpatterns

urlpatterns = [
    path("oidc/", include("mozilla_django_oidc.urls")),
    *milepael_urlpatterns,
]
