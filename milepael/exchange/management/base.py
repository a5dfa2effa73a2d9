"""What the import commands share: `manage.py import_… FILE [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from milepael.core.imports import IMPORT_ERRORS, ImportReport


class ImportCommand(BaseCommand):
    """Imports one file through `import_file`, all or nothing: prints every change and the
    summary, or with --dry-run what would change, saving nothing. A file that cannot be
    read or imported stops the command with its name and the place in it (`CommandError`)."""

    def import_file(self, data: bytes, *, dry_run: bool, **options) -> ImportReport:
        raise NotImplementedError("an import command says which importer it runs")

    def report_extra(self, report: ImportReport) -> None:
        """What a command prints after the changes, before the summary (nothing by default)."""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Vis hvad der ville ændres, uden at gemme.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            report = self.import_file(data, dry_run=dry_run, file=file, **options)
        except IMPORT_ERRORS as exc:
            raise CommandError(f"{file}: {exc}") from exc
        for change in report.changes:
            fields = f" ({', '.join(change.fields)})" if change.fields else ""
            self.stdout.write(f"  {change.kind} {change.action_display}: {change.label}{fields}")
        self.report_extra(report)
        outcome = _("Prøvekørsel – intet gemt: %(summary)s") if dry_run else _("Importeret: %(summary)s")
        self.stdout.write(self.style.SUCCESS(outcome % {"summary": report.summary()}))
