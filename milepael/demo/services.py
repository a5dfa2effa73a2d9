"""Demo data for `make run`: the seed plan and the term report (seeds 000 and 002), a second
committee's plan of the same agreement generated from the seed (demo.committees), the
municipality, users for every role, one closed and published round with clearly marked demo
ratings, and one open round."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from milepael.exchange.economy_amounts import initiative_suggestion
from milepael.exchange.plan_import import PlanImportReport, import_plan_file
from milepael.followup import services as followup
from milepael.followup.models import Economy, Effort, Indicator
from milepael.organisation.models import Department, Organisation, Profile
from milepael.plans.economy import set_economy_amounts
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative
from milepael.public.services import publish_round
from milepael.search.indexing import rebuild as rebuild_search_index

from .committees import DEMO_MARK, ensure_demo_committee_plan
from .term import load_term_demo

SEED_DIR = Path(settings.BASE_DIR) / "seeds"
PLAN_SEED = SEED_DIR / "000_616c72004517a9f2.txt"
SEED_AGREEMENT = "Aftale om budget 2018"
DEMO_MUNICIPALITY = "Ballerup Kommune"
# The open round's deadline, from the day the demo is loaded.
DEMO_DEADLINE_IN = datetime.timedelta(days=14)
DEMO_PASSWORD = "milepael-demo"  # noqa: S105 - printed demo credential, embedded mode only
# username, full name, role, departments
DEMO_USERS = [
    ("okonomi", "Økonomi og Styring (demo)", Profile.Role.ADMINISTRATOR, []),
    ("ejendomme", "Center for Ejendomme (demo)", Profile.Role.REPORTER, ["Ejendomme"]),
    ("politisk", "Politisk Sekretariat (demo)", Profile.Role.REPORTER, ["Politisk Sekretariat"]),
    ("laeser", "Politiker (demo)", Profile.Role.READER, []),
]


def seed_plan() -> ImplementationPlan:
    """The plan imported from seed 000 (Økonomiudvalget's), not the demo committee's."""
    return ImplementationPlan.objects.exclude(committee__name__startswith=DEMO_MARK).get(
        agreement__title=SEED_AGREEMENT
    )


def _demo_rating(initiative: Initiative, index: int) -> followup.RatingInput:
    """Plausible, varied ratings: mostly green, some yellow and a red, clearly marked."""
    milestone = initiative.milestones.get(round__ordinal=1)
    if milestone.is_blank:
        effort, comment = Effort.NO_MILESTONE, ""
    elif index % 7 == 3:
        effort, comment = Effort.YELLOW, DEMO_MARK + "Forsinket en måned; årets mål nås fortsat."
    elif index % 11 == 5:
        effort, comment = Effort.RED, DEMO_MARK + "Afventer politisk beslutning; milepælen nås ikke i perioden."
    else:
        effort, comment = Effort.GREEN, DEMO_MARK + "Milepælen er nået."
    red_economy = index % 13 == 6
    return followup.RatingInput(
        effort=effort,
        effort_comment=comment,
        economy=Economy.RED if red_economy else Economy.GREEN,
        economy_comment=DEMO_MARK + ("Merudgift på 0,3 mio. kr." if red_economy else "Budgettet holder."),
        alternative_financing=DEMO_MARK + "Finansieres af centrets driftsramme." if red_economy else "",
    )


def _ensure_users() -> list[tuple[str, str, bool]]:
    User = get_user_model()
    accounts = []
    for username, full_name, role, departments in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            first, _sep, last = full_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.is_staff = role == Profile.Role.ADMINISTRATOR
            user.is_superuser = role == Profile.Role.ADMINISTRATOR
            user.set_password(DEMO_PASSWORD)
            user.save()
            profile = Profile.objects.create(user=user, role=role)
            profile.departments.set(Department.objects.filter(name__in=departments))
        accounts.append((username, DEMO_PASSWORD, created))
    return accounts


def _ensure_rounds(admin) -> None:
    """Round 1 closed with demo ratings, round 2 open; only the first time."""
    first = FollowUpRound.objects.filter(ordinal=1).select_related("agreement").first()
    if first is None or first.status != FollowUpRound.Status.PLANNED:
        return
    year = first.agreement.budget_year
    followup.open_round(first, user=admin, deadline=datetime.date(year, 4, 15))
    # Plan by plan, each with its own sequence of demo smileys.
    initiatives = Initiative.objects.filter(plan__agreement=first.agreement).order_by("plan_id", "sort_key")
    indexes: dict[int, int] = {}
    for initiative in initiatives:
        index = indexes[initiative.plan_id] = indexes.get(initiative.plan_id, -1) + 1
        rating = followup.save_rating(
            initiative=initiative,
            round_=first,
            user=admin,
            data=_demo_rating(initiative, index),
            expected_version=0,
            submit=True,
        )
        followup.approve_rating(rating, user=admin, expected_version=rating.version)
    _demo_indicator(first, admin)
    followup.close_round(first, user=admin)
    publish_round(first, user=admin)
    second = FollowUpRound.objects.get(agreement=first.agreement, ordinal=2)
    # Due in two weeks from the day the demo is loaded: the start pages count down to it (a
    # deadline in the seed's year would read »overskredet med 3.000 dage«).
    followup.open_round(second, user=admin, deadline=timezone.localdate() + DEMO_DEADLINE_IN)


def _demo_indicator(first: FollowUpRound, admin) -> None:
    """A key figure on 3.04 (indoor climate), with its value in round 1."""
    initiative = Initiative.objects.filter(plan__agreement=first.agreement, number="3.04").first()
    if initiative is None:
        return
    indicator = Indicator.objects.create(
        initiative=initiative,
        name=DEMO_MARK + "Dagtilbud med klager over indeklimaet",
        unit="antal",
        baseline=Decimal("14"),
        target=Decimal("4"),
    )
    followup.save_indicator_values(
        initiative=initiative, round_=first, user=admin, values={indicator.pk: Decimal("11")}
    )


@transaction.atomic
def load_demo() -> tuple[PlanImportReport, list[tuple[str, str, bool]]]:
    """Idempotent: running it again changes nothing. Returns the import report and the
    demo accounts as (username, password, created). Never in production (known passwords)."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "The demo data (with its known passwords) is never loaded with MILEPAEL_PRODUCTION=1."
        )
    if not Organisation.objects.exists():
        Organisation.objects.create(name=DEMO_MUNICIPALITY)
    report = import_plan_file(PLAN_SEED.read_bytes())
    load_term_demo()
    accounts = _ensure_users()
    admin = get_user_model().objects.get(username=DEMO_USERS[0][0])
    if FollowUpRound.objects.filter(
        agreement=report.plan.agreement, ordinal=1, status=FollowUpRound.Status.PLANNED
    ).exists():
        # Before round 1 is opened and rated: the demo committee's plan is rated with the seed's.
        ensure_demo_committee_plan(report.plan)
    _confirm_demo_amounts(report.plan.agreement_id)
    _ensure_rounds(admin)
    rebuild_search_index()
    return report, accounts


@transaction.atomic
def _confirm_demo_amounts(agreement_id: int) -> None:
    """The amounts each economy text states, stored as an administrator confirms them in the
    import preview, so the demo's pages and reports show budget totals. Initiatives that have
    amounts keep them (idempotent)."""
    initiatives = Initiative.objects.filter(plan__agreement_id=agreement_id, economy_amounts__isnull=True)
    for initiative in initiatives.select_related("plan__agreement"):
        reading = initiative_suggestion(initiative)
        if reading.amounts:
            set_economy_amounts(initiative, reading.amounts)
