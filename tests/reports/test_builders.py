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
    # Two of them are the economy's amounts in force (adopted amounts, revisions).
    assert len(large.captured_queries) == len(small.captured_queries) <= 10


def test_file_names_are_ascii_and_danish_letters_are_spelled_out(rated_plan):
    assert build_plan_report(rated_plan, 2).filename("pdf") == (
        "opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget.pdf"
    )
    assert build_plan_report(rated_plan).filename("docx") == ("udmoentning-aftale-om-budget-2018-oekonomiudvalget.docx")


# --- the written summary, the rounds' own smileys, the charts, the report's own header ---


def test_the_summary_sentences_count_in_words_and_numbers():
    from milepael.reports.summary import economy_sentence, effort_sentence

    effort = {"green": 26, "yellow": 4, "red": 3, "none": 0, "unrated": 2}
    assert effort_sentence(effort) == (
        "Af de 35 indsatser har 26 en glad smiley for indsats, 4 en neutral og 3 en sur; 2 er ikke vurderet."
    )
    assert effort_sentence({"green": 0, "yellow": 1, "red": 0, "none": 2, "unrated": 0}) == (
        "Af de 3 indsatser har 1 en neutral smiley for indsats og 2 ingen milepæl i denne opfølgning."
    )
    assert effort_sentence({"green": 1, "yellow": 0, "red": 0, "none": 0, "unrated": 0}) == (
        "Af den ene indsats har 1 en glad smiley for indsats."
    )
    assert effort_sentence({"green": 0, "yellow": 0, "red": 0, "none": 0, "unrated": 35}) == (
        "Ingen af de 35 indsatser er vurderet endnu."
    )
    assert economy_sentence({"green": 30, "red": 3, "unrated": 2}) == (
        "For økonomien har 30 en glad smiley og 3 en sur; 2 er ikke vurderet."
    )
    assert economy_sentence({"green": 0, "red": 0, "unrated": 4}) == "Økonomien er ikke vurderet endnu."


def test_the_report_opens_with_the_summary_of_the_round(rated_plan):
    report = build_plan_report(rated_plan, 1)
    total = report.summary.total
    assert report.summary.text[0].startswith(f"Af de {total.initiatives} indsatser har {total.effort['green']} en glad")
    assert report.summary.text[1].startswith(f"For økonomien har {total.economy['green']} en glad smiley")
    assert report.summary.previous_round_name == "" and "første opfølgning" in report.summary.changes_text


def _block(report, number: str):
    return next(i for t in report.themes for i in t.initiatives if i.number == number)


def test_each_round_shows_its_own_smileys_with_their_comments_beside_them(rated_plan):
    report = build_plan_report(rated_plan, 2)
    rating = Rating.objects.get(initiative__number="3.04", round__ordinal=1)
    block = _block(report, "3.04")
    milestones = [row for row in block.rows if row.kind == "milestone"]
    economy = [row for row in block.rows if row.kind == "economy"]
    assert milestones[0].smiley.value == rating.effort
    if rating.effort_comment:
        assert [(r.label, r.text) for r in milestones[0].remarks] == [("Kommentar", rating.effort_comment)]
    # Round 2 is not approved for 3.04 (submitted): »Ikke vurderet«, never an older round's smiley.
    assert milestones[1].smiley.label == "Ikke vurderet" and milestones[1].remarks == []
    assert [row.time for row in economy[1:]] == ["1. budgetopfølgning 2018", "2. budgetopfølgning 2018"]
    assert economy[1].smiley.value == rating.economy
    assert economy[-1].smiley.label == "Ikke vurderet"
    assert [row.smiley for row in milestones[2:]] == [None, None]  # rounds after N are not due


def test_a_sur_economy_has_its_alternative_financing_beside_it(rated_plan):
    report = build_plan_report(rated_plan, 1)
    red = Rating.objects.filter(round__ordinal=1, economy="red").select_related("initiative").first()
    row = [r for r in _block(report, red.initiative.number).rows if r.kind == "economy"][1]
    assert row.smiley.label == "Sur"
    assert ("Alternativ finansiering", red.alternative_financing) in [(r.label, r.text) for r in row.remarks]


