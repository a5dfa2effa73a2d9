from milepael.exchange.management.base import ImportCommand
from milepael.exchange.plan_import import PlanImportReport, import_plan_file


class Command(ImportCommand):
    help = "Importér en udmøntning i tekstformatet (som seed 000). Alt eller intet; kan køres igen uden dubletter."

    def import_file(self, data: bytes, *, dry_run: bool) -> PlanImportReport:
        return import_plan_file(data, dry_run=dry_run)
