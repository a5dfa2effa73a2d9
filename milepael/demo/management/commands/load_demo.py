from django.core.management.base import BaseCommand

from milepael.demo.services import load_demo


class Command(BaseCommand):
    help = "Indlæs demodata (seed-udmøntningen og en demo-administrator). Kan køres igen uden dubletter."

    def handle(self, *args, **options):
        report, accounts = load_demo()
        self.stdout.write(f"Seed-udmøntning: {report.summary()}")
        self.stdout.write(self.style.SUCCESS("Demo-brugere (kun til afprøvning):"))
        for username, password, created in accounts:
            note = "" if created else " (fandtes allerede; adgangskoden er den oprindelige)"
            self.stdout.write(f"  brugernavn: {username}   adgangskode: {password}{note}")
        self.stdout.write("Åbn http://127.0.0.1:8000/ – log ind via /admin/.")