def test_changes_since_the_previous_round_list_better_and_worse_on_both_smileys(rated_plan, administrator):
    round_2 = FollowUpRound.objects.get(ordinal=2)
    Rating.objects.filter(round=round_2).delete()
    ratings = Rating.objects.filter(round__ordinal=1).select_related("initiative").order_by("initiative__sort_key")
    worse = ratings.filter(effort="green", economy="green").first()
    better = ratings.filter(economy="red").exclude(pk=worse.pk).first()
    for rating, effort, economy in ((worse, "red", worse.economy), (better, better.effort, "green")):
        Rating.objects.create(
            initiative=rating.initiative,
            round=round_2,
            effort=effort,
            effort_comment="x" if effort in ("yellow", "red") else "",
            economy=economy,
            status=Rating.Status.APPROVED,
        )
    summary = build_plan_report(rated_plan, 2).summary
    changes = [(c.number, c.aspect, c.before.label, c.after.label, c.better) for c in summary.changes]
    assert changes == [
        (better.initiative.number, "Økonomi", "Sur", "Glad", True),
        (worse.initiative.number, "Indsats", "Glad", "Sur", False),
    ]
    assert summary.changes_text == "Siden 1. budgetopfølgning 2018 er 1 smiley blevet bedre og 1 dårligere."


def test_the_charts_count_the_unrated_and_no_milestone_and_say_so(rated_plan):
    summary = build_plan_report(rated_plan, 2).summary
    effort, economy = summary.charts
    assert [s.key for s in effort.segments] == ["green", "yellow", "red", "none", "unrated"]
    assert [s.key for s in economy.segments] == ["green", "red", "unrated"]
    initiatives = rated_plan.initiatives.count()
    assert [sum(column) for column in zip(*(s.counts for s in effort.segments), strict=True)] == [initiatives] * 2
    assert "ingen milepæl" in effort.alt_text and "ikke vurderet" in effort.alt_text
    assert effort.table_header == ["Opfølgning", "Glad", "Neutral", "Sur", "Ingen milepæl", "Ikke vurderet"]
    assert effort.table[1][-1] == str(initiatives)  # round 2: none approved, all not rated


def test_the_header_is_the_reports_own_not_the_plans(rated_plan):
    import datetime

    from milepael.reports.document import ReportMeta

    rated_plan.case_id, rated_plan.date = "00.30.00-S00-9-16", datetime.date(2017, 12, 22)
    rated_plan.save()
    meta = ReportMeta(datetime.date(2018, 6, 1), "Kommunalbestyrelsen", datetime.date(2018, 6, 25), "00.01.00-A00-1-18")
    header = dict(build_plan_report(rated_plan, 1, meta=meta).header)
    assert header["Dato"] == "1. juni 2018" and header["Udvalg"] == "Kommunalbestyrelsen"
    assert header["Mødedato"] == "25. juni 2018" and header["Sagsid"] == "00.01.00-A00-1-18"
    default = dict(build_plan_report(rated_plan, 1).header)
    assert "Sagsid" not in default and "Mødedato" not in default  # the plan's case id is the plan's
    assert default["Udvalg"] == rated_plan.committee.name


def test_the_report_records_the_ratings_it_counted(rated_plan):
    used = build_plan_report(rated_plan, 1).ratings_used
    approved = Rating.objects.filter(round__ordinal=1, status=Rating.Status.APPROVED)
    assert used.count == approved.count() and used.latest_change == max(r.updated_at for r in approved)
    assert build_plan_report(rated_plan, 1).ratings_used == used  # the same ratings, the same fingerprint
    rating = approved.first()
    rating.effort_comment += " Rettet."
    rating.version += 1
    rating.save()
    assert build_plan_report(rated_plan, 1).ratings_used.fingerprint != used.fingerprint
    assert build_plan_report(rated_plan).ratings_used is None
