from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milepael.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Tag en backup af hele databasen til FIL (SQLite-kopi eller pg_dump i custom-format)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup gemt i {file} ({file.stat().st_size} bytes)."))
