"""The start page of each role, as a list of panels: the next step first, then what the role
follows. A panel is a template and its data; a role's page is the list of panel builders in
PANELS. Adding a panel (say, a graphical overview for readers) is one builder and one
template, appended to the role's list."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milepael.core import fragments
from milepael.followup import overview as overviews
from milepael.followup.calendar import feed_path
from milepael.organisation import permissions
from milepael.organisation.models import Profile
from milepael.plans.models import Agreement
from milepael.plans.selectors import agreement_rounds
from milepael.reports.renderers import PLAN, renderers_of

from . import selectors


@dataclass
class Step:
    """The next thing to do: a sentence, and one primary action (a link, or a button that posts)."""

    text: str
    label: str = ""
    url: str = ""
    post: bool = False
    secondary: list[tuple[str, str]] = field(default_factory=list)  # (label, url) of other useful links


@dataclass
class Panel:
    template: str
    data: object = None


@dataclass
class StartPage:
    step: Step
    panels: list[Panel]


def _deadline_text(round_, days: int | None) -> str:
    if days is None:
        return _("Ingen frist")
    deadline = date_format(round_.deadline, "DATE_FORMAT")
    if days < 0:
        return ngettext(
            "Frist %(deadline)s – overskredet med %(days)d dag",
            "Frist %(deadline)s – overskredet med %(days)d dage",
            -days,
        ) % {"deadline": deadline, "days": -days}
    if days == 0:
        return _("Frist %(deadline)s – i dag") % {"deadline": deadline}
    return ngettext("Frist %(deadline)s – %(days)d dag tilbage", "Frist %(deadline)s – %(days)d dage tilbage", days) % {
        "deadline": deadline,
        "days": days,
    }


# --- Reporter -----------------------------------------------------------------------------


def reporter_page(request: HttpRequest) -> StartPage:
    rounds = selectors.reporter_rounds(request.user)
    for entry in rounds:
        entry.deadline_text = _deadline_text(entry.round, entry.days_left)
    panels = [
        Panel("start/_reporter_rounds.html", rounds),
        Panel("start/_calendar.html", request.build_absolute_uri(feed_path(request.user))),
    ]
    return StartPage(_reporter_step(rounds), panels)


def _reporter_step(rounds: list[selectors.ReporterRound]) -> Step:
    if not rounds:
        return Step(
            _("Der er ingen åben opfølgning for dit center lige nu. Du får besked, når den næste åbner."),
            _("Se udmøntningerne"),
            reverse("plans:home"),
        )
    entry = next((r for r in rounds if r.to_do), rounds[0])
    worklist = reverse("followup:worklist", args=[entry.round.pk])
    returned = entry.counts["returned"]
    if returned:
        text = ngettext(
            "%(count)d vurdering er sendt retur. Ret den, og indsend igen.",
            "%(count)d vurderinger er sendt retur. Ret dem, og indsend igen.",
            returned,
        ) % {"count": returned}
    elif entry.to_do:
        text = ngettext(
            "Du mangler at indsende %(count)d vurdering i %(round)s.",
            "Du mangler at indsende %(count)d vurderinger i %(round)s.",
            entry.to_do,
        ) % {"count": entry.to_do, "round": entry.round.name}
    else:
        text = _("Alt er indsendt i %(round)s. Du får besked, når Økonomi og Styring har gennemgået det.") % {
            "round": entry.round.name
        }
    return Step(text, _("Gå til arbejdslisten"), worklist)


# --- Administrator ------------------------------------------------------------------------


def administrator_page(request: HttpRequest) -> StartPage:
    rounds = selectors.administrator_rounds()
    for entry in rounds:
        entry.deadline_text = _deadline_text(entry.round, entry.days_left)
    finished = selectors.latest_closed_round()
    panels = [Panel("start/_administrator_rounds.html", rounds)]
    if finished is not None:
        panels.append(Panel("start/_finished_round.html", _with_reports(finished)))
    panels.append(Panel("start/_calendar.html", request.build_absolute_uri(feed_path(request.user))))
    return StartPage(_administrator_step(rounds, finished), panels)


def _open_round_step(entry: selectors.AdministratorRound) -> Step:
    round_ = entry.round
    round_url = reverse("followup:round", args=[round_.pk])
    if entry.waiting:
        text = ngettext(
            "%(count)d vurdering venter på din gennemgang i %(round)s.",
            "%(count)d vurderinger venter på din gennemgang i %(round)s.",
            entry.waiting,
        ) % {"count": entry.waiting, "round": round_.name}
        return Step(text, _("Gennemgå indsendte vurderinger"), reverse("followup:review", args=[round_.pk]))
    if entry.not_handed_in and entry.days_left is not None and entry.days_left <= 3:
        text = ngettext(
            "%(count)d center mangler at indsende i %(round)s.",
            "%(count)d centre mangler at indsende i %(round)s.",
            entry.departments_behind,
        ) % {"count": entry.departments_behind, "round": round_.name}
        return Step(text, _("Send påmindelse nu"), reverse("followup:remind", args=[round_.pk]), post=True)
    if entry.not_handed_in:
        text = ngettext(
            "Centrene arbejder: %(count)d indsats mangler at blive indsendt i %(round)s.",
            "Centrene arbejder: %(count)d indsatser mangler at blive indsendt i %(round)s.",
            entry.not_handed_in,
        ) % {"count": entry.not_handed_in, "round": round_.name}
        return Step(text, _("Følg opfølgningen"), round_url)
    text = _("Alle vurderinger i %(round)s er godkendt.") % {"round": round_.name}
    return Step(text, _("Luk opfølgningen"), reverse("followup:round_close", args=[round_.pk]))


def _administrator_step(rounds: list[selectors.AdministratorRound], finished) -> Step:
    if rounds:
        return _open_round_step(rounds[0])
    if finished is not None and not finished.is_published:
        text = _("%(round)s er lukket. Hent rapporten til udvalget, og offentliggør status for borgerne.") % {
            "round": finished.round.name
        }
        reports = [(_("Rapporter"), reverse("reports:plan_reports", args=[plan.pk])) for plan in finished.plans]
        return Step(text, _("Offentliggør"), reverse("public:publish", args=[finished.round.pk]), secondary=reports)
    if finished is not None and finished.next_round is not None:
        text = _("%(round)s er offentliggjort. Næste opfølgning er %(next)s.") % {
            "round": finished.round.name,
            "next": finished.next_round.name,
        }
        return Step(text, _("Åbn næste opfølgning"), reverse("followup:round", args=[finished.next_round.pk]))
    return Step(_("Der er ingen åben opfølgning."), _("Se opfølgningerne"), reverse("followup:rounds"))


# --- Reader -------------------------------------------------------------------------------


def _with_reports(finished: selectors.FinishedRound) -> selectors.FinishedRound:
    """Give each plan of the round its report downloads: (format name, address)."""
    downloadable = [r for r in renderers_of(PLAN) if r.downloadable]
    for plan in finished.plans:
        plan.report_links = [
            (
                str(r.verbose_name),
                reverse("reports:followup_report", args=[plan.pk, finished.round.ordinal, r.identifier]),
            )
            for r in downloadable
        ]
    return finished


@dataclass
class OverviewPanel:
    overview: overviews.Overview
    title: str  # the chart's
    shown: list[overviews.GroupCounts]  # the chart's themes: selectors.most_in_need
    alt: str  # the chart's numbers in words

    def chart(self) -> bytes:
        """The chart as an SVG file (views.overview_chart): inline it was most of the page."""
        return overviews.drawn_chart(self.title, self.shown).content


def overview_panel() -> Panel | None:
    """»Overblik« in short (the newest agreement's plans together, or its one plan): the
    effort smileys in all and per theme (of many themes, those most in need of attention).
    The same for every reader: kept until the next write (core.fragments)."""
    return fragments.remember(("start-reader-overview",), _overview_panel)


def _overview_panel() -> Panel | None:
    subject = overviews.newest_subject()
    if subject is None:
        return None
    agreement_id = subject.pk if isinstance(subject, Agreement) else subject.agreement_id
    data = overviews.overview(subject, agreement_rounds(agreement_id))
    if data.round is None or not data.total.total:
        return None
    shown = selectors.most_in_need(data.by_theme)
    title = _("Indsats pr. tema")
    if len(shown) < len(data.by_theme):
        title = _("Indsats i de %(shown)d temaer med flest sure smileys") % {"shown": len(shown)}
    return Panel("start/_overview.html", OverviewPanel(data, title, shown, overviews.alt_text(title, shown)))


def _round_summary(finished: selectors.FinishedRound) -> Panel:
    return Panel("start/_round_summary.html", selectors.round_summary(finished.round))


def reader_page(request: HttpRequest) -> StartPage:
    finished = selectors.latest_closed_round()
    overview = overview_panel()
    panels = [overview] if overview is not None else []
    if finished is not None:
        summary = fragments.remember(("start-round-summary", finished.round.pk), lambda: _round_summary(finished))
        panels.append(summary)
        panels.append(Panel("start/_finished_round.html", _with_reports(finished)))
    in_progress = selectors.open_rounds()
    for round_ in in_progress:
        round_.deadline_text = _deadline_text(round_, selectors.days_left(round_.deadline))
    panels.append(Panel("start/_in_progress.html", in_progress))
    return StartPage(_reader_step(finished), panels)


def _reader_step(finished) -> Step:
    if finished is None:
        return Step(
            _("Der er ingen afsluttede opfølgninger endnu. Her kan du læse udmøntningerne."),
            _("Se udmøntningerne"),
            reverse("plans:home"),
        )
    plan = finished.plans[0] if finished.plans else None
    text = _("Status for %(round)s er klar. Læs rapporten til udvalget.") % {"round": finished.round.name}
    if plan is None:
        return Step(text)
    return Step(
        text, _("Læs rapporten"), reverse("reports:followup_report", args=[plan.pk, finished.round.ordinal, "html"])
    )


# The start page of each role. Readers never see reporter tools.
PANELS: dict[str, Callable[[HttpRequest], StartPage]] = {
    Profile.Role.REPORTER: reporter_page,
    Profile.Role.ADMINISTRATOR: administrator_page,
    Profile.Role.READER: reader_page,
}


def start_page(request: HttpRequest) -> StartPage:
    """The start page for the user's role."""
    return PANELS[permissions.role_of(request.user)](request)
