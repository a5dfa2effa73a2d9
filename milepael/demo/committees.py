"""A second, clearly marked demo committee's plan of the seed agreement, generated from the
seed plan, so that the agreement's pages (all its committees' plans) show something real on
a fresh `make run`. Everything it writes carries the demo mark."""

from collections import defaultdict
from itertools import count

from django.db import transaction

from milepael.organisation.models import Committee
from milepael.plans.models import ImplementationPlan, Initiative, Milestone

DEMO_MARK = "[DEMO] "
DEMO_COMMITTEE = DEMO_MARK + "Børne- og Skoleudvalget"
# The seed plan's initiatives the demo committee's plan is made of, by theme, renumbered
# with their theme's numbers the seed plan does not use.
DEMO_THEMES = {3: None, 7: 4}  # theme number -> how many of its initiatives (None: all)


def _chosen(seed_plan: ImplementationPlan) -> list[tuple[str, Initiative]]:
    """(new number, seed initiative) for the demo plan, in plan order. The numbers are the
    agreement's: each theme's free numbers in turn (3.01, 3.02, 3.03, 3.05 … when the seed
    plan has 3.04), so a number names one initiative across the agreement's plans."""
    by_theme: dict[int, list[Initiative]] = defaultdict(list)
    initiatives = (
        seed_plan.initiatives.filter(theme__number__in=DEMO_THEMES)
        .select_related("theme")
        .prefetch_related("milestones", "contributors")
        .order_by("sort_key")
    )
    for initiative in initiatives:
        by_theme[initiative.theme.number].append(initiative)
    taken = set(Initiative.objects.filter(plan__agreement=seed_plan.agreement).values_list("number", flat=True))
    chosen = []
    for theme_number, limit in DEMO_THEMES.items():
        free = (f"{theme_number}.{n:02d}" for n in count(1) if f"{theme_number}.{n:02d}" not in taken)
        chosen += [(next(free), initiative) for initiative in by_theme[theme_number][:limit]]
    return chosen


def _plan_header(seed_plan: ImplementationPlan, committee: Committee) -> dict:
    seed_committee = seed_plan.committee.name
    title = seed_plan.title.replace(seed_committee, committee.name.removeprefix(DEMO_MARK))
    return {
        "title": DEMO_MARK + title.removeprefix(DEMO_MARK),
        "date": seed_plan.date,
        "contact_person": DEMO_MARK + "Demo-kontakt",
        "intro": f"<p>{DEMO_MARK}Genereret ud fra {seed_committee}s udmøntning til demonstration af aftalens sider.</p>",
        "effort_green_definition": seed_plan.effort_green_definition,
        "effort_yellow_definition": seed_plan.effort_yellow_definition,
        "effort_red_definition": seed_plan.effort_red_definition,
        "economy_intro": seed_plan.economy_intro,
        "economy_green_definition": seed_plan.economy_green_definition,
        "economy_red_definition": seed_plan.economy_red_definition,
    }


@transaction.atomic
def ensure_demo_committee_plan(seed_plan: ImplementationPlan) -> ImplementationPlan:
    """The demo committee's plan of the seed plan's agreement; created (with a milestone per
    round, texts as in the seed) only the first time. Idempotent."""
    committee, _created = Committee.objects.get_or_create(name=DEMO_COMMITTEE)
    plan, created = ImplementationPlan.objects.get_or_create(
        agreement=seed_plan.agreement, committee=committee, defaults=_plan_header(seed_plan, committee)
    )
    if not created:
        return plan
    for number, source in _chosen(seed_plan):
        copy = Initiative.objects.create(
            plan=plan,
            theme=source.theme,
            number=number,
            title=DEMO_MARK + source.title,
            kind=source.kind,
            description=source.description,
            responsible_department_id=source.responsible_department_id,
            responsible_committee=committee,
            contributors_text=source.contributors_text,
            implementation_note=source.implementation_note,
            economy_text=source.economy_text,
        )
        copy.contributors.set(source.contributors.all())
        Milestone.objects.bulk_create(
            Milestone(initiative=copy, round_id=milestone.round_id, text=milestone.text)
            for milestone in source.milestones.all()
        )
    return plan
