"""An implementation plan as an Excel workbook (.xlsx), out and back in.

The workbook has four sheets: »Indsatser« (one row per initiative), »Milepæle« (one row
per initiative and round), »Opfølgninger« (the rounds) and »Udmøntning« (the plan
header, one field per row). Rich text travels as plain paragraphs separated by blank
lines (`milepael.exchange.plaintext`).

The sheet and column names are the file format, so the workbook is always written in
Danish, whatever language the user has picked, and read back by those names (columns
may be moved). `read_plan_xlsx` turns a workbook — edited in Excel or LibreOffice —
into a `ParsedPlan` for `plan_import.import_plan`, or raises `WorkbookFormatError`
naming sheet, row and column. The workbook is the whole plan: initiatives and milestone
rows missing from it are removed on import (`remove_missing=True`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from milepael.core.imports import WorkbookFormatError
from milepael.core.richtext import fold_whitespace
from milepael.core.xlsx import (
    Sheet,
    cell_integer,
    cell_text,
    headers,
    load_sheets,
    new_workbook,
    normalise_heading,
    with_headings,
    workbook_bytes,
    write_sheet,
)
from milepael.organisation.models import Committee, Department
from milepael.plans.models import (
    Agreement,
    FollowUpRound,
    ImplementationPlan,
    Initiative,
    Theme,
    case_id_validator,
    initiative_number_validator,
)

from .plaintext import plain_to_rich_text, rich_text_to_plain
from .seed_plan import (
    ParsedInitiative,
    ParsedMilestone,
    ParsedPlan,
    ParsedTheme,
    PlanFormatError,
    parse_danish_date,
    split_contributor_list,
)

# Sheet names and column headings (key, heading, width). Marked for translation, but the
# workbook is written and read in Danish (see the module docstring).
INITIATIVES = gettext_noop("Indsatser")
MILESTONES = gettext_noop("Milepæle")
ROUNDS = gettext_noop("Opfølgninger")
PLAN = gettext_noop("Udmøntning")
INITIATIVE_COLUMNS = [
    ("number", gettext_noop("Nummer"), 10),
    ("title", gettext_noop("Titel"), 40),
    ("kind", gettext_noop("Type"), 15),
    ("theme_number", gettext_noop("Tema nr."), 9),
    ("theme_title", gettext_noop("Tema titel"), 32),
    ("department", gettext_noop("Ansvarligt center"), 28),
    ("committee", gettext_noop("Ansvarligt udvalg"), 22),
    ("contributors", gettext_noop("Væsentlig bidragsyder"), 32),
    ("description", gettext_noop("Beskrivelse"), 80),
    ("note", gettext_noop("Gennemførelse"), 50),
    ("economy", gettext_noop("Økonomi"), 50),
]
MILESTONE_COLUMNS = [
    ("number", gettext_noop("Nummer"), 10),
    ("round", gettext_noop("Opfølgning"), 26),
    ("text", gettext_noop("Milepæl"), 90),
]
ROUND_COLUMNS = [
    ("ordinal", gettext_noop("Nr."), 6),
    ("name", gettext_noop("Navn"), 32),
]
PLAN_COLUMNS = [
    ("label", gettext_noop("Felt"), 30),
    ("value", gettext_noop("Værdi"), 100),
]
# The plan header, one row each: (key, label, required).
PLAN_FIELDS = [
    ("title", gettext_noop("Titel"), True),
    ("agreement", gettext_noop("Aftale"), True),
    ("budget_year", gettext_noop("Budgetår"), True),
    ("committee", gettext_noop("Udvalg"), True),
    ("date", gettext_noop("Dato"), False),
    ("contact_person", gettext_noop("Kontakt"), False),
    ("phone", gettext_noop("Telefon"), False),
    ("email", gettext_noop("E-mail"), False),
    ("case_id", gettext_noop("Sagsid"), False),
    ("intro", gettext_noop("Indledning"), False),
    ("effort_green", gettext_noop("Glad smiley (indsats)"), False),
    ("effort_yellow", gettext_noop("Neutral smiley (indsats)"), False),
    ("effort_red", gettext_noop("Sur smiley (indsats)"), False),
    ("economy_intro", gettext_noop("Indledning til økonomi"), False),
    ("economy_green", gettext_noop("Glad smiley (økonomi)"), False),
    ("economy_red", gettext_noop("Sur smiley (økonomi)"), False),
]
RICH_PLAN_FIELDS = {"intro", "economy_intro"}


# --- export -------------------------------------------------------------------------------


def export_plan_xlsx(plan: ImplementationPlan) -> bytes:
    """The plan as .xlsx bytes (always in Danish; see the module docstring)."""
    with translation.override("da"):
        return workbook_bytes(_build_workbook(plan), title=plan.title)


def _build_workbook(plan: ImplementationPlan) -> Workbook:
    rounds = list(plan.agreement.rounds.order_by("ordinal"))
    initiatives = list(
        plan.initiatives.select_related("theme", "responsible_department", "responsible_committee")
        .prefetch_related("milestones__round")
        .order_by("sort_key")
    )
    workbook = new_workbook()
    rows = [
        [
            initiative.number,
            initiative.title,
            initiative.get_kind_display(),
            initiative.theme.number,
            initiative.theme.title,
            initiative.responsible_department.name,
            initiative.responsible_committee.name,
            initiative.contributors_text,
            rich_text_to_plain(initiative.description),
            rich_text_to_plain(initiative.implementation_note),
            rich_text_to_plain(initiative.economy_text),
        ]
        for initiative in initiatives
    ]
    _write(workbook, INITIATIVES, INITIATIVE_COLUMNS, rows, text_columns={1})

    milestone_rows = [
        [initiative.number, milestone.round.name, rich_text_to_plain(milestone.text)]
        for initiative in initiatives
        for milestone in sorted(initiative.milestones.all(), key=lambda m: m.round.ordinal)
    ]
    _write(workbook, MILESTONES, MILESTONE_COLUMNS, milestone_rows, text_columns={1, 2})
    _write(workbook, ROUNDS, ROUND_COLUMNS, [[r.ordinal, r.name] for r in rounds])

    values = {
        "title": plan.title,
        "agreement": plan.agreement.title,
        "budget_year": plan.agreement.budget_year,
        "committee": plan.committee.name,
        "date": plan.date,
        "contact_person": plan.contact_person,
        "phone": plan.phone,
        "email": plan.email,
        "case_id": plan.case_id,
        "intro": rich_text_to_plain(plan.intro),
        "effort_green": plan.effort_green_definition,
        "effort_yellow": plan.effort_yellow_definition,
        "effort_red": plan.effort_red_definition,
        "economy_intro": rich_text_to_plain(plan.economy_intro),
        "economy_green": plan.economy_green_definition,
        "economy_red": plan.economy_red_definition,
    }
    header = _write(workbook, PLAN, PLAN_COLUMNS, [[_(label), values[key]] for key, label, _required in PLAN_FIELDS])
    for row in header.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(row[0].value, datetime.date):
            row[0].number_format = "dd-mm-yyyy"
    return workbook


def _write(workbook: Workbook, name: str, columns, rows, text_columns=()) -> Worksheet:
    """A sheet of the plan workbook: an Excel table over the rows, the header frozen."""
    return write_sheet(workbook, _(name), headers(columns), rows, text_columns=text_columns, table=True)


# --- import -------------------------------------------------------------------------------


def read_plan_xlsx(data: bytes) -> ParsedPlan:
    """Read a plan workbook into a `ParsedPlan`; raises only `WorkbookFormatError`."""
    with translation.override("da"):
        names = {key: _(name) for key, name in (("i", INITIATIVES), ("m", MILESTONES), ("r", ROUNDS), ("p", PLAN))}
    raw = load_sheets(data, list(names.values()))
    plan_sheet = with_headings(raw, names["p"], PLAN_COLUMNS)
    rounds_sheet = with_headings(raw, names["r"], ROUND_COLUMNS)
    initiatives_sheet = with_headings(raw, names["i"], INITIATIVE_COLUMNS)
    milestones_sheet = with_headings(raw, names["m"], MILESTONE_COLUMNS)
    plan = _read_header(plan_sheet)
    plan.rounds = _read_rounds(rounds_sheet)
    plan.themes = _read_initiatives(initiatives_sheet)
    _read_milestones(milestones_sheet, plan)
    _resolve_contributors(plan)
    return plan


def _required(value, error: dict, max_length: int) -> str:
    text = fold_whitespace(cell_text(value))
    if not text:
        raise WorkbookFormatError(_("feltet må ikke være tomt."), **error)
    return _limited(text, error, max_length)


def _limited(text: str, error: dict, max_length: int) -> str:
    if len(text) > max_length:
        raise WorkbookFormatError(
            _("teksten er for lang (%(length)d tegn; højst %(limit)d).") % {"length": len(text), "limit": max_length},
            **error,
        )
    return text


def _validated(text: str, validator, error: dict) -> str:
    if text:
        try:
            validator(text)
        except ValidationError as exc:
            raise WorkbookFormatError(" ".join(exc.messages), **error) from exc
    return text


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _read_header(sheet: Sheet) -> ParsedPlan:
    with translation.override("da"):
        by_label = {normalise_heading(_(label)): (key, label) for key, label, _required in PLAN_FIELDS}
    values: dict[str, tuple[object, dict]] = {}
    for row in sheet.rows:
        label = cell_text(sheet.value(row, "label"))
        field = by_label.get(normalise_heading(label))
        label_column = get_column_letter(sheet.columns["label"] + 1)
        error = {
            "sheet": sheet.name,
            "row": row[0],
            "column": f"{get_column_letter(sheet.columns['value'] + 1)} ({label})",
        }
        if field is None:
            raise WorkbookFormatError(
                _("ukendt felt »%(label)s«.") % {"label": label[:40]}, sheet=sheet.name, row=row[0], column=label_column
            )
        if field[0] in values:
            raise WorkbookFormatError(
                _("feltet »%(label)s« står to gange.") % {"label": label[:40]},
                sheet=sheet.name,
                row=row[0],
                column=label_column,
            )
        values[field[0]] = (sheet.value(row, "value"), error)
    for key, label, required in PLAN_FIELDS:
        if required and key not in values:
            raise WorkbookFormatError(_("mangler rækken »%(label)s«.") % {"label": label}, sheet=sheet.name)

    def text(key: str) -> str:
        return cell_text(values[key][0]) if key in values else ""

    def where(key: str) -> dict:
        return values[key][1]

    plan = ParsedPlan(
        agreement_title=_required(values["agreement"][0], where("agreement"), _max_length(Agreement, "title")),
        budget_year=cell_integer(values["budget_year"][0], where("budget_year")),
        committee=_required(values["committee"][0], where("committee"), _max_length(Committee, "name")),
        title=_required(values["title"][0], where("title"), _max_length(ImplementationPlan, "title")),
    )
    if not 2000 <= plan.budget_year <= 2999:
        raise WorkbookFormatError(_("budgetåret skal være mellem 2000 og 2999."), **where("budget_year"))
    if "date" in values and values["date"][0] not in (None, ""):
        plan.date = _date(values["date"][0], where("date"))
    plan.contact_person = _limited(text("contact_person"), values.get("contact_person", (0, {}))[1], 200)
    plan.phone = _limited(text("phone"), values.get("phone", (0, {}))[1], 40)
    plan.email = _validated(text("email"), validate_email, values.get("email", (0, {}))[1])
    plan.case_id = _validated(text("case_id"), case_id_validator, values.get("case_id", (0, {}))[1])
    plan.intro = plain_to_rich_text(text("intro"))
    plan.economy_intro = plain_to_rich_text(text("economy_intro"))
    plan.effort_definitions = [text("effort_green"), text("effort_yellow"), text("effort_red")]
    plan.economy_definitions = [text("economy_green"), text("economy_red")]
    return plan


def _date(value, error: dict) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern in ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    try:
        return parse_danish_date(text, 0)
    except PlanFormatError as exc:
        raise WorkbookFormatError(
            _("datoen »%(value)s« kan ikke læses (skriv fx 22-12-2017).") % {"value": text[:40]}, **error
        ) from exc


def _read_rounds(sheet: Sheet) -> list[str]:
    by_ordinal: dict[int, str] = {}
    for row in sheet.rows:
        ordinal = cell_integer(sheet.value(row, "ordinal"), sheet.where(row, "ordinal", ROUND_COLUMNS))
        where_name = sheet.where(row, "name", ROUND_COLUMNS)
        name = _required(sheet.value(row, "name"), where_name, _max_length(FollowUpRound, "name"))
        if ordinal in by_ordinal:
            raise WorkbookFormatError(
                _("opfølgning nr. %(ordinal)d står to gange.") % {"ordinal": ordinal},
                **sheet.where(row, "ordinal", ROUND_COLUMNS),
            )
        if name in by_ordinal.values():
            raise WorkbookFormatError(_("opfølgningen »%(name)s« står to gange.") % {"name": name}, **where_name)
        by_ordinal[ordinal] = name
    if not by_ordinal:
        raise WorkbookFormatError(_("der er ingen opfølgninger."), sheet=sheet.name)
    if sorted(by_ordinal) != list(range(1, len(by_ordinal) + 1)):
        raise WorkbookFormatError(
            _("opfølgningerne skal være nummereret 1, 2, 3 … uden huller."), sheet=sheet.name, row=sheet.rows[0][0]
        )
    return [by_ordinal[ordinal] for ordinal in sorted(by_ordinal)]


def _kind_by_label() -> dict[str, str]:
    with translation.override("da"):
        return {str(label).casefold(): value for value, label in Initiative.Kind.choices}


def _read_initiatives(sheet: Sheet) -> list[ParsedTheme]:
    kinds = _kind_by_label()
    themes: dict[int, ParsedTheme] = {}
    numbers: set[str] = set()
    for row in sheet.rows:

        def where(key: str, row=row) -> dict:
            return sheet.where(row, key, INITIATIVE_COLUMNS)

        number = _required(sheet.value(row, "number"), where("number"), _max_length(Initiative, "number"))
        number = _validated(number.rstrip("."), initiative_number_validator, where("number"))
        if number in numbers:
            raise WorkbookFormatError(_("indsats %(number)s står to gange.") % {"number": number}, **where("number"))
        numbers.add(number)
        kind_label = cell_text(sheet.value(row, "kind"))
        kind = kinds.get(fold_whitespace(kind_label).casefold())
        if kind is None:
            raise WorkbookFormatError(
                _("ukendt type »%(kind)s« (forventede Drift, Anlæg eller Anlæg og drift).") % {"kind": kind_label},
                **where("kind"),
            )
        theme_number = cell_integer(sheet.value(row, "theme_number"), where("theme_number"))
        theme_title = _required(sheet.value(row, "theme_title"), where("theme_title"), _max_length(Theme, "title"))
        if not number.startswith(f"{theme_number}."):
            raise WorkbookFormatError(
                _("indsats %(number)s hører ikke til tema %(theme)d.") % {"number": number, "theme": theme_number},
                **where("theme_number"),
            )
        theme = themes.setdefault(theme_number, ParsedTheme(number=theme_number, title=theme_title, line=row[0]))
        if theme.title != theme_title:
            raise WorkbookFormatError(
                _("tema %(number)d hedder »%(title)s« i række %(row)d; samme tema skal have samme titel.")
                % {"number": theme_number, "title": theme.title, "row": theme.line},
                **where("theme_title"),
            )
        theme.initiatives.append(
            ParsedInitiative(
                number=number,
                title=_required(sheet.value(row, "title"), where("title"), _max_length(Initiative, "title")),
                kind=kind,
                line=row[0],
                responsible_department=_required(
                    sheet.value(row, "department"), where("department"), _max_length(Department, "name")
                ),
                responsible_committee=_required(
                    sheet.value(row, "committee"), where("committee"), _max_length(Committee, "name")
                ),
                contributors_text=cell_text(sheet.value(row, "contributors")),
                description=plain_to_rich_text(cell_text(sheet.value(row, "description"))),
                implementation_note=plain_to_rich_text(cell_text(sheet.value(row, "note"))),
                economy_text=plain_to_rich_text(cell_text(sheet.value(row, "economy"))),
            )
        )
    if not themes:
        raise WorkbookFormatError(_("der er ingen indsatser."), sheet=sheet.name)
    return [themes[number] for number in sorted(themes)]


def _read_milestones(sheet: Sheet, plan: ParsedPlan) -> None:
    initiatives = {initiative.number: initiative for initiative in plan.initiatives}
    order = {name: index for index, name in enumerate(plan.rounds)}
    for row in sheet.rows:

        def where(key: str, row=row) -> dict:
            return sheet.where(row, key, MILESTONE_COLUMNS)

        number = _required(sheet.value(row, "number"), where("number"), 20).rstrip(".")
        initiative = initiatives.get(number)
        if initiative is None:
            raise WorkbookFormatError(
                _("indsats %(number)s findes ikke i arket »%(sheet)s«.") % {"number": number, "sheet": _(INITIATIVES)},
                **where("number"),
            )
        round_name = _required(sheet.value(row, "round"), where("round"), 100)
        if round_name not in order:
            raise WorkbookFormatError(
                _("»%(round)s« er ikke en af opfølgningerne i arket »%(sheet)s«.")
                % {"round": round_name, "sheet": _(ROUNDS)},
                **where("round"),
            )
        if any(m.round_name == round_name for m in initiative.milestones):
            raise WorkbookFormatError(
                _("indsats %(number)s har to milepæle for %(round)s.") % {"number": number, "round": round_name},
                **where("round"),
            )
        initiative.milestones.append(
            ParsedMilestone(round_name, plain_to_rich_text(cell_text(sheet.value(row, "text"))), row[0])
        )
    for initiative in initiatives.values():
        initiative.milestones.sort(key=lambda m: order[m.round_name])


def _resolve_contributors(plan: ParsedPlan) -> None:
    """The departments each contributor text names, by the seed format's rule (seed_plan)."""
    known = {initiative.responsible_department for initiative in plan.initiatives}
    for initiative in plan.initiatives:
        known.update(split_contributor_list(initiative.contributors_text, known))
    for initiative in plan.initiatives:
        initiative.contributors = split_contributor_list(initiative.contributors_text, known)
