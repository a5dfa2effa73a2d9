"""Demo data for the election-term report: seed 002 and its sickness-absence key figure."""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from milepael.exchange.term_import import TermImportReport, import_term_file
from milepael.term.models import ElectionTerm, KeyFigure, KeyFigureValue, Objective

TERM_SEED = Path(settings.BASE_DIR) / "seeds" / "002_b13bb6347c3a9252.txt"

# Entered as data, the way a user would in the admin: the values are written in the
# results text of the objective "Sygefravær" in seed 002 (a test checks they agree).
SICKNESS_OBJECTIVE = "Sygefravær"
SICKNESS_KEY_FIGURE = {
    "name": "Sygefravær",
    "unit": "pct.",
    "description": "Sygefraværsprocent for ansatte i Ballerup Kommune. "
    "Procentsatserne er fra kommunens lokale system for fraværsdata.",
}
SICKNESS_VALUES = [
    ("2013", Decimal("5.7")),
    ("2014", Decimal("5.9")),
    ("2015", Decimal("5.3")),
    ("2016", Decimal("5.1")),
    ("2017 (1-3. kv.)", Decimal("4.6")),
]


@transaction.atomic
def load_term_demo() -> tuple[TermImportReport, KeyFigure]:
    """Import seed 002 and enter its sickness-absence key figure. Idempotent."""
    report = import_term_file(TERM_SEED.read_bytes())
    term: ElectionTerm = report.term
    objective = Objective.objects.get(area__term=term, title=SICKNESS_OBJECTIVE)
    key_figure, _created = KeyFigure.objects.update_or_create(
        objective=objective,
        name=SICKNESS_KEY_FIGURE["name"],
        defaults={"unit": SICKNESS_KEY_FIGURE["unit"], "description": SICKNESS_KEY_FIGURE["description"]},
    )
    wanted = [(position, period, value) for position, (period, value) in enumerate(SICKNESS_VALUES, start=1)]
    stored = list(key_figure.values.order_by("position").values_list("position", "period", "value"))
    if stored != wanted:
        # A handful of rows: replacing them is simpler than re-ordering under the unique constraints.
        key_figure.values.all().delete()
        KeyFigureValue.objects.bulk_create(
            KeyFigureValue(key_figure=key_figure, position=position, period=period, value=value)
            for position, period, value in wanted
        )
    return report, key_figure
