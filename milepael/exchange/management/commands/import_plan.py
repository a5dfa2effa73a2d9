from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milepael.exchange.plan_import import PlanImportError, import_plan_file
from milepael.exchange.seed_plan import PlanFormatError


class Command(BaseCommand):
    help = "Importér en udmøntning i tekstformatet (som seed 000). Alt eller intet; kan køres igen uden dubletter."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Vis hvad der ville ændres, uden at gemme.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            report = import_plan_file(data, dry_run=dry_run)
        except (PlanFormatError, PlanImportError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        for change in report.changes:
            fields = f" ({', '.join(change.fields)})" if change.fields else ""
            self.stdout.write(f"  {change.kind} {change.action_display}: {change.label}{fields}")
        prefix = "Prøvekørsel – intet gemt: " if dry_run else "Importeret: "
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
