"""Test data built with factory_boy: each test builds the few rows it needs.

The seed files (seeds/) are fixtures for the import tests and the tests of the seed's own
content; rule and page tests use these factories, so they do not depend on facts such as
"3.04 belongs to Ejendomme" in a 35-initiative document.

- Model factories: CommitteeFactory … MilestoneFactory, UserFactory/ProfileFactory,
  RatingFactory (written directly, no rules), EconomyRevisionFactory, ReportJobFactory.
  The term report's factories are in tests/term/factories.py.
- user_with_role(): a user with a role and departments, as the admin sets one up.
- plan_with_rounds() + add_initiative(): an agreement with the year's four follow-up rounds,
  one committee's plan of it, and numbered initiatives with a milestone per round.
- rate(): a rating through followup.services.save_rating, i.e. through the rules.
"""

import datetime

import factory
from django.contrib.auth import get_user_model

from milepael.followup import services as followup_services
from milepael.followup.models import Economy, EconomyRevision, Effort, Rating
from milepael.organisation.models import Committee, Department, Profile
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme
from milepael.reports.models import ReportJob

PASSWORD = "pw-milepael-123"

# The budget follow-up calendar of a year (as in seed 000): three follow-ups and the year end.
ROUND_NAMES = ("1. budgetopfølgning {year}", "2. budgetopfølgning {year}", "3. budgetopfølgning {year}", "31.12.{year}")
# Theme titles as in seed 000, so pages and reports built from factories read like the real thing.
THEME_TITLES = {
    1: "Vision 2029",
    2: "Budget i balance med plads til investeringer",
    3: "Sammenhængende udviklingsforløb 0-25 år",
    4: "Sundhed, Ældre og Voksne med særlige behov",
    5: "Erhverv og Beskæftigelse",
    6: "Befolkning og Boliger",
    7: "Borgeren og Kommunen",
    8: "Ballerup Kommune som virksomhed",
}


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Udvalg {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Center {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    password = factory.django.Password(PASSWORD)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = Profile.Role.READER

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


def user_with_role(role: str | None, departments=(), *, username: str | None = None, **fields):
    """A user with a Profile of `role` (Profile.Role) reporting for `departments` (Department
    objects or names). role=None: a user without a profile, who may see nothing internal."""
    departments = [d if isinstance(d, Department) else DepartmentFactory(name=d) for d in departments]
    user = UserFactory(**({"username": username} if username else {}), **fields)
    if role is not None:
        ProfileFactory(user=user, role=role, departments=departments)
    return user


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Aftale om budget {2030 + n}")
    budget_year = factory.Sequence(lambda n: 2030 + n)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationPlan

    agreement = factory.SubFactory(AgreementFactory)
    committee = factory.SubFactory(CommitteeFactory)
    title = factory.LazyAttribute(lambda o: f"Udmøntning af {o.agreement.title} for {o.committee.name}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tema {n}")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpRound

    agreement = factory.SubFactory(AgreementFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"{o.ordinal}. budgetopfølgning {o.agreement.budget_year}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    plan = factory.SubFactory(PlanFactory)
    theme = factory.SubFactory(ThemeFactory, agreement=factory.SelfAttribute("..plan.agreement"))
    number = factory.LazyAttributeSequence(lambda o, n: f"{o.theme.number}.{n + 1:02d}")
    title = factory.Sequence(lambda n: f"Indsats {n}")
    kind = Initiative.Kind.OPERATING
    description = "<p>Beskrivelse</p>"
    responsible_department = factory.SubFactory(DepartmentFactory)
    responsible_committee = factory.SelfAttribute("plan.committee")
    economy_text = "<p>Der er ikke afsat økonomi.</p>"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    round = factory.SubFactory(RoundFactory, agreement=factory.SelfAttribute("..initiative.plan.agreement"))
    text = factory.Sequence(lambda n: f"<p>Milepæl {n}</p>")


class RatingFactory(factory.django.DjangoModelFactory):
    """An approved green/green rating written directly, without the rules (for reports,
    counts and public pages); use rate() to go through followup.services."""

    class Meta:
        model = Rating

    initiative = factory.SubFactory(InitiativeFactory)
    round = factory.SubFactory(RoundFactory, agreement=factory.SelfAttribute("..initiative.plan.agreement"))
    effort = Effort.GREEN
    economy = Economy.GREEN
    status = Rating.Status.APPROVED


class EconomyRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EconomyRevision

    initiative = factory.SubFactory(InitiativeFactory)
    text = "<p>Revideret økonomi.</p>"
    approved_on = datetime.date(2018, 1, 10)
    approval_reference = factory.Sequence(lambda n: f"KB {n}")
    created_by = factory.SubFactory(UserFactory)


class ReportJobFactory(factory.django.DjangoModelFactory):
    """A finished background report (an Excel file) ordered by `created_by`."""

    class Meta:
        model = ReportJob

    plan = factory.SubFactory(PlanFactory)
    format = "xlsx"
    status = ReportJob.Status.DONE
    progress = 100
    filename = "udmoentning.xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = b"PK\x03\x04 en faerdig rapport"
    created_by = factory.SubFactory(UserFactory)


def plan_with_rounds(
    *, year: int = 2018, committee: str = "Økonomiudvalget", agreement: Agreement | None = None, **fields
) -> ImplementationPlan:
    """The committee's plan of »Aftale om budget <year>«, dated 22 December of the year
    before, with the year's four follow-up rounds (all planned, no deadline). Pass an
    existing `agreement` for a second committee's plan of the same agreement."""
    if agreement is None:
        agreement = AgreementFactory(title=f"Aftale om budget {year}", budget_year=year)
        for ordinal, name in enumerate(ROUND_NAMES, start=1):
            RoundFactory(agreement=agreement, ordinal=ordinal, name=name.format(year=year))
    committee_ = CommitteeFactory(name=committee)
    defaults = {
        "title": f"Udmøntning af {agreement.title} for {committee}s ansvarsområde",
        "date": datetime.date(agreement.budget_year - 1, 12, 22),
    }
    return PlanFactory(agreement=agreement, committee=committee_, **(defaults | fields))


def add_initiative(
    plan: ImplementationPlan,
    number: str,
    *,
    department: Department | str,
    milestones: dict[int, str] | None = None,
    blank_rounds=(),
    **fields,
) -> Initiative:
    """Initiative `number` of `plan`, under the theme its number starts with (created when
    missing), with a milestone for every round of the agreement: the text given in
    `milestones` (by round ordinal), blank for the ordinals in `blank_rounds`, otherwise
    "Milepæl for <number> i <round>"."""
    theme_number = int(number.split(".")[0])
    theme, _created = Theme.objects.get_or_create(
        agreement=plan.agreement,
        number=theme_number,
        defaults={"title": THEME_TITLES.get(theme_number, f"Tema {theme_number}")},
    )
    if isinstance(department, str):
        department = DepartmentFactory(name=department)
    fields.setdefault("title", f"Indsats {number}")
    initiative = InitiativeFactory(plan=plan, theme=theme, number=number, responsible_department=department, **fields)
    for round_ in plan.agreement.rounds.order_by("ordinal"):
        if round_.ordinal in blank_rounds:
            text = ""
        else:
            text = (milestones or {}).get(round_.ordinal, f"<p>Milepæl for {number} i {round_.name}.</p>")
        Milestone.objects.create(initiative=initiative, round=round_, text=text)
    return initiative


def rate(
    initiative: Initiative,
    round_: FollowUpRound,
    user,
    data: followup_services.RatingInput | None = None,
    *,
    version: int = 0,
    submit: bool = True,
) -> Rating:
    """Save a rating through the rules (followup.services.save_rating); green/green by default."""
    if data is None:
        data = followup_services.RatingInput(effort=Effort.GREEN, economy=Economy.GREEN)
    return followup_services.save_rating(
        initiative=initiative, round_=round_, user=user, data=data, expected_version=version, submit=submit
    )
