"""Reading the plan workbook into a `ParsedPlan` (see the package docstring)."""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from milepael.core.imports import WorkbookFormatError, did_you_mean
from milepael.core.xlsx import Sheet, cell_text, load_sheets, normalise_heading, with_headings

from ..columns import WorkbookRow, rows_of
from ..departments import resolve_departments
from ..parsed import ContributorField, ParsedInitiative, ParsedMilestone, ParsedPlan, ParsedTheme
from .layout import (
    INITIATIVE_COLUMNS,
    INITIATIVES,
    MILESTONE_COLUMNS,
    MILESTONES,
    PLAN,
    PLAN_COLUMNS,
    PLAN_FIELDS,
    REQUIRED_FIELDS,
    ROUND_COLUMNS,
    ROUNDS,
)


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
    # The contributor cell is the whole field; the note has a column of its own.
    resolve_departments(plan)
    return plan


def _read_header(sheet: Sheet) -> ParsedPlan:
    cells = _header_cells(sheet)
    values = {
        field.key: field.clean(*cells[field.key]) if field.key in cells else field.clean(None, {})
        for field in PLAN_FIELDS
    }
    plan = ParsedPlan(
        agreement_title=values["agreement"],
        budget_year=values["budget_year"],
        committee=values["committee"],
        title=values["title"],
        date=values["date"],
        contact_person=values["contact_person"],
        phone=values["phone"],
        email=values["email"],
        case_id=values["case_id"],
        intro=values["intro"],
        economy_intro=values["economy_intro"],
    )
    plan.effort_definitions = [values["effort_green"], values["effort_yellow"], values["effort_red"]]
    plan.economy_definitions = [values["economy_green"], values["economy_red"]]
    return plan


def _header_cells(sheet: Sheet) -> dict[str, tuple[object, dict]]:
    """Each header field's value cell and where it is, found by the label beside it."""
    with translation.override("da"):
        by_label = {normalise_heading(_(field.heading)): field for field in PLAN_FIELDS}
    label_column = get_column_letter(sheet.columns["label"] + 1)
    value_column = get_column_letter(sheet.columns["value"] + 1)
    cells: dict[str, tuple[object, dict]] = {}
    for row in sheet.rows:
        label = cell_text(sheet.value(row, "label"))
        field = by_label.get(normalise_heading(label))
        if field is None:
            suggestion = did_you_mean(label, [_(f.heading) for f in PLAN_FIELDS])
            raise WorkbookFormatError(
                _("ukendt felt »%(label)s«.%(suggestion)s") % {"label": label[:40], "suggestion": suggestion},
                sheet=sheet.name,
                row=row[0],
                column=label_column,
            )
        if field.key in cells:
            raise WorkbookFormatError(
                _("feltet »%(label)s« står to gange.") % {"label": label[:40]},
                sheet=sheet.name,
                row=row[0],
                column=label_column,
            )
        where = {"sheet": sheet.name, "row": row[0], "column": f"{value_column} ({label})"}
        cells[field.key] = (sheet.value(row, "value"), where)
    for field in PLAN_FIELDS:
        if field.key in REQUIRED_FIELDS and field.key not in cells:
            raise WorkbookFormatError(_("mangler rækken »%(label)s«.") % {"label": field.heading}, sheet=sheet.name)
    return cells


def _read_rounds(sheet: Sheet) -> list[str]:
    by_ordinal: dict[int, str] = {}
    for row in rows_of(sheet, ROUND_COLUMNS):
        ordinal, name = row.clean("ordinal"), row.clean("name")
        if ordinal in by_ordinal:
            raise row.error("ordinal", _("opfølgning nr. %(ordinal)d står to gange.") % {"ordinal": ordinal})
        if name in by_ordinal.values():
            raise row.error("name", _("opfølgningen »%(name)s« står to gange.") % {"name": name})
        by_ordinal[ordinal] = name
    if not by_ordinal:
        raise WorkbookFormatError(_("der er ingen opfølgninger."), sheet=sheet.name)
    if sorted(by_ordinal) != list(range(1, len(by_ordinal) + 1)):
        raise WorkbookFormatError(
            _("opfølgningerne skal være nummereret 1, 2, 3 … uden huller."), sheet=sheet.name, row=sheet.rows[0][0]
        )
    return [by_ordinal[ordinal] for ordinal in sorted(by_ordinal)]


def _read_initiatives(sheet: Sheet) -> list[ParsedTheme]:
    themes: dict[int, ParsedTheme] = {}
    numbers: set[str] = set()
    for row in rows_of(sheet, INITIATIVE_COLUMNS):
        number = row.clean("number")
        if number in numbers:
            raise row.error("number", _("indsats %(number)s står to gange.") % {"number": number})
        numbers.add(number)
        kind = row.clean("kind")
        theme = _theme_of(row, number, themes)
        theme.initiatives.append(
            ParsedInitiative(
                number=number,
                title=row.clean("title"),
                kind=kind,
                line=row.number,
                responsible_department=row.clean("department"),
                responsible_committee=row.clean("committee"),
                contributor_field=ContributorField(row.clean("contributors"), own_paragraph=True, note_paragraphs=None),
                description=row.clean("description"),
                implementation_note=row.clean("note"),
                economy_text=row.clean("economy"),
            )
        )
    if not themes:
        raise WorkbookFormatError(_("der er ingen indsatser."), sheet=sheet.name)
    return [themes[number] for number in sorted(themes)]


def _theme_of(row: WorkbookRow, number: str, themes: dict[int, ParsedTheme]) -> ParsedTheme:
    """The initiative's theme: its number starts the initiative's, and it has one title."""
    theme_number, theme_title = row.clean("theme_number"), row.clean("theme_title")
    if not number.startswith(f"{theme_number}."):
        raise row.error(
            "theme_number",
            _("indsats %(number)s hører ikke til tema %(theme)d.") % {"number": number, "theme": theme_number},
        )
    theme = themes.setdefault(theme_number, ParsedTheme(number=theme_number, title=theme_title, line=row.number))
    if theme.title != theme_title:
        raise row.error(
            "theme_title",
            _("tema %(number)d hedder »%(title)s« i række %(row)d; samme tema skal have samme titel.")
            % {"number": theme_number, "title": theme.title, "row": theme.line},
        )
    return theme


def _read_milestones(sheet: Sheet, plan: ParsedPlan) -> None:
    initiatives = {initiative.number: initiative for initiative in plan.initiatives}
    order = {name: index for index, name in enumerate(plan.rounds)}
    for row in rows_of(sheet, MILESTONE_COLUMNS):
        number = row.clean("number")
        initiative = initiatives.get(number)
        if initiative is None:
            raise row.error(
                "number",
                _("indsats %(number)s findes ikke i arket »%(sheet)s«.") % {"number": number, "sheet": _(INITIATIVES)},
            )
        round_name = row.clean("round")
        if round_name not in order:
            raise row.error(
                "round",
                _("»%(round)s« er ikke en af opfølgningerne i arket »%(sheet)s«.%(suggestion)s")
                % {"round": round_name, "sheet": _(ROUNDS), "suggestion": did_you_mean(round_name, plan.rounds)},
            )
        if any(m.round_name == round_name for m in initiative.milestones):
            raise row.error(
                "round",
                _("indsats %(number)s har to milepæle for %(round)s.") % {"number": number, "round": round_name},
            )
        initiative.milestones.append(ParsedMilestone(round_name, row.clean("text"), row.number))
    for initiative in initiatives.values():
        initiative.milestones.sort(key=lambda m: order[m.round_name])
