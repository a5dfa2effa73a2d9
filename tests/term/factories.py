from decimal import Decimal

import factory

from milepael.term.models import Area, ElectionTerm, KeyFigure, KeyFigureValue, Objective
from tests.factories import CommitteeFactory


class ElectionTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectionTerm

    committee = factory.SubFactory(CommitteeFactory)
    start_year = factory.Sequence(lambda n: 2014 + 4 * n)
    end_year = factory.LazyAttribute(lambda o: o.start_year + 3)
    name = factory.LazyAttribute(lambda o: f"Valgperioden {o.start_year}-{o.end_year}")
    title = factory.LazyAttribute(lambda o: f"Status på {o.committee.name}s strategiske indsatser, {o.name.lower()}")
    intro = "<p>Indledning.</p>"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    term = factory.SubFactory(ElectionTermFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"OMRÅDE {n}")
    display_name = factory.Sequence(lambda n: f"Område {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    area = factory.SubFactory(AreaFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Målsætning {n}")
    actions = factory.Sequence(lambda n: f"<p>Tiltag {n}</p>")
    results = factory.Sequence(lambda n: f"<p>Resultat {n}</p>")


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    objective = factory.SubFactory(ObjectiveFactory)
    position = 1
    name = factory.Sequence(lambda n: f"Nøgletal {n}")
    unit = "pct."


class KeyFigureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigureValue

    key_figure = factory.SubFactory(KeyFigureFactory)
    position = factory.Sequence(lambda n: n + 1)
    period = factory.LazyAttribute(lambda o: str(2012 + o.position))
    value = Decimal("5.5")
