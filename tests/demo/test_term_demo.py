"""The demo key figure: entered as data, and equal to the numbers written in seed 002."""

import re
from decimal import Decimal

import pytest

from milepael.demo.term import SICKNESS_VALUES, load_term_demo
from milepael.term.models import KeyFigure, KeyFigureValue, Objective

pytestmark = pytest.mark.django_db


def sickness_values_in_seed(lines: list[str]) -> list[tuple[str, Decimal]]:
    """'2013: 5,7 pct. … 2017 (1-3. kv.): 4,6 pct.' as written in the seed's results cell."""
    [line] = [line for line in lines if "2013: 5,7 pct." in line]
    pairs = re.findall(r"(\d{4}(?: \([^)]*\))?): (\d+,\d+) pct\.", line)
    return [(period, Decimal(value.replace(",", "."))) for period, value in pairs]


def test_demo_values_equal_the_numbers_in_the_seed_text(term_seed_lines):
    from_seed = sickness_values_in_seed(term_seed_lines)
    assert len(from_seed) == 5
    assert from_seed == SICKNESS_VALUES


def test_load_term_demo_creates_the_sickness_key_figure(term_seed_lines):
    report, key_figure = load_term_demo()
    assert report.term.name == "Valgperioden 2014-2017"
    assert key_figure.objective == Objective.objects.get(title="Sygefravær")
    assert key_figure.unit == "pct."
    stored = list(key_figure.values.order_by("position").values_list("period", "value"))
    assert stored == sickness_values_in_seed(term_seed_lines)
    assert key_figure.series().points[-1] == ("2017 (1-3. kv.)", Decimal("4.6"))


def test_load_term_demo_is_idempotent():
    load_term_demo()
    before = (list(KeyFigure.objects.values()), list(KeyFigureValue.objects.values()))
    report, _key_figure = load_term_demo()
    assert report.changes == []
    assert (list(KeyFigure.objects.values()), list(KeyFigureValue.objects.values())) == before
