"""`manage.py check --deploy`: no demo account with its printed password in production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from .services import DEMO_PASSWORD, DEMO_USERS


@register(Tags.security, deploy=True)
def demo_accounts_in_production(app_configs=None, **kwargs) -> list[Error]:
    """milepael.E001 when MILEPAEL_PRODUCTION=1 and a demo user (okonomi, ejendomme …) still
    has the demo password, which `make run` prints and the README names."""
    if not settings.PRODUCTION:
        return []
    usernames = [username for username, *_rest in DEMO_USERS]
    try:
        users = list(get_user_model().objects.filter(username__in=usernames, is_active=True))
    except DatabaseError:
        return []  # no database yet (before migrate): there are no accounts to check
    found = [user.username for user in users if user.check_password(DEMO_PASSWORD)]
    if not found:
        return []
    return [
        Error(
            f"Demo-brugerne {', '.join(sorted(found))} findes med demo-adgangskoden i en produktionsdatabase.",
            hint="Slet dem (eller giv dem en ny adgangskode) i admin; load_demo hører kun til demoen.",
            id="milepael.E001",
        )
    ]
