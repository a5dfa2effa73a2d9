"""The worklist: every initiative the user rates in the round, rated in place.

Each row is part of one form. With JavaScript, htmx saves a row as a draft as soon as it
changes (the row's state and version are swapped in, the inputs are left alone, so nothing
typed meanwhile is lost) and »Indsend alle færdige« swaps the list in place. Without it, a
row's »Gem kladde« posts the form and comes back to the row's anchor, and »Indsend alle
færdige« posts it all; either way the page keeps what was typed and shows errors in place."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
from milepael.plans.models import FollowUpRound, Initiative

from .. import selectors, services
from ..economy import YearEconomy, year_economy_for
from ..forms import RATING_FIELDS, RatingForm, WorklistRowForm
from ..models import Rating, RatingMessage
from .common import add_service_errors, initiative_to_rate, worklist_page_of, worklist_row_url


@dataclass
class Row:
    """One row of the worklist: the initiative (with `.milestone`, `.rating`, `.by_round`),
    its form when the user may rate it now, and what this request did to it."""

    initiative: Initiative
    form: RatingForm | None
    conflict: Rating | None = None
    saved: Rating | None = None
    year: int = 0  # the round's budget year

    @property
    def year_economy(self) -> YearEconomy:
        """The budget year beside the row's expected result: as typed, else as stored."""
        budget = getattr(self.initiative, "year_budget_kr", None)
        if self.form is not None and self.form.is_bound:
            return year_economy_for(self.year, budget, self.form["expected_result_kr"].value() or "")
        return YearEconomy(self.year, budget, self.rating.expected_result_kr if self.rating else None)

    @property
    def rating(self) -> Rating | None:
        return self.saved or self.initiative.rating

    @property
    def latest_remark(self) -> RatingMessage | None:
        """The reviewer's latest message about the stored rating (why it was sent back)."""
        stored = self.initiative.rating
        remarks = [m for m in stored.messages.all() if m.side == RatingMessage.Side.REVIEWER] if stored else []
        return remarks[-1] if remarks else None

    @property
    def version(self) -> int:
        """The version the next save of this row is based on: what was just saved, the other
        person's newer version after a conflict, else what the form carried or what is stored."""
        if self.saved is not None:
            return self.saved.version
        if self.conflict is not None:
            return self.conflict.version
        if self.form is not None and self.form.is_bound:
            return self.form["version"].value()
        return self.rating.version if self.rating else 0


def _milestone_blank(initiative: Initiative) -> bool:
    return initiative.milestone is None or initiative.milestone.is_blank


def _row(request, round_: FollowUpRound, initiative: Initiative, data=None) -> Row:
    rating = initiative.rating
    editable = (
        round_.is_open
        and permissions.can_rate(request.user, initiative)
        and (rating is None or permissions.can_edit_rating(request.user, rating))
    )
    year = round_.agreement.budget_year
    if not editable:
        return Row(initiative, None, year=year)
    blank = _milestone_blank(initiative)
    form = WorklistRowForm(
        data,
        prefix=f"r{initiative.pk}",
        initial=RatingForm.initial_for(rating, milestone_blank=blank),
        milestone_blank=blank,
        plan=initiative.plan,
        suggestion_url=reverse("followup:expected_result", args=[round_.pk, initiative.pk]),
    )
    form.summary_prefix = initiative.number
    return Row(initiative, form, year=year)


def _rows_page(request, round_: FollowUpRound, number=None, *, showing: int | None = None):
    """The page of the user's worklist asked for (`side`), or the one `showing` that
    initiative, as a Paginator page of ids."""
    ids = selectors.worklist_ids(round_, request.user)
    if showing is not None:
        number = worklist_page_of(ids, showing)
    return Paginator(ids, settings.MILEPAEL_WORKLIST_PER_PAGE).get_page(number or request.GET.get("side"))


def _worklist_url(round_: FollowUpRound, number: int) -> str:
    url = reverse("followup:worklist", args=[round_.pk])
    return f"{url}?side={number}" if number > 1 else url


