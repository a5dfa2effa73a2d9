import factory

from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme


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
