from django.core.management.base import BaseCommand

from milepael.search import indexing


class Command(BaseCommand):
    help = "Bygger søgeindekset forfra (indsatser, milepæle, kommentarer og mål)."

    def handle(self, *args, **options):
        count = indexing.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Søgeindeks: {count} dokumenter.")
