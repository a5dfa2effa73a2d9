"""Carrying this year's plan over to next year's agreement: service and page.

The source is round_plan (tests/conftest.py): five initiatives in themes 1, 3 and 7, four rounds."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import services as followup_services
from milepael.followup.models import Rating
from milepael.plans import services
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db


def all_initiatives(plan):
    return list(plan.initiatives.all())


def test_copies_initiatives_without_ratings_linked_with_themes_and_rounds(
    round_plan, administrator, open_round, ejendomme_reporter, own_initiative
):
    followup_services.save_rating(
        initiative=own_initiative, round_=open_round, user=ejendomme_reporter, data=GREEN, expected_version=0
    )
    report = services.carry_over(
        source_plan=round_plan, user=administrator, initiatives=all_initiatives(round_plan), new_agreement_year=2019
    )
    agreement = Agreement.objects.get(title="Aftale om budget 2019")
    assert agreement.budget_year == 2019
    assert report.agreement_created and report.plan_created
    plan = ImplementationPlan.objects.get(agreement=agreement, committee=round_plan.committee)
    assert plan.title == round_plan.title.replace("Aftale om budget 2018", "Aftale om budget 2019")
    source_count = round_plan.initiatives.count()
    assert plan.initiatives.count() == source_count == len(report.created)

    copy = plan.initiatives.get(number="3.04")
    assert copy.predecessor == own_initiative
    assert list(own_initiative.successors.all()) == [copy]
    for name in (
        "title",
        "kind",
        "description",
        "responsible_department_id",
        "responsible_committee_id",
        "contributors_text",
        "implementation_note",
        "economy_text",
    ):
        assert getattr(copy, name) == getattr(own_initiative, name), name
    assert set(copy.contributors.all()) == set(own_initiative.contributors.all())
    assert copy.theme.agreement == agreement
    assert (copy.theme.number, copy.theme.title) == (own_initiative.theme.number, own_initiative.theme.title)

    assert not Rating.objects.filter(initiative__plan=plan).exists()
    assert Rating.objects.filter(initiative=own_initiative).count() == 1

    themes = Theme.objects.filter(agreement=agreement).order_by("number")
    source_themes = Theme.objects.filter(agreement=round_plan.agreement).order_by("number")
    assert [(t.number, t.title) for t in themes] == [(t.number, t.title) for t in source_themes]
    assert list(FollowUpRound.objects.filter(agreement=agreement).values_list("name", flat=True)) == [
        "1. budgetopfølgning 2019",
        "2. budgetopfølgning 2019",
        "3. budgetopfølgning 2019",
        "31.12.2019",
    ]
    milestones = Milestone.objects.filter(initiative__plan=plan)
    assert milestones.count() == source_count * 4 == report.milestones_created
    assert all(m.is_blank for m in milestones)
    assert copy.history.first().history_user == administrator


def test_milestone_texts_copied_only_when_asked(round_plan, administrator, own_initiative):
    services.carry_over(
        source_plan=round_plan,
        user=administrator,
        initiatives=[own_initiative],
        new_agreement_year=2019,
        copy_milestone_texts=True,
    )
    copy = Initiative.objects.get(predecessor=own_initiative)
    old = {m.round.ordinal: m.text for m in own_initiative.milestones.all()}
    new = {m.round.ordinal: m.text for m in copy.milestones.all()}
    assert new == old and any(old.values())


def test_existing_target_agreement_keeps_its_rounds_and_themes(round_plan, administrator, own_initiative):
    agreement = Agreement.objects.create(title="Aftale om budget 2019", budget_year=2019)
    FollowUpRound.objects.create(agreement=agreement, ordinal=1, name="Halvårsopfølgning 2019")
    Theme.objects.create(agreement=agreement, number=own_initiative.theme.number, title="Nyt navn")
    report = services.carry_over(
        source_plan=round_plan, user=administrator, initiatives=[own_initiative], target_agreement=agreement
    )
    assert not report.agreement_created and report.rounds_created == [] and report.themes_created == []
    copy = Initiative.objects.get(predecessor=own_initiative)
    assert copy.theme.title == "Nyt navn"
    assert [m.round.name for m in copy.milestones.all()] == ["Halvårsopfølgning 2019"]


def test_running_again_skips_what_is_already_carried_over(round_plan, administrator, own_initiative):
    first = [own_initiative, Initiative.objects.get(number="7.11")]
    services.carry_over(source_plan=round_plan, user=administrator, initiatives=first, new_agreement_year=2019)
    report = services.carry_over(
        source_plan=round_plan, user=administrator, initiatives=all_initiatives(round_plan), new_agreement_year=2019
    )
    assert not report.agreement_created and not report.plan_created
    assert report.rounds_created == []
    assert [t.split(".")[0] for t in report.themes_created] == ["1"]  # 3 and 7 exist
    assert sorted(item.number for item in report.skipped) == ["3.04", "7.11"]
    assert all(item.reason == "er allerede videreført" for item in report.skipped)
    source_count = round_plan.initiatives.count()
    assert len(report.created) == source_count - 2
    assert Initiative.objects.filter(plan__agreement__budget_year=2019).count() == source_count
    assert FollowUpRound.objects.filter(agreement__budget_year=2019).count() == 4


def test_a_taken_number_is_skipped_not_overwritten(round_plan, administrator, own_initiative):
    services.carry_over(
        source_plan=round_plan, user=administrator, initiatives=[own_initiative], new_agreement_year=2019
    )
    Initiative.objects.filter(predecessor=own_initiative).update(predecessor=None, title="Egen indsats")
    report = services.carry_over(
        source_plan=round_plan, user=administrator, initiatives=[own_initiative], new_agreement_year=2019
    )
    assert [(i.number, i.reason) for i in report.skipped] == [("3.04", "nummeret findes allerede i den nye udmøntning")]
    assert Initiative.objects.get(plan__agreement__budget_year=2019, number="3.04").title == "Egen indsats"


def test_dry_run_writes_nothing(round_plan, administrator):
    counts = (Agreement.objects.count(), Initiative.objects.count(), Milestone.objects.count(), Theme.objects.count())
    report = services.carry_over(
        source_plan=round_plan,
        user=administrator,
        initiatives=all_initiatives(round_plan),
        new_agreement_year=2019,
        dry_run=True,
    )
    assert len(report.created) == round_plan.initiatives.count() and report.agreement_created
    assert len(report.rounds_created) == 4
    assert len(report.themes_created) == 3
    assert (
        Agreement.objects.count(),
        Initiative.objects.count(),
        Milestone.objects.count(),
        Theme.objects.count(),
    ) == counts


@pytest.mark.parametrize("who", ["reader", "ejendomme_reporter"])
def test_only_administrators_may_carry_over(request, round_plan, who, client):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.carry_over(
            source_plan=round_plan, user=user, initiatives=all_initiatives(round_plan), new_agreement_year=2019
        )
    client.force_login(user)
    url = reverse("plans:carry_over", args=[round_plan.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"target": "new", "confirm": "1"}).status_code == 403
    assert not Agreement.objects.filter(budget_year=2019).exists()
    assert "viderefoer" not in client.get(round_plan.get_absolute_url()).content.decode()


def test_page_flow_preview_then_confirm_then_links(staff_client, round_plan, own_initiative):
    url = reverse("plans:carry_over", args=[round_plan.pk])
    assert url == f"/udmoentninger/{round_plan.pk}/viderefoer/"
    assert url in staff_client.get(round_plan.get_absolute_url()).content.decode()

    page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ny aftale: Aftale om budget 2019 (budgetår 2019)" in html
    source_count = round_plan.initiatives.count()
    assert html.count('class="form-checkbox" type="checkbox" name="initiatives"') == source_count
    assert html.count(" checked>") == source_count  # all preselected; the milestone text option is off

    chosen = [own_initiative.pk, Initiative.objects.get(number="7.11").pk]
    preview = staff_client.post(url, {"target": "new", "initiatives": chosen})
    assert preview.status_code == 200
    text = html_to_text(preview.content.decode())
    assert "2 indsatser oprettes." in text
    assert "Aftalen »Aftale om budget 2019« oprettes." in text
    assert "Opfølgninger der oprettes: 1. budgetopfølgning 2019" in text
    assert "8 milepæle oprettes (tomme)" in text
    assert not Agreement.objects.filter(budget_year=2019).exists()

    hidden = preview.context["hidden_values"]
    data = {"confirm": "1", "target": "new", "initiatives": [v for k, v in hidden if k == "initiatives"]}
    confirm = staff_client.post(url, data)
    assert confirm.status_code == 302
    plan = ImplementationPlan.objects.get(agreement__budget_year=2019)
    assert confirm["Location"] == plan.get_absolute_url()
    assert sorted(plan.initiatives.values_list("number", flat=True)) == ["3.04", "7.11"]
    done = html_to_text(staff_client.get(confirm["Location"]).content.decode())
    assert "Videreført til »Aftale om budget 2019«: 2 indsatser oprettet, 0 sprunget over." in done

    copy = plan.initiatives.get(number="3.04")
    new_page = staff_client.get(copy.get_absolute_url()).content.decode()
    assert "Videreført fra 2018" in new_page and own_initiative.get_absolute_url() in new_page
    old_page = staff_client.get(own_initiative.get_absolute_url()).content.decode()
    assert "Videreført til 2019" in old_page and copy.get_absolute_url() in old_page

    # The new agreement now exists: it is preselected, and running again skips both.
    again = staff_client.get(url)
    assert "Ny aftale:" not in again.content.decode()
    agreement = Agreement.objects.get(budget_year=2019)
    assert again.context["form"]["target"].value() == str(agreement.pk)
    rerun = staff_client.post(url, {"target": str(agreement.pk), "initiatives": chosen})
    rerun_text = html_to_text(rerun.content.decode())
    assert "0 indsatser oprettes." in rerun_text and "er allerede videreført" in rerun_text
    assert "Gem videreførelsen" not in rerun_text


def test_page_requires_a_choice(staff_client, round_plan):
    url = reverse("plans:carry_over", args=[round_plan.pk])
    response = staff_client.post(url, {"target": "new"})
    assert response.status_code == 422
    assert "Vælg mindst én indsats." in response.content.decode()
    same = staff_client.post(url, {"target": str(round_plan.agreement_id), "initiatives": [1]})
    assert same.status_code == 422