def _pager(round_: FollowUpRound, page) -> dict:
    """The page and the addresses of the previous and next (followup/_pager.html)."""
    return {
        "page": page,
        "previous": _worklist_url(round_, page.previous_page_number()) if page.has_previous() else "",
        "next": _worklist_url(round_, page.next_page_number()) if page.has_next() else "",
    }


def _page(request, round_: FollowUpRound, rows: list[Row], page, *, summary: dict | None = None, status: int = 200):
    context = {
        "round": round_,
        "rows": rows,
        "pager": _pager(round_, page),
        "plans": list(round_.agreement.plans.all()),
        "submittable": selectors.submittable_count(round_, request.user),
        "can_rate_any": any(row.form is not None for row in rows),
        "summary": summary,
        "row_forms": [row.form for row in rows if row.form is not None and row.form.errors],
    }
    return render(request, "followup/worklist.html", context, status=status)


@internal_required
def worklist(request, pk: int):
    """GET: the list. POST: »Indsend alle færdige« – every row with both smileys is submitted,
    every other changed row kept as a draft, each on its own; errors and conflicts in place."""
    round_ = get_or_404(selectors.round_for_page, pk)
    # A long worklist comes in pages (each row is a form); the form posts the page it shows.
    page = _rows_page(request, round_, request.POST.get("side"))
    initiatives = selectors.worklist(round_, request.user, among=list(page.object_list))
    if request.method != "POST":
        return _page(request, round_, [_row(request, round_, i) for i in initiatives], page)
    if not any(permissions.can_rate(request.user, i) for i in initiatives):
        raise PermissionDenied
    rows = [_row(request, round_, i, request.POST) for i in initiatives]
    # The page's rows as typed, and the complete drafts the other pages' rows saved already.
    to_save = _rows_to_save(rows) + _complete_elsewhere(round_, request.user, page)
    results = services.submit_ratings(round_=round_, user=request.user, rows=to_save)
    outcomes = {o.initiative.pk: o for o in results}
    for row in rows:
        outcome = outcomes.get(row.initiative.pk)
        if outcome is not None:
            _apply_outcome(row, outcome)
    shown = {row.initiative.pk for row in rows}
    elsewhere = [o.initiative.number for o in results if o.initiative.pk not in shown and (o.errors or o.conflict)]
    summary = _summary(to_save, results, elsewhere)
    if not request.htmx and not summary["problems"]:
        messages.success(request, summary["text"])
        return redirect(_worklist_url(round_, page.number))
    status = 409 if summary["conflicts"] else 422 if summary["problems"] else 200
    return _page(request, round_, rows, page, summary=summary, status=status)


def _complete_elsewhere(round_: FollowUpRound, user, page) -> list[services.RowToSave]:
    """The user's complete drafts on the worklist's other pages, to submit as they are stored."""
    drafts = selectors.complete_drafts(round_, user, besides=list(page.object_list))
    return [
        services.RowToSave(
            rating.initiative,
            services.RatingInput.from_data({name: getattr(rating, name) for name in RATING_FIELDS}),
            rating.version,
        )
        for rating in drafts
    ]


def _rows_to_save(rows: list[Row]) -> list[services.RowToSave]:
    to_save = []
    for row in rows:
        form = row.form
        if form is None or not form.is_valid():
            continue
        data = form.to_input()
        complete = bool(data.effort and data.economy)
        handed_in = row.rating is not None and row.rating.status in selectors.DONE
        if complete and not handed_in:
            to_save.append(services.RowToSave(row.initiative, data, form.cleaned_data["version"], submit=True))
        elif form.has_changed():
            to_save.append(services.RowToSave(row.initiative, data, form.cleaned_data["version"], submit=False))
    return to_save


def _apply_outcome(row: Row, outcome: services.RowOutcome) -> None:
    """Put a row's outcome on the row: what was saved, or the newer version it conflicts with
    (the user's text stays in the fields; the next save, based on that version, replaces it),
    or the rules' messages on the fields."""
    if outcome.rating is not None:
        row.saved = outcome.rating
    elif outcome.conflict is not None:
        row.conflict = outcome.conflict
    elif outcome.errors:
        add_service_errors(row.form, ValidationError(outcome.errors))


