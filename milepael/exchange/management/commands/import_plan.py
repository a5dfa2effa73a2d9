from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from milepael.exchange.formats import PLAN_FORMATS, read_upload
from milepael.exchange.management.base import ImportCommand
from milepael.exchange.plan_import import PlanImportReport, UnknownDepartments, import_plan, missing_definitions
from milepael.exchange.uploads import check_upload
from milepael.organisation.models import Department


class Command(ImportCommand):
    help = (
        "Importér en udmøntning: en tekstfil (som seed 000, UTF-8, UTF-16 eller Windows-1252), et "
        "Word-dokument eller et Excel-ark hentet fra Milepæl; filtypen afgøres af indholdet. Alt eller "
        "intet; kan køres igen uden dubletter. Indsatser, der ikke står i filen, slettes."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--create-departments",
            action="store_true",
            help="Opret de centre, filen nævner, og som ikke findes i Milepæl (vis dem først med --dry-run).",
        )
        parser.add_argument(
            "--map-department",
            action="append",
            default=[],
            metavar="NAVN=CENTER",
            help="Et navn i filen er et eksisterende center (kan gentages); huskes som centrets andet navn.",
        )
        parser.add_argument(
            "--accept-warnings",
            action="store_true",
            help="Importér trods advarsler, fx at filen ingen smiley-definitioner har.",
        )

    def import_file(self, data: bytes, *, dry_run: bool, **options) -> PlanImportReport:
        # The same checks and the same decision by content as an upload on the import page.
        upload = check_upload(str(options["file"]), data)
        parsed = read_upload(upload)
        warnings = missing_definitions(parsed)
        if warnings and not dry_run and not options["accept_warnings"]:
            lines = "\n".join(f"  {warning.message}" for warning in warnings)
            raise CommandError(
                f"{options['file']}:\n{lines}\n"
                + _("Intet er gemt. Importér med --accept-warnings, hvis det er rigtigt.")
            )
        try:
            return import_plan(
                parsed,
                dry_run=dry_run,
                plain_rich_text=PLAN_FORMATS[upload.format].plain_rich_text,
                department_choices=self._department_choices(options["map_department"]),
                create_departments=dry_run or options["create_departments"],
            )
        except UnknownDepartments as exc:
            raise CommandError(
                f"{options['file']}: {exc}\n"
                + _(
                    "Opret dem med --create-departments, eller knyt dem til et center med --map-department NAVN=CENTER."
                )
            ) from exc

    def _department_choices(self, mappings: list[str]) -> dict[str, int]:
        choices = {}
        for mapping in mappings:
            name, separator, department = mapping.partition("=")
            found = Department.objects.filter(name__iexact=department.strip()).first() if separator else None
            if found is None:
                raise CommandError(
                    _("--map-department %(value)s: skriv NAVN=CENTER, hvor CENTER findes i Milepæl.")
                    % {"value": mapping}
                )
            choices[name.strip()] = found.pk
        return choices

    def report_extra(self, report: PlanImportReport) -> None:
        for department in report.new_departments:
            if department.mapped_to:
                line = _("  Navnet »%(name)s« knyttes til centret %(department)s.") % {
                    "name": department.name,
                    "department": department.mapped_to,
                }
            else:
                line = _("  Nyt center: %(name)s (indsats %(numbers)s)") % {
                    "name": department.name,
                    "numbers": ", ".join(department.initiatives),
                }
            self.stdout.write(line)
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"  {warning.message}"))
