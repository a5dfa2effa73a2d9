from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from milepael.demo.services import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Indlæs demodata (seed-udmøntningen og en demo-administrator). Kan køres igen uden dubletter."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo kører ikke med MILEPAEL_PRODUCTION=1: demobrugerne har en kendt adgangskode.")
        report, accounts = load_demo()
        self.stdout.write(f"Seed-udmøntning: {report.summary()}")
        self.stdout.write(self.style.SUCCESS("Demo-brugere (kun til afprøvning):"))
        roles = {
            username: f"{role.label}{': ' + ', '.join(deps) if deps else ''}" for username, _n, role, deps in DEMO_USERS
        }
        for username, password, created in accounts:
            note = "" if created else " (fandtes allerede; adgangskoden er den oprindelige)"
            self.stdout.write(f"  {username:<10} / {password}   {roles[username]}{note}")
        self.stdout.write(
            "1. budgetopfølgning er lukket og offentliggjort med demovurderinger (mærket [DEMO]); 2. budgetopfølgning er åben."
        )
        self.stdout.write("Log ind med en af brugerne ovenfor (make run skriver serverens adresse).")
