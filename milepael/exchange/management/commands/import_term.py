from milepael.exchange.management.base import ImportCommand
from milepael.exchange.term_import import TermImportReport, import_term_file


class Command(ImportCommand):
    help = (
        "Importér en statusrapport for en valgperiode i tekstformatet (som seed 002). "
        "Alt eller intet; kan køres igen uden dubletter."
    )

    def import_file(self, data: bytes, *, dry_run: bool, **options) -> TermImportReport:
        return import_term_file(data, dry_run=dry_run)
