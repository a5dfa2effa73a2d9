"""Open data: a published plan as CSV, JSON and Excel, one row per initiative and published
round, with a documented, stable column schema (`COLUMNS`, shown on the public "Åbne data"
page and in README.md). Only what the public pages show leaves here: published rounds, their
*approved* smileys, the administrators' public comments and the milestones. Drafts, internal
comments, remarks, economy revisions and unpublished rounds are never read (public/selectors).

The column names are the schema: they stay as they are (a new field is added at the end and
SCHEMA_VERSION goes up; a field is never renamed or removed without a new version)."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from milepael.core import smileys, xlsx
from milepael.core.richtext import html_to_text
from milepael.plans.models import FollowUpRound, ImplementationPlan

from . import selectors

SCHEMA_VERSION = 1
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
FORMATS = ("csv", "json", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # "heltal", "tekst", "dato"
    description: str
    width: float = 16


COLUMNS = [
    Column(
        "udmoentning_id",
        "heltal",
        _("Udmøntningens nummer i Milepæl (det samme i adressen på den offentlige side)."),
        10,
    ),
    Column("udmoentning", "tekst", _("Udmøntningens titel."), 30),
    Column("aftale", "tekst", _("Budgetaftalens titel."), 24),
    Column("budgetaar", "heltal", _("Budgetåret, aftalen gælder for."), 10),
    Column("udvalg", "tekst", _("Det udvalg, udmøntningen hører under."), 20),
    Column("tema_nummer", "heltal", _("Temaets nummer i aftalen."), 8),
    Column("tema", "tekst", _("Temaets titel."), 24),
    Column("indsats_nummer", "tekst", _("Indsatsens nummer, fx 3.04 (tekst, så 2.10 ikke bliver 2,1)."), 10),
    Column("indsats", "tekst", _("Indsatsens titel."), 36),
    Column("ansvarligt_center", "tekst", _("Det center, der har ansvaret for indsatsen."), 20),
    Column("opfoelgning_nummer", "heltal", _("Opfølgningens nummer i året (1–4)."), 8),
    Column("opfoelgning", "tekst", _("Opfølgningens navn, fx 1. budgetopfølgning 2018."), 24),
    Column("offentliggjort", "dato", _("Den dag, opfølgningen blev offentliggjort (ÅÅÅÅ-MM-DD)."), 12),
    Column(
        "milepael", "tekst", _("Milepælen for indsatsen i opfølgningen, som ren tekst; tom, hvis der ingen er."), 40
    ),
    Column(
        "indsats_smiley",
        "tekst",
        _(
            "Den godkendte smiley for indsatsen: green, yellow, red eller none (ingen milepæl); tom, hvis ikke vurderet."
        ),
        10,
    ),
    Column(
        "indsats_vurdering",
        "tekst",
        _("Den samme smiley i ord: Glad, Neutral, Sur, Ingen milepæl eller Ikke vurderet."),
        14,
    ),
    Column(
        "oekonomi_smiley",
        "tekst",
        _("Den godkendte smiley for økonomien: green eller red; tom, hvis ikke vurderet."),
        10,
    ),
    Column("oekonomi_vurdering", "tekst", _("Den samme smiley i ord: Glad, Sur eller Ikke vurderet."), 14),
    Column(
        "offentlig_kommentar",
        "tekst",
        _("Kommunens offentlige forklaring til vurderingen; tom, hvis der ingen er."),
        40,
    ),
    Column("url", "tekst", _("Adressen på indsatsens offentlige side."), 30),
]
KEYS = [column.key for column in COLUMNS]


def _smiley(rating, kind: str) -> tuple[str, str]:
    value = smileys.value_of(rating, kind)
    return value, str(smileys.FACES[value][1])


def rows(plan: ImplementationPlan, rounds: list[FollowUpRound], url_of: Callable[[str], str]) -> list[dict]:
    """One dict per initiative and published round, keyed by `KEYS`, in plan order."""
    result = []
    for initiative in selectors.open_data_initiatives(plan, rounds):
        for round_, milestone, rating in initiative.public_by_round:
            effort, effort_word = _smiley(rating, "effort")
            economy, economy_word = _smiley(rating, "economy")
            comment = getattr(getattr(rating, "public_comment", None), "text", "") if rating else ""
            result.append(
                {
                    "udmoentning_id": plan.pk,
                    "udmoentning": plan.title,
                    "aftale": plan.agreement.title,
                    "budgetaar": plan.agreement.budget_year,
                    "udvalg": plan.committee.name,
                    "tema_nummer": initiative.theme.number,
                    "tema": initiative.theme.title,
                    "indsats_nummer": initiative.number,
                    "indsats": initiative.title,
                    "ansvarligt_center": initiative.responsible_department.name,
                    "opfoelgning_nummer": round_.ordinal,
                    "opfoelgning": round_.name,
                    "offentliggjort": round_.publication.published_at.date().isoformat(),
                    "milepael": html_to_text(milestone.text) if milestone and milestone.text else "",
                    "indsats_smiley": effort,
                    "indsats_vurdering": effort_word,
                    "oekonomi_smiley": economy,
                    "oekonomi_vurdering": economy_word,
                    "offentlig_kommentar": comment or "",
                    "url": url_of(initiative.number),
                }
            )
    return result


def filename(plan: ImplementationPlan, extension: str) -> str:
    """A plain ASCII file name, e.g. milepael-udmoentning-3-2018.csv."""
    return f"milepael-udmoentning-{plan.pk}-{plan.agreement.budget_year}.{extension}"


# A value beginning with one of these is read as a formula by Excel; in the CSV it gets a
# leading apostrophe (OWASP's CSV-injection guard). JSON carries the values unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(data: list[dict]) -> bytes:
    """UTF-8 with BOM and ";" between fields, as Danish Excel opens it with a double click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(KEYS)
    for row in data:
        writer.writerow([_csv_safe(row[key]) for key in KEYS])
    return buffer.getvalue().encode("utf-8-sig")


def _json_value(key: str, value):
    return None if key.endswith("_smiley") and not value else value


def as_json(plan: ImplementationPlan, data: list[dict]) -> bytes:
    document = {
        "skema": "milepael-aabne-data",
        "skemaversion": SCHEMA_VERSION,
        "udmoentning": {
            "id": plan.pk,
            "titel": plan.title,
            "aftale": plan.agreement.title,
            "budgetaar": plan.agreement.budget_year,
            "udvalg": plan.committee.name,
        },
        "felter": KEYS,
        # A smiley not given is null in JSON (an empty field in the CSV).
        "raekker": [{key: _json_value(key, row[key]) for key in KEYS} for row in data],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def as_xlsx(plan: ImplementationPlan, data: list[dict]) -> bytes:
    """One sheet, the same columns as the CSV, text cells guarded by core.xlsx."""
    workbook = xlsx.new_workbook()
    text_columns = {index for index, column in enumerate(COLUMNS, start=1) if column.kind != "heltal"}
    xlsx.write_sheet(
        workbook,
        "Data",
        [(column.key, column.width) for column in COLUMNS],
        ([row[key] for key in KEYS] for row in data),
        text_columns=text_columns,
        table=True,
    )
    return xlsx.workbook_bytes(workbook, title=plan.title)
