from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from milepael.core.health import health
from milepael.organisation.forms import AdminLoginForm
from milepael.organisation.views import LoginView

# The admin's login has the same rising delay per user name as the site's.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sundhed/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/log-ind/", LoginView.as_view(), name="login"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("import/", include("milepael.exchange.urls")),
    path("valgperiode/", include("milepael.term.urls")),
    path("soeg/", include("milepael.search.urls")),
    path("rapporter/", include("milepael.reports.urls")),
    path("api/", include("milepael.api.urls")),
    path("offentlig/", include("milepael.public.urls")),
    path("beskeder/", include("milepael.notifications.urls")),
    path("", include("milepael.public.root_urls")),
    path("", include("milepael.start.urls")),
    path("", include("milepael.plans.urls")),
    # /opfoelgning/… and the initiative page under its plan's address (see followup/urls.py).
    path("", include("milepael.followup.urls")),
]
if settings.MILEPAEL_OIDC_ENABLED:  # single sign-on: see config/oidc_settings.py
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]

# Danish error pages in the public or internal layout (milepael/core/errors.py); used with DEBUG off.
handler400 = "milepael.core.errors.bad_request"
handler403 = "milepael.core.errors.permission_denied"
handler404 = "milepael.core.errors.page_not_found"
handler500 = "milepael.core.errors.server_error"
