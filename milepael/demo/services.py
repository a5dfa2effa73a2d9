"""Demo data for `make run`: the seed plan, the municipality, and a demo administrator."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from milepael.exchange.plan_import import ImportReport, import_plan_file
from milepael.organisation.models import Organisation

SEED_DIR = Path(settings.BASE_DIR) / "seeds"
PLAN_SEED = SEED_DIR / "000_616c72004517a9f2.txt"
DEMO_MUNICIPALITY = "Ballerup Kommune"
DEMO_ADMIN = ("admin", "milepael-demo")


@transaction.atomic
def load_demo() -> tuple[ImportReport, list[tuple[str, str, bool]]]:
    """Idempotent: running it again changes nothing. Returns the import report and the
    demo accounts as (username, password, created)."""
    if not Organisation.objects.exists():
        Organisation.objects.create(name=DEMO_MUNICIPALITY)
    report = import_plan_file(PLAN_SEED.read_bytes())
    username, password = DEMO_ADMIN
    User = get_user_model()
    created = False
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username=username, password=password, email="")
        created = True
    return report, [(username, password, created)]
