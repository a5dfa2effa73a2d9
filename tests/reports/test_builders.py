from django.db import connection
from django.test.utils import CaptureQueriesContext

from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, Initiative, Milestone
from milepael.reports.builders import build_plan_report
from tests.factories import InitiativeFactory


def test_the_summary_counts_match_the_approved_ratings(rated_plan):
    report = build_plan_report(rated_plan, 1)
    ratings = Rating.objects.filter(round__ordinal=1, status=Rating.Status.APPROVED)
    total = report.summary.total
    for value in ("green", "yellow", "red", "none"):
        assert total.effort[value] == ratings.filter(effort=value).count()
    for value in ("green", "red"):
        assert total.economy[value] == ratings.filter(economy=value).count()
    for theme in report.summary.by_theme:
        number = int(theme.label.split(".")[0])
        in_theme = ratings.filter(initiative__theme__number=number)
        assert theme.effort["yellow"] == in_theme.filter(effort="yellow").count()
        assert theme.economy["red"] == in_theme.filter(economy="red").count()
    assert sum(t.effort["green"] for t in report.summary.by_theme) == total.effort["green"]


def test_the_yellow_and_red_list_has_every_comment_and_alternative_financing(rated_plan):
    report = build_plan_report(rated_plan, 1)
    listed = {(item.number, item.aspect): item for item in report.summary.attention}
    for rating in Rating.objects.filter(round__ordinal=1).select_related("initiative"):
        if rating.effort in ("yellow", "red"):
            assert listed[(rating.initiative.number, "Indsats")].comment == rating.effort_comment
        if rating.economy == "red":
            item = listed[(rating.initiative.number, "Økonomi")]
            assert item.comment == rating.economy_comment
            assert item.alternative_financing == rating.alternative_financing
    assert len(listed) == len(report.summary.attention)


def test_only_approved_ratings_count_unless_submitted_ones_are_asked_for(rated_plan):
    approved_only = build_plan_report(rated_plan, 2)
    assert approved_only.summary.total.effort["yellow"] == 0
    assert "kun vurderinger, der er godkendt" in approved_only.rating_note
    with_submitted = build_plan_report(rated_plan, 2, include_submitted=True)
    assert with_submitted.summary.total.effort["yellow"] == 1
    assert with_submitted.summary.total.effort["red"] == 0  # the draft never counts
    block = next(i for t in with_submitted.themes for i in t.initiatives if i.number == "3.04")
    round_2_row = [row for row in block.rows if row.kind == "milestone"][1]
    assert round_2_row.smiley.pending and "ikke godkendt" in round_2_row.smiley.text


def test_the_followup_fills_smileys_of_rounds_up_to_n_and_the_latest_economy(rated_plan):
    report = build_plan_report(rated_plan, 1)
    block = next(i for t in report.themes for i in t.initiatives if i.number == "3.04")
    milestones = [row for row in block.rows if row.kind == "milestone"]
    assert [row.time for row in milestones] == list(
        FollowUpRound.objects.order_by("ordinal").values_list("name", flat=True)
    )
    assert milestones[0].smiley is not None and all(row.smiley is None for row in milestones[1:])
    economy = block.rows[-1]
    assert economy.kind == "economy" and economy.smiley is not None and economy.time == milestones[0].time
    plan_only = build_plan_report(rated_plan)
    assert plan_only.summary is None
    assert all(row.smiley is None for t in plan_only.themes for i in t.initiatives for row in i.rows)


def test_building_runs_a_fixed_number_of_queries(rated_plan):
    with CaptureQueriesContext(connection) as small:
        small_report = build_plan_report(rated_plan.pk, 1)
    rounds = list(FollowUpRound.objects.all())
    theme = Initiative.objects.filter(plan=rated_plan).first().theme
    for _index in range(20):
        initiative = InitiativeFactory(plan=rated_plan, theme=theme, number=f"9.{_index + 1:02d}")
        for round_ in rounds:
            Milestone.objects.create(initiative=initiative, round=round_, text="<p>Ekstra</p>")
        Rating.objects.create(
            initiative=initiative, round=rounds[0], effort="green", economy="green", status="approved"
        )
    with CaptureQueriesContext(connection) as large:
        report = build_plan_report(rated_plan.pk, 1)
    assert report.initiative_count == small_report.initiative_count + 20
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_file_names_are_ascii_and_danish_letters_are_spelled_out(rated_plan):
    assert build_plan_report(rated_plan, 2).filename("pdf") == (
        "opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget.pdf"
    )
    assert build_plan_report(rated_plan).filename("docx") == ("udmoentning-aftale-om-budget-2018-oekonomiudvalget.docx")
