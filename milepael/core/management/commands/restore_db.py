from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milepael.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Genskab databasen fra en backup lavet med backup_db. Backuppen kontrolleres først, og den "
        "nuværende database gemmes som en kopi (…before-restore-<tidspunkt>), så genskabelsen kan fortrydes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Bekræft at databasen skal overskrives.")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Genskabelse overskriver hele databasen; kør igen med --yes for at bekræfte.")
        try:
            undo_copy = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Den tidligere database er gemt i {undo_copy}.")
        self.stdout.write(f"Vil du fortryde, så kør: manage.py restore_db {undo_copy} --yes")
        self.stdout.write(self.style.SUCCESS(f"Databasen er genskabt fra {file}."))
