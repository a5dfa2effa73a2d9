"""Plans larger than the seed, for the benchmarks: the seed's 35 initiatives repeated with new
theme and initiative numbers, imported through the real importer, and round 1 rated
(approved), closed and published.

    .venv/bin/python benchmarks/generate.py [--factor 100]   # prints what it would import

Copy k (0-based) of theme n gets number k·8 + n (copy 0 is the seed itself) and the title
"<title> (k+1)"; its initiatives keep their text and get the theme's new number as their
first part (2.02.1 → 10.02.1 in copy 1). Contributors, milestones and economy texts are the
seed's, so every row looks like a real one.
"""

import argparse
import dataclasses
import datetime
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SEED


def seed_plan():
    from milepael.exchange.seed_plan import read_plan_text

    return read_plan_text(SEED.read_bytes())


def scaled_plan(factor: int):
    """The seed as a `ParsedPlan` with `factor` times its themes and initiatives."""
    seed = seed_plan()
    if factor == 1:
        return seed
    step = max(theme.number for theme in seed.themes)
    themes = []
    for copy in range(factor):
        for theme in seed.themes:
            number = copy * step + theme.number
            initiatives = [
                dataclasses.replace(
                    initiative,
                    number=f"{number}.{initiative.number.split('.', 1)[1]}",
                    contributors=list(initiative.contributors),
                    milestones=[dataclasses.replace(m) for m in initiative.milestones],
                )
                for initiative in theme.initiatives
            ]
            title = theme.title if copy == 0 else f"{theme.title} ({copy + 1})"
            themes.append(dataclasses.replace(theme, number=number, title=title, initiatives=initiatives))
    return dataclasses.replace(seed, themes=themes)


def publish_rated_round(plan, admin, *, ordinal: int = 1, publish: bool = True):
    """Open round `ordinal` (service), approved ratings for every initiative (bulk-created rows,
    as varied as the demo's), close and publish it (services; `publish` False: closed only).
    Returns the round."""
    from milepael.followup import services as followup
    from milepael.followup.models import Economy, Effort, Rating
    from milepael.plans.models import FollowUpRound, Milestone
    from milepael.public.services import publish_round

    round_ = FollowUpRound.objects.get(agreement_id=plan.agreement_id, ordinal=ordinal)
    year = plan.agreement.budget_year
    followup.open_round(round_, user=admin, deadline=datetime.date(year, 4, 15))
    texts = dict(Milestone.objects.filter(round=round_, initiative__plan=plan).values_list("initiative_id", "text"))
    ratings = []
    ids = plan.initiatives.order_by("sort_key").values_list("pk", flat=True)
    for index, initiative_id in enumerate(ids):
        if not texts.get(initiative_id, "").strip():
            effort, comment = Effort.NO_MILESTONE, ""
        elif index % 7 == 3:
            effort, comment = Effort.YELLOW, "Forsinket en måned; årets mål nås fortsat."
        elif index % 11 == 5:
            effort, comment = Effort.RED, "Afventer politisk beslutning."
        else:
            effort, comment = Effort.GREEN, "Milepælen er nået."
        red_economy = index % 13 == 6
        ratings.append(
            Rating(
                initiative_id=initiative_id,
                round=round_,
                effort=effort,
                effort_comment=comment,
                economy=Economy.RED if red_economy else Economy.GREEN,
                economy_comment="Merudgift på 0,3 mio. kr." if red_economy else "Budgettet holder.",
                alternative_financing="Centrets driftsramme." if red_economy else "",
                status=Rating.Status.APPROVED,
                updated_by=admin,
            )
        )
    Rating.objects.bulk_create(ratings, batch_size=500)
    followup.close_round(round_, user=admin)
    if publish:
        publish_round(round_, user=admin)
    return round_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()  # parsing only; touches no database
    plan = scaled_plan(args.factor)
    initiatives = plan.initiatives
    print(
        f"{len(plan.themes)} themes, {len(initiatives)} initiatives, {sum(len(i.milestones) for i in initiatives)} milestones"
    )
    print(f"first: {initiatives[0].number}, last: {initiatives[-1].number} ({plan.themes[-1].title})")


if __name__ == "__main__":
    main()
