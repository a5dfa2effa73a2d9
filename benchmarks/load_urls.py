"""The application's URLs plus a bare view, so benchmarks/load.py can compare a page with
the least Django can do through the same middleware, settings and server."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as application_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("benchmark/ok/", ok, name="benchmark_ok"), *application_urlpatterns]