def _summary(to_save: list[services.RowToSave], outcomes, elsewhere: list[str]) -> dict:
    """The sentence after »Indsend alle færdige«; `elsewhere`: the numbers of rows on other
    pages that could not be submitted (their problems are shown on their own page)."""
    submitted = sum(1 for o in outcomes if o.rating is not None and o.rating.status == Rating.Status.SUBMITTED)
    drafts = sum(1 for o in outcomes if o.rating is not None and o.rating.status == Rating.Status.DRAFT)
    conflicts = sum(1 for o in outcomes if o.conflict is not None)
    problems = conflicts + sum(1 for o in outcomes if o.errors)
    parts = []
    if submitted:
        parts.append(
            ngettext("%(count)d vurdering er indsendt.", "%(count)d vurderinger er indsendt.", submitted)
            % {"count": submitted}
        )
    if drafts:
        parts.append(ngettext("%(count)d kladde er gemt.", "%(count)d kladder er gemt.", drafts) % {"count": drafts})
    here = problems - len(elsewhere)
    if here:
        parts.append(
            ngettext(
                "%(count)d indsats skal rettes – se ved indsatsen.",
                "%(count)d indsatser skal rettes – se ved indsatserne.",
                here,
            )
            % {"count": here}
        )
    if elsewhere:
        parts.append(
            ngettext(
                "Indsats %(numbers)s på en anden side kunne ikke indsendes – åbn den, og ret den.",
                "Indsatserne %(numbers)s på andre sider kunne ikke indsendes – åbn dem, og ret dem.",
                len(elsewhere),
            )
            % {"numbers": ", ".join(elsewhere)}
        )
    if not to_save:
        parts.append(_("Der var ingen færdige vurderinger at indsende."))
    return {"text": " ".join(parts), "problems": problems, "conflicts": conflicts}


@require_POST
@internal_required
def worklist_row(request, pk: int, initiative_pk: int):
    """Save one row as a draft: htmx's autosave (answers with the row's new state) or the
    row's »Gem kladde« without JavaScript (back to the row's anchor)."""
    round_, initiative = initiative_to_rate(request, pk, initiative_pk)
    (entry,) = selectors.worklist(round_, request.user, only=initiative.pk) or [initiative]
    row = _row(request, round_, entry, request.POST)
    status = 200
    if row.form is None:
        status = 422
        if not request.htmx:
            messages.error(request, _("Vurderingen kan ikke ændres: opfølgningen er lukket, eller den er godkendt."))
    elif row.form.is_valid():
        status = _save_row(request, round_, row)
    else:
        status = 422
    if not request.htmx:
        if status == 200:
            messages.success(request, _("Kladden til %(number)s er gemt.") % {"number": initiative.number})
            return redirect(worklist_row_url(round_, request.user, initiative.pk))
        page = _rows_page(request, round_, showing=initiative.pk)
        initiatives = selectors.worklist(round_, request.user, among=list(page.object_list))
        rows = [row if i.pk == initiative.pk else _row(request, round_, i) for i in initiatives]
        return _page(request, round_, rows, page, status=status)
    context = {
        "round": round_,
        "row": row,
        "submittable": selectors.submittable_count(round_, request.user),
        "refused": row.form is None,
    }
    return render(request, "followup/_worklist_row_saved.html", context, status=status)


def _save_row(request, round_: FollowUpRound, row: Row) -> int:
    try:
        row.saved = services.save_rating(
            initiative=row.initiative,
            round_=round_,
            user=request.user,
            data=row.form.to_input(),
            expected_version=row.form.cleaned_data["version"],
        )
    except services.RatingConflict as exc:
        _apply_outcome(row, services.RowOutcome(row.initiative, conflict=exc.current))
        return 409
    except ValidationError as error:
        add_service_errors(row.form, error)
        return 422
    return 200
